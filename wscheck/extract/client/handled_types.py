"""Handled types: the handlers of the client walk that note the message types a client
handles (comparisons, switch cases, type signatures, socket listeners) as `HandledType`s
(a mixin of the extraction)."""

from __future__ import annotations

from wscheck.extract.client import contract, sites, sockets
from wscheck.extract.client.nodes import Node, string_value
from wscheck.extract.client.values import member_of
from wscheck.facts import HandledKind, HandledType, Ref, Str, Value


class TypeHandlers:
    """Needs the extraction's `scopes`, `evaluator`, `loc`, `module`, `info`, `handled`,
    `socket_names`, `ngx_imports` and `_constant`."""

    def _compared(self, node: Node, depth: int) -> bool:
        self._types(sites.compared_types(node), HandledKind.COMPARISON)
        return True

    def _switch(self, node: Node, depth: int) -> bool:
        self._types(sites.switch_types(node), HandledKind.CASE)
        return True

    def _signature(self, node: Node, depth: int) -> bool:
        self._types(sites.signature_types(node), HandledKind.TYPE, contract.container_name(node))
        return True  # `payload: { type: 'x' }` nests another signature

    def _listener(self, call: Node) -> None:
        """`socket.on('T', ...)`, also `socket.on(Events.T, ...)` through a constant."""
        event = sockets.listened_event(call, self.socket_names, this_is_socket=bool(self.ngx_imports))
        if event is None:
            return
        if event.type == "string":
            name = string_value(event)
        else:
            value = self._local_constant(self.evaluator.value(event, self.scopes[-1]))
            name = value.text if isinstance(value, Str) else None
        if name and not sockets.is_transport_event(name):
            self.handled.append(HandledType(name, self.loc(event), HandledKind.LISTENER, function=self.scopes[-1].function))

    def _local_constant(self, value: Value) -> Value:
        """A `Ref` to this module's own constant (`EVENTS.JOB_DONE`) evaluated here; others
        (imported constants) stay as they are."""
        if not isinstance(value, Ref) or value.module != self.module:
            return value
        head, *rest = value.name.split(".")
        binding = dict(self.info.constants).get(head)
        if binding is None:
            return value
        result = self._constant(binding, head)
        for prop in rest:
            result = member_of(result, prop, value.name)
        return result

    def _types(self, literals: list[Node], kind: HandledKind, container: str | None = None) -> None:
        for literal in literals:
            function = self.scopes[-1].function
            self.handled.append(HandledType(string_value(literal), self.loc(literal), kind, container, function))
