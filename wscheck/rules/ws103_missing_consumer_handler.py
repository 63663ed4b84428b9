"""WS103 missing-consumer-handler: a Channels `group_send` type no consumer of the group handles."""

from __future__ import annotations

from wscheck.findings import Severity
from wscheck.rules.base import Rule, example

CONSUMER = """
    import json

    from channels.generic.websocket import AsyncWebsocketConsumer


    class ChatConsumer(AsyncWebsocketConsumer):
        async def connect(self):
            self.room_group_name = f"chat_{self.scope['url_route']['kwargs']['room_name']}"
            await self.channel_layer.group_add(self.room_group_name, self.channel_name)
            await self.accept()

        async def disconnect(self, close_code):
            await self.channel_layer.group_discard(self.room_group_name, self.channel_name)

        async def receive(self, text_data):
            message = json.loads(text_data)["message"]
            await self.channel_layer.group_send(self.room_group_name, {"type": "chat.message", "message": message})
    """
HANDLER = """
        async def chat_message(self, event):
            await self.send(text_data=json.dumps({"type": "chat", "message": event["message"]}))
    """
ROUTING = """
    from django.urls import re_path

    from chat import consumers

    websocket_urlpatterns = [
        re_path(r"ws/chat/(?P<room_name>\\w+)/$", consumers.ChatConsumer.as_asgi()),
    ]
    """


class MissingConsumerHandler(Rule):
    code = "WS103"
    name = "missing-consumer-handler"
    severity = Severity.ERROR
    summary = (
        "A Django Channels `group_send` whose `type` (`chat.message`) has no handler method "
        "(`chat_message`) on the consumers of that group."
    )
    why = (
        "Channels delivers a group message by calling the consumer method its type names, dots "
        "turned into underscores. With no such method the consumer raises \"No handler for message "
        "type\" at run time and its socket closes: the broadcast never reaches a client, and the "
        "client falls back to polling. Add the method (or fix the type's spelling). Consumers with "
        "a base class wscheck cannot read, or their own `dispatch`, are not judged."
    )
    bad = example(**{"chat/consumers.py": CONSUMER, "chat/routing.py": ROUTING})
    good = example(**{"chat/consumers.py": CONSUMER.rstrip() + "\n" + HANDLER, "chat/routing.py": ROUTING})

    def check(self, project, settings):
        for missing in project.missing_handlers:
            group = f" to group '{missing.group}'" if missing.group else ""
            consumers = ", ".join(missing.consumers)
            yield self.finding(
                missing.location,
                f"group_send{group} of type '{missing.type}' has no handler: {consumers} defines no "
                f"`{missing.method}` method, so Channels raises \"No handler for message type\"",
                message_type=missing.type,
            )
