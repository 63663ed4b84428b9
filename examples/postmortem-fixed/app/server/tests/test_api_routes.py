from fastapi.testclient import TestClient

from main import app

client = TestClient(app)


def test_system_status_reports_every_service():
    response = client.get("/api/v1/system-status")

    assert response.status_code == 200
    body = response.json()
    assert body["overall_status"] in {"healthy", "degraded", "error"}
    assert set(body["services"]) == {"backend", "database", "disk", "webhook"}


def test_webhook_status_without_state_file():
    response = client.get("/api/v1/webhook-status")

    assert response.status_code == 200
    assert response.json()["status"] in {"unknown", "healthy", "degraded"}


def test_queue_lists_items():
    response = client.get("/api/v1/queue")

    assert response.status_code == 200
    assert response.json()["total"] == len(response.json()["items"])


def test_routes_lists_http_api():
    paths = {route["path"] for route in client.get("/api/v1/routes").json()}

    assert "/api/v1/system-status" in paths
    assert "/api/v1/queue" in paths
