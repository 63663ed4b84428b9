from django.urls import path

from dashboard import consumers

websocket_urlpatterns = [
    path("ws/jobs/", consumers.JobsConsumer.as_asgi()),
    path("ws/system-status/", consumers.SystemStatusConsumer.as_asgi()),
]
