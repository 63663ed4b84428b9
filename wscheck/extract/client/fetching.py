"""Fetching: whether a timer's or a stream's callback makes an HTTP call — a fetch-like
call, a query refetch, a service method, or a project function the model looks into."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from wscheck.extract.client import contract
from wscheck.extract.client.idioms import held_function
from wscheck.extract.client.nodes import FUNCTION_TYPES, Node, callee_of, last_name, member_property, text, unwrap
from wscheck.extract.client.scope import Expr, Known, Member, Scope
from wscheck.facts import Bool, Param, Ref, Value
from wscheck.modules import CONVENTIONAL_PATTERNS, is_project_module
from wscheck.polling_words import fetching_name, upkeep_name

# Query-library calls that refetch over HTTP: TanStack, SWR, Apollo, RTK Query.
REFETCH_CALLS = frozenset(
    {"refetch", "refetchQueries", "invalidateQueries", "resetQueries", "revalidate", "mutate", "invalidateTags"}
)
# Not `client` or `socket`: `wsClient.send("ping")` on a timer is a heartbeat, not polling.
_HTTP_RECEIVERS = frozenset({"http", "httpclient", "axios", "api", "apiclient", "ky", "$http"})
_SERVICE_SUFFIXES = ("service", "api", "repository")

YES = Bool(True)
NO = Bool(False)
_MAX_DEPTH = 3


class Verdicts:
    """Judges callbacks of one file; project functions are left to the model as `Ref`s."""

    def __init__(self, evaluator, module: str, functions: dict[str, Node], aliases: tuple[str, ...] = CONVENTIONAL_PATTERNS) -> None:
        self.evaluator = evaluator
        self.module = module
        self.functions = functions  # this module's top-level functions by name
        self.aliases = aliases  # the specifiers that name project modules (tsconfig paths)

    def callback(self, node: Node | None, scope: Scope, depth: int = 0) -> Value:
        """YES, NO, a project function's `Ref`, or a hook parameter's `Param`."""
        node = unwrap(node) if node is not None else None
        if node is None or depth > _MAX_DEPTH:
            return NO
        named = last_name(node) if node.type in ("identifier", "member_expression") else None
        if named is not None and upkeep_name(named):
            return NO  # `setInterval(refreshToken, ...)` keeps a session, it does not poll data
        if node.type in FUNCTION_TYPES:
            return self.body(node, scope)
        if node.type == "identifier":
            return self._named(text(node), scope)
        if node.type == "member_expression":
            return self._method(node, scope)
        if node.type == "call_expression":  # `setInterval(load.bind(this), ms)`, `useCallback(fn)`
            callee = callee_of(node)
            if last_name(callee) == "bind" and callee.type == "member_expression":
                return self.callback(callee.child_by_field_name("object"), scope, depth + 1)
            held = held_function(node)
            if held is not None:
                return self.body(held, scope)
        return NO

    def function_of(self, node: Node, scope: Scope) -> Node | None:
        """The function a callback is: inline, a local `const`, or a top-level one here."""
        node = unwrap(node)
        if node.type in FUNCTION_TYPES:
            return node
        if node.type != "identifier":
            return None
        found = scope.lookup(text(node))
        binding = found[1] if found is not None else None
        if isinstance(binding, Expr) and held_function(binding.node) is not None:
            return held_function(binding.node)
        if isinstance(binding, Known) and isinstance(binding.value, Ref) and binding.value.module == self.module:
            return self.functions.get(binding.value.name)
        return None

    def body(self, function: Node, scope: Scope) -> Value:
        """What the calls inside a function body show (nested callbacks included), and
        those of the local functions it calls, transitively. A worklist with a visited set,
        not recursion: a function that calls itself, re-arms itself or is one link of a
        500-deep chain must cost one visit each, never Python's stack."""
        deferred: Value = NO
        pending, seen = deque([function]), {function.id}
        while pending:
            stack = [pending.popleft().child_by_field_name("body")]
            while stack:
                node = stack.pop()
                if node is None:
                    continue
                if node.type == "call_expression":
                    verdict = self._call(node, scope)
                    if isinstance(verdict, Callee):
                        if verdict.node.id not in seen:
                            seen.add(verdict.node.id)
                            pending.append(verdict.node)
                        continue  # its own calls are looked at when its turn comes
                    if verdict == YES:
                        return YES
                    if deferred == NO and verdict != NO:
                        deferred = verdict
                stack.extend(node.named_children)
        return deferred

    def _call(self, call: Node, scope: Scope) -> "Value | Callee":
        callee = unwrap(callee_of(call))
        if callee is None or upkeep_name(last_name(callee) or ""):
            return NO
        url = contract.fetched_url(call)
        if url is not None:
            return NO if upkeep_name(text(url)) else YES
        if callee.type == "identifier":
            name = text(callee)
            if name in contract.FETCH_CALLS or name in REFETCH_CALLS:
                return YES
            return self._target(name, scope)
        if callee.type == "member_expression":
            return self._method(callee, scope)
        return NO

    def _method(self, member: Node, scope: Scope | None = None) -> Value:
        """`this.http.get(...)`, `statusService.getStatus()`, `query.refetch()`, `this.loadData`."""
        prop = member_property(member) or ""
        if prop == "current" and scope is not None:
            return self._ref_target(member, scope)
        if prop in REFETCH_CALLS or prop in contract.FETCH_METHODS and _receiver_is_http(member):
            return YES
        receiver = unwrap(member.child_by_field_name("object"))
        receiver_name = (last_name(receiver) or "").lower() if receiver is not None else ""
        if receiver_name in _HTTP_RECEIVERS or receiver_name.endswith(_SERVICE_SUFFIXES):
            return YES
        return YES if fetching_name(prop) else NO

    def _ref_target(self, member: Node, scope: Scope) -> Value:
        """`saved.current()` with `saved = useRef(callback)` or `saved.current = callback`:
        the callback the ref holds (the classic `useInterval` hook)."""
        receiver = unwrap(member.child_by_field_name("object"))
        if receiver is None or receiver.type != "identifier":
            return NO
        name = text(receiver)
        found = scope.lookup(name)
        if found is None or not isinstance(found[1], Expr):
            return NO
        declaration = unwrap(found[1].node)
        held: list[Node] = []
        if declaration.type == "call_expression":
            arguments = declaration.child_by_field_name("arguments")
            held.extend(arguments.named_children[:1] if arguments is not None else [])
        function = declaration.parent
        while function is not None and function.type not in FUNCTION_TYPES:
            function = function.parent
        stack = [function] if function is not None else []
        while stack:  # `saved.current = callback` anywhere in the hook
            node = stack.pop()
            if node.type == "assignment_expression":
                left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
                if left is not None and right is not None and text(left) == f"{name}.current":
                    held.append(right)
            stack.extend(node.named_children)
        for value in held:
            value = unwrap(value)
            function = held_function(value)  # `useRef(async () => ...)` holds it inline
            if function is not None:
                verdict = self.body(function, scope)
            elif value.type == "identifier":
                verdict = self._named(text(value), scope)
            else:
                continue
            if verdict != NO:
                return verdict
        return NO

    def named(self, name: str, scope: Scope) -> Value:
        """What calling the function a name holds shows."""
        return self._named(name, scope)

    def _named(self, name: str, scope: Scope) -> Value:
        target = self._target(name, scope)
        return self.body(target.node, scope) if isinstance(target, Callee) else target

    def local(self, name: str, scope: Scope) -> Node | None:
        """The function of this file that calling `name` runs, if it is one."""
        target = self._target(name, scope)
        return target.node if isinstance(target, Callee) else None

    def _target(self, name: str, scope: Scope) -> "Value | Callee":
        """What calling `name` shows: a local function to look into (`Callee`), a project
        function's `Ref` for the model, a hook parameter's `Param`, or a verdict."""
        found = scope.lookup(name)
        if found is None:
            return YES if fetching_name(name) else NO
        _owner, binding = found
        if isinstance(binding, Expr):
            held = held_function(binding.node)  # also `useCallback(fn)`, `useMemo(() => fn)`
            if held is not None:
                return Callee(held)
        if isinstance(binding, Member) and len(binding.path) == 1:
            return self._member(binding.node, binding.path[0], name, scope)
        if isinstance(binding, Known):
            value = binding.value
            if isinstance(value, Ref):
                if value.module == self.module:
                    function = self.functions.get(value.name)
                    if function is not None:
                        return Callee(function)
                elif is_project_module(value.module, self.aliases):
                    return value  # the model looks into it
                return NO  # a package's function: not ours to judge
            if isinstance(value, Param):
                return value
        return YES if fetching_name(name) else NO


    def _member(self, initializer: Node, prop: str, name: str, scope: Scope) -> Value:
        """`const { refetch } = useQuery(...)`, `const { doFetch } = useOrdersApi()`: a query's
        refetch fetches; a project hook's member is judged by the model from what the hook
        returns (`Ref(module, "useOrdersApi.doFetch")`); a package's by its name."""
        call = unwrap(initializer)
        if prop in REFETCH_CALLS:
            return YES
        by_name = YES if fetching_name(prop) or fetching_name(name) else NO
        called = unwrap(callee_of(call)) if call.type == "call_expression" else None
        if called is None or called.type != "identifier":
            return by_name
        found = scope.lookup(text(called))
        value = found[1].value if found is not None and isinstance(found[1], Known) else None
        if isinstance(value, Ref) and (value.module == self.module or is_project_module(value.module, self.aliases)):
            if value.module != self.module or value.name in self.functions:
                return Ref(value.module, f"{value.name}.{prop}")
        return by_name


@dataclass(frozen=True)
class Callee:
    """A function of this file that a body calls: judged by its own body, once."""

    node: Node


def _receiver_is_http(member: Node) -> bool:
    receiver = unwrap(member.child_by_field_name("object"))
    return receiver is not None and (last_name(receiver) or "").lower() in _HTTP_RECEIVERS
