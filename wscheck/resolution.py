"""Resolution helpers the demand (roughly, to choose which files to parse) and the model
(exactly, to build the contract) share, so that the two read the facts alike: which
parameter a call's argument binds, and which types the client handles concern its socket."""

from __future__ import annotations

from wscheck.facts import CallSite, Function, HandledKind, HandledType, Value

BOUND_FIRST = ("self", "cls")  # a method's first parameter, bound by the call on its object or class
# Words in the name of an interface or type alias whose `type:` field is a message's type
# (a `type: 'submit'` prop of a button is not one).
MESSAGE_CONTAINER_WORDS = ("message", "event", "ws", "socket", "payload", "notification", "update")


def positional_params(callee: Function) -> tuple[str, ...]:
    """The parameters a call's positional arguments go to, in order (a method's `self` or
    `cls` is bound already; a static method's first parameter is not)."""
    params = callee.params
    if callee.is_method and params and params[0] in BOUND_FIRST:
        return params[1:]
    return params


def bound_arguments(call: CallSite, callee: Function) -> dict[str, Value]:
    """Parameter name -> the value the call hands it."""
    params = positional_params(callee)
    bindings = dict(zip(params, call.args))
    bindings.update((name, value) for name, value in call.kwargs if name in params)
    return bindings


def params_at(callee: Function, slots: frozenset) -> set[str]:
    """The parameter names that receive the given arguments (positions and keywords)."""
    positional = positional_params(callee)
    return {positional[s] if isinstance(s, int) else s for s in slots if isinstance(s, str) or s < len(positional)}


def concerns_socket(handled: HandledType, in_socket_module: bool) -> bool:
    """Whether a type the client handles certainly concerns the socket: a `type:` field of
    a message-like interface, or a comparison, case or listener in a module that opens or
    uses a socket."""
    if handled.kind is HandledKind.TYPE:
        container = (handled.container or "").lower()
        return any(word in container for word in MESSAGE_CONTAINER_WORDS)
    return in_socket_module
