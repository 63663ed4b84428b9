import pytest
from fastapi.testclient import TestClient

from main import app

# Every channel must accept a connection and send its snapshot straight away.
CHANNELS = [
    ("/api/v1/ws/workflows", "workflows_update"),
    ("/api/v1/ws/routes", "routes_update"),
    ("/api/v1/ws/workflow-history", "workflow_history_update"),
    ("/api/v1/ws/adw-monitor", "adw_monitor_update"),
    ("/api/v1/ws/queue", "queue_update"),
    ("/api/v1/ws/planned-features", "planned_features_update"),
    ("/api/v1/ws/system-status", "system_status_update"),
    ("/api/v1/ws/webhook-status", "webhook_status_update"),
]


@pytest.fixture
def client() -> TestClient:
    # No `with`: the lifespan (and its background watchers) is not needed here.
    return TestClient(app)


@pytest.mark.parametrize("path,message_type", CHANNELS)
def test_websocket_connects_and_sends_initial_data(client, path, message_type):
    with client.websocket_connect(path) as websocket:
        message = websocket.receive_json()

    assert message["type"] == message_type
    assert "data" in message


@pytest.mark.parametrize("path", [path for path, _ in CHANNELS])
def test_websocket_answers_ping(client, path):
    with client.websocket_connect(path) as websocket:
        websocket.receive_json()
        websocket.send_text("ping")
        assert websocket.receive_json() == {"type": "pong"}
