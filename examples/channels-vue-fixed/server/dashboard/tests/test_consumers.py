import pytest
from channels.testing import WebsocketCommunicator

from opsboard.asgi import application


@pytest.mark.asyncio
@pytest.mark.django_db(transaction=True)
async def test_jobs_socket_sends_a_snapshot():
    communicator = WebsocketCommunicator(application, "/ws/jobs/")
    connected, _ = await communicator.connect()
    assert connected
    message = await communicator.receive_json_from()
    assert message["type"] == "jobs_update"
    await communicator.disconnect()


@pytest.mark.asyncio
async def test_system_status_socket_sends_a_snapshot():
    communicator = WebsocketCommunicator(application, "/ws/system-status/")
    connected, _ = await communicator.connect()
    assert connected
    message = await communicator.receive_json_from()
    assert message["type"] == "system_status_update"
    await communicator.disconnect()
