"""Server extraction's visitor: one parsed module -> its symbols, classes, functions (with what
each sends, broadcasts, calls and receives), routes and handshakes. The driver (decoding, the
skeleton, the parse) is extract.server.extractor."""

from __future__ import annotations

import fnmatch

import libcst as cst

from wscheck.extract.server import channels, fastapi, pubsub
from wscheck.extract.server.errors import silent_except
from wscheck.extract.server.frameworks import Frameworks
from wscheck.extract.server.options import ServerOptions
from wscheck.extract.server.plain_sockets import RECEIVE_METHODS
from wscheck.extract.server.loops import Loop, LoopState, loop_kind, loop_state, target_names
from wscheck.extract.server.positions import Starts
from wscheck.extract.server.scopes import collect_locals, module_names, read_imports
from wscheck.extract.server.values import Scope, argument, callee_of, called_name, dotted, literal_values
from wscheck.extract.server.walk import walk
from wscheck.facts import (
    PAYLOAD_KEYWORDS, Call, ClassDef, Emit, EmitKind, Function, Handshake, Location, LoopKind, Message, Opaque, Param, Ref,
    SilentExcept, Symbol, contains_param,
)


def _callers_data(site: dict) -> bool:
    """The message (or its type) is handed in by the caller: the endpoint's own data passed to
    a connection helper, sent whatever the client said first. A reply is composed where the
    client's message is read; it is never the endpoint's data."""
    payload = site["args"][0] if site["args"] else next((v for k, v in site["kwargs"] if k in PAYLOAD_KEYWORDS), None)
    if isinstance(payload, Param):
        return True
    return isinstance(payload, Message) and payload.type is not None and contains_param(payload.type)


class _Frame:
    """A function being visited: its scope and what it emits and calls."""

    def __init__(self, scope: Scope, location: Location, params: tuple[str, ...], is_method: bool, decorated: bool):
        self.decorated = decorated
        self.scope = scope
        self.location = location
        self.params = params
        self.is_method = is_method
        self.emits: list[Emit] = []
        self.calls: list[Call] = []
        self.silent: list[SilentExcept] = []
        self.role = None  # HandlerRole of a framework socket class's method
        self.opens_socket = False
        self.prepares = False  # prepares a response (aiohttp `await ws.prepare(request)`)
        self.received = False  # a receive call seen so far, in source order, that a send may answer
        self.receives = False  # any receive call: it waits for the socket's messages
        self.accepts = False  # accepts a socket it was handed (`await websocket.accept()`): a handshake


class ModuleVisitor(cst.CSTVisitor):
    """Symbols, classes, functions with their emits and calls; routes go to `fastapi.Routes`."""

    def __init__(self, path, module, is_package, tree, options: ServerOptions, line_map, lines, annotations):
        super().__init__()
        self.path, self.module, self.options, self.is_package = path, module, options, is_package
        self.line_map, self.lines, self.annotations = line_map, lines, annotations
        self.starts = Starts(tree)
        self.imports = read_imports(tree, module, is_package)
        self.module_scope = Scope(module, options.type_keys, self.imports, module_names(tree))
        self.broadcast_patterns = options.broadcast_functions
        self.symbols: list[Symbol] = []
        self.classes: list[ClassDef] = []
        self.functions: list[Function] = []
        self.frameworks = Frameworks(module, self.imports, self.loc, lambda name: self._loop_state(name).fan_out)
        self.routes = fastapi.Routes(module, self.loc, self.imports, active=not self.frameworks.owns_websocket_routes)
        self.containers: list[object] = []  # class names (str) and function frames
        self.names: list[str] = []  # the dotted path of the current scope
        self.context: list[object] = []  # Loop entries, "try" and "function" markers, innermost last
        self.optional_waits: list[cst.Call] = []  # `wait_for(...)` calls being visited

    # --- positions -------------------------------------------------------------------
    def loc(self, node: cst.CSTNode) -> Location:
        line, column = self.starts.of(node)
        if self.line_map:
            line = self.line_map[line - 1]
        return Location(self.path, line, column + 1)

    def def_loc(self, node: cst.FunctionDef | cst.ClassDef) -> Location:
        line = self.loc(node.name).line
        text = self.lines[line - 1] if line <= len(self.lines) else ""
        return Location(self.path, line, len(text) - len(text.lstrip()) + 1)

    # --- scopes ----------------------------------------------------------------------
    @property
    def frame(self) -> _Frame | None:
        for container in reversed(self.containers):
            if isinstance(container, _Frame):
                return container
        return None

    @property
    def scope(self) -> Scope:
        frame = self.frame
        return frame.scope if frame else self._class_scope()

    def _class_scope(self) -> Scope:
        classes = [c for c in self.containers if isinstance(c, str)]
        if not classes:
            return self.module_scope
        return Scope(self.module, self.options.type_keys, self.imports, self.module_scope.module_names, ".".join(classes))

    def _qualname(self, name: str) -> str:
        return f"{self.module}:{'.'.join([*self.names, name])}"

    # --- classes and module-level bindings ------------------------------------------
    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        if self.frame is None:
            scope = self.scope
            owner = ".".join(c for c in self.containers if isinstance(c, str))
            name = f"{owner}.{node.name.value}" if owner else node.name.value
            self.classes.append(ClassDef(
                name, tuple(scope.value(b.value) for b in node.bases), self.def_loc(node), self.frameworks.framework_bases(node),
            ))
        self.frameworks.enter_class(node, ".".join([*self.names, node.name.value]), self.def_loc(node), self.scope)
        self.containers.append(node.name.value)
        self.names.append(node.name.value)

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.frameworks.leave_class()
        self.containers.pop()
        self.names.pop()

    def visit_Assign(self, node: cst.Assign) -> None:
        if self.frame is not None:
            self.frameworks.method_assign(node, self.scope, self.loc(node))
            for target in node.targets:
                if isinstance(target.target, cst.Name):
                    self.routes.local_binding(target.target.value, node.value, self.loc(node), self.frame.scope)
                    self.frameworks.local_binding(target.target.value, node.value, self.loc(node), self.frame.scope)
            return
        owner = ".".join(c for c in self.containers if isinstance(c, str))
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self._bind(owner, target.target.value, node.value, node)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        """`websocket_urlpatterns += [...]`: more routes on the same list."""
        if self.frame is None and not self.containers and isinstance(node.target, cst.Name):
            self.frameworks.binding(node.target.value, node.value, self.loc(node), self.scope)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if not isinstance(node.target, cst.Name):
            return
        if self.frame is not None:  # `routes: list[BaseRoute] = [...]` in an app factory
            if node.value is not None:
                self.routes.local_binding(node.target.value, node.value, self.loc(node), self.frame.scope)
            return
        owner = ".".join(c for c in self.containers if isinstance(c, str))
        value = node.value
        if isinstance(value, cst.Call) and called_name(value) == "Field":  # pydantic Field("x")
            value = argument(value, 0, "default")
        if value is not None:
            self._bind(owner, node.target.value, value, node)
        elif owner:  # `type: Literal["status_update"]`: a model field with one possible value
            literal = literal_values(node.annotation.annotation)
            if literal is not None:
                self.symbols.append(Symbol(f"{owner}.{node.target.value}", literal, self.loc(node)))

    def _bind(self, owner: str, name: str, value: cst.BaseExpression, node: cst.CSTNode) -> None:
        dotted_name = f"{owner}.{name}" if owner else name
        location = self.loc(node)
        self.symbols.append(Symbol(dotted_name, self.scope.value(value), location))
        self.routes.binding(dotted_name, value, location, self.scope)
        if not owner:
            self.frameworks.binding(dotted_name, value, location, self.scope)

    # --- functions -------------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        outer = self.scope
        qualname = self._qualname(node.name.value)
        params = tuple(p.name.value for p in _all_params(node.params))
        is_method = bool(self.containers) and isinstance(self.containers[-1], str)
        locals_, local_types, nested, imported = collect_locals(node.body, self.module, self.is_package)
        imports = {**outer.imports, **imported} if imported else outer.imports
        scope = Scope(
            self.module, self.options.type_keys, imports, self.module_scope.module_names,
            outer.class_name, qualname, frozenset(params), locals_, local_types, nested=nested,
        )
        location = self.def_loc(node)
        self.routes.function(node, qualname, location, outer)
        self.frameworks.function(node, qualname, location, outer)
        if is_method:
            self.frameworks.method_returns(node, scope, location)
        frame = _Frame(scope, location, params, is_method, bool(node.decorators))
        frame.role = self.frameworks.method_role(node.name.value) if is_method else None
        self.containers.append(frame)
        self.names.append(node.name.value)
        self.context.append("function")

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        frame = self.containers.pop()
        self.names.pop()
        self.context.pop()
        assert isinstance(frame, _Frame)
        if frame.accepts and not self.containers:  # a module-level function that accepts the socket it is handed
            function = (frame.scope.function or "").split(":", 1)[-1]
            self.frameworks.handshakes.append(Handshake(Ref(self.module, function), frame.location, self.routes.framework))
        self.frameworks.leave_function(frame.scope.function or "", frame.location, frame.opens_socket and frame.prepares)
        self.functions.append(
            Function(
                frame.scope.function or "", frame.location, frame.params, frame.is_method,
                tuple(frame.emits), tuple(frame.calls), tuple(frame.silent), frame.decorated, frame.receives,
                role=frame.role, opens_socket=frame.opens_socket,
            )
        )

    def visit_Decorator(self, node: cst.Decorator) -> bool:
        return False  # decorators are read by visit_FunctionDef; they are not calls in the body

    # --- loops and try blocks --------------------------------------------------------
    def visit_While(self, node: cst.While) -> None:
        self.context.append(Loop(*loop_kind(node), frozenset()))

    def leave_While(self, node: cst.While) -> None:
        self.context.pop()

    def visit_For(self, node: cst.For) -> None:
        self.context.append(Loop(*loop_kind(node), target_names(node.target)))
        self.routes.for_loops.append(node)

    def leave_For(self, node: cst.For) -> None:
        self.context.pop()
        self.routes.for_loops.pop()

    def _visit_comprehension(self, node) -> None:
        names: set[str] = set()
        comp = node.for_in
        while comp is not None:
            names |= target_names(comp.target)
            comp = comp.inner_for_in
        self.context.append(Loop(LoopKind.NONE, False, frozenset(names), fan_out_only=True))

    def _leave_comprehension(self, node) -> None:
        self.context.pop()

    visit_ListComp = visit_GeneratorExp = visit_SetComp = _visit_comprehension
    leave_ListComp = leave_GeneratorExp = leave_SetComp = _leave_comprehension

    def visit_List(self, node: cst.List) -> None:
        self.frameworks.sequence(node, self.scope)  # a route table, maybe (Tornado)
        self.routes.enter_sequence(node, self.scope)  # a Starlette route list bound to a name, maybe

    def leave_List(self, node: cst.List) -> None:
        self.routes.leave_sequence(node)

    visit_Tuple = visit_Set = visit_List
    leave_Tuple = leave_Set = leave_List

    def visit_Return(self, node: cst.Return) -> None:
        if self.frame is not None and node.value is not None:
            self.routes.returning(node.value, self.loc(node), self.frame.scope)

    def visit_If(self, node: cst.If) -> bool:
        """`if False:` code never runs: a broadcast there is not broadcasting logic."""
        test = node.test
        never = (isinstance(test, cst.Name) and test.value in ("False", "None")) or (
            isinstance(test, cst.Integer) and test.value == "0"
        )
        if never:
            if node.orelse is not None:
                walk(node.orelse, self)
            return False
        return True

    def visit_ExceptHandler(self, node: cst.ExceptHandler) -> None:
        frame = self.frame
        if frame is not None:
            found = silent_except(node)
            if found is not None:
                frame.silent.append(SilentExcept(self.loc(node), *found))

    def visit_Try(self, node: cst.Try) -> None:
        if node.handlers:
            self.context.append("try")

    def leave_Try(self, node: cst.Try) -> None:
        if node.handlers:
            self.context.pop()

    def _loop_state(self, receiver: str | None) -> LoopState:
        return loop_state(self.context, receiver)

    # --- calls -----------------------------------------------------------------------
    def visit_Call(self, node: cst.Call) -> None:
        name, func = called_name(node), node.func
        wrapped = channels.unwrap_sync(node) if name is None else None
        if wrapped is not None:  # `async_to_sync(channel_layer.group_send)(group, event)`
            inner = wrapped.attr.value if isinstance(wrapped, cst.Attribute) else getattr(wrapped, "value", None)
            name, func = (inner, wrapped) if isinstance(inner, str) else (None, func)
        if name is None:
            return
        self.routes.enter_call(node, name, self.scope)
        if name in fastapi.OPTIONAL_WAITS:
            self.optional_waits.append(node)
        if name in fastapi.ACCEPT_METHODS and self.frame is not None and self._on_param(node.func):
            self.frame.accepts = True
        if name in RECEIVE_METHODS and isinstance(node.func, cst.Attribute) and self.frame is not None:
            self.frame.receives = True
            # `wait_for(ws.receive_text(), timeout=2)`: the send after it happens whether or
            # not the client spoke, so it answers nothing (the post-mortem's `client_ready`)
            self.frame.received |= not self.optional_waits
        framework = self.frameworks.emit(node, name, self.scope)
        if framework is not None and framework[0] is not None:
            self._emit(node, name, framework[0], func, **framework[1])
        elif framework is not None:  # a client emitting to its server: an ordinary call
            if self.frame is not None:
                self._call(node, name)
        elif wrapped is not None and any(fnmatch.fnmatchcase(name, p) for p in self.broadcast_patterns):
            self._emit(node, name, EmitKind.BROADCAST, func)
        elif name in fastapi.SEND_METHODS and isinstance(node.func, cst.Attribute):
            self._emit(node, name, EmitKind.SEND)
        elif any(fnmatch.fnmatchcase(name, pattern) for pattern in self.broadcast_patterns):
            self._emit(node, name, EmitKind.BROADCAST)
        elif self.routes.call(node, name, self.scope) or self.frameworks.call(node, name, self.scope):
            pass
        elif self.frame is not None:
            self._call(node, name)

    def _on_param(self, func: cst.BaseExpression) -> bool:
        """`websocket.accept()` on the function's own parameter (not `self.accept()`)."""
        receiver = dotted(func.value) if isinstance(func, cst.Attribute) else None
        frame = self.frame
        return receiver is not None and len(receiver) == 1 and frame is not None and receiver[0] in frame.params[frame.is_method:]

    def leave_Call(self, node: cst.Call) -> None:
        self.routes.leave_call(node)
        if self.optional_waits and self.optional_waits[-1] is node:
            self.optional_waits.pop()

    def _emit(self, node: cst.Call, name: str, kind: EmitKind, func: cst.BaseExpression | None = None, **fields) -> None:
        frame = self.frame
        if frame is None:
            return
        func = node.func if func is None else func
        receiver = dotted(func.value) if isinstance(func, cst.Attribute) else None
        state = self._loop_state(receiver[0] if receiver else None)
        if state.fan_out:
            kind = EmitKind.BROADCAST
        target = callee_of(frame.scope, func)
        payload = fields.pop("payload", None)  # (position, what is really sent) when the argument there only wraps it
        flags = {"channel_first": name in pubsub.CHANNEL_FIRST, "structured": name in fastapi.JSON_SENDS, **fields}
        site = self._site(node, name, frame.scope, target if isinstance(target, (Ref, Opaque)) else None, state)
        if payload is not None:
            position, sent = payload
            site.update(args=(*site["args"][:position], frame.scope.value(sent)), kwargs=())
        reply = kind is EmitKind.SEND and state.kind is LoopKind.NONE and frame.received and not _callers_data(site)
        frame.emits.append(Emit(kind=kind, **flags, reply=reply, **site))

    def _call(self, node: cst.Call, name: str) -> None:
        frame = self.frame
        assert frame is not None
        target = callee_of(frame.scope, node.func) or Opaque(name)
        frame.opens_socket |= self.frameworks.opens_socket(name)
        frame.prepares |= self.frameworks.prepares(name)
        receiver = dotted(node.func.value) if isinstance(node.func, cst.Attribute) else None
        frame.calls.append(
            Call(
                registers=name in pubsub.REGISTRATIONS, joins=self.frameworks.joins(node, name, frame.scope),
                fan_out=bool(receiver) and self._loop_state(receiver[0]).fan_out,
                **self._site(node, name, frame.scope, target, self._loop_state(None)),
            )
        )

    def _site(self, node: cst.Call, name: str, scope: Scope, target, state: LoopState) -> dict:
        """The fields every call site shares."""
        location = self.loc(node)
        return dict(
            name=name,
            target=target,
            args=tuple(scope.value(a.value) for a in node.args if a.keyword is None and not a.star),
            kwargs=tuple((a.keyword.value, scope.value(a.value)) for a in node.args if a.keyword is not None),
            location=location,
            loop=state.kind,
            guarded=state.guarded,
            loop_sleeps=state.sleeps,
            annotated_types=self.annotations.get(location.line, ()),
        )


def _all_params(params: cst.Parameters):
    yield from params.posonly_params
    yield from params.params
    if isinstance(params.star_arg, cst.Param):
        yield params.star_arg
    yield from params.kwonly_params
    if params.star_kwarg is not None:
        yield params.star_kwarg
