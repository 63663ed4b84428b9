import asyncio

import pytest
import socketio

SERVER = "http://localhost:8000"


@pytest.mark.asyncio
async def test_metrics_namespace_sends_a_snapshot():
    client = socketio.AsyncClient()
    received = asyncio.get_running_loop().create_future()
    client.on("metrics_update", lambda data: received.set_result(data), namespace="/metrics")
    await client.connect(SERVER, namespaces=["/metrics"])
    assert "cpu_percent" in await asyncio.wait_for(received, 5)
    await client.disconnect()


@pytest.mark.asyncio
async def test_deploys_namespace_sends_a_snapshot():
    client = socketio.AsyncClient()
    received = asyncio.get_running_loop().create_future()
    client.on("deploys_update", lambda data: received.set_result(data), namespace="/deploys")
    await client.connect(SERVER, namespaces=["/deploys"])
    assert isinstance(await asyncio.wait_for(received, 5), list)
    await client.disconnect()
