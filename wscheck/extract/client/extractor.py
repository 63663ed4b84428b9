"""Client extraction: one walk over a TS/JS/Vue syntax tree, building the file's `ClientFacts`."""

from __future__ import annotations

from typing import Any

from wscheck.extract.client import (
    apollo, contract, fetching, forwarding, idioms, options, plugins, rtk_query, rxjs, sites, socket_timers, sockets, swr,
    tanstack, timers,
)
from wscheck.extract.directives import suppression
from wscheck.extract.client.handled_types import TypeHandlers
from wscheck.extract.client.module import ModuleInfo, scan_module
from wscheck.extract.client.polling_sites import PollingHandlers
from wscheck.extract.client.socket_uses import UseHandlers
from wscheck.extract.client.nodes import FUNCTION_TYPES, Locator, Node, callee_of, key_name, text, unwrap
from wscheck.extract.client.parsers import Parsed, kind_ids, parse
from wscheck.modules import AUTO_IMPORTS, CONVENTIONAL_PATTERNS, module_name, specifiers
from wscheck.extract.client.scope import Binding, Scope, block_bindings, function_bindings, param_specs
from wscheck.extract.client.values import Evaluator
from wscheck.facts import (
    ClientCall,
    ClientFacts,
    ClientFunction,
    ClientParam,
    EmptyHandler,
    HandledType,
    Location,
    Opaque,
    ParseFailure,
    PollingSite,
    Ref,
    Role,
    SocketSite,
    SocketTimer,
    Suppression,
    Value,
)

_BOM = b"\xef\xbb\xbf"
_SKIP = object()  # dispatch entry: a node type whose children never matter
_OPTION_LIBRARIES = (swr, apollo, rtk_query)  # each knows one polling option key


def extract_client(path: str, source: bytes, role: Role, aliases: tuple[str, ...] = CONVENTIONAL_PATTERNS) -> ClientFacts | ParseFailure:
    """The facts of one client file (`path` is its relative POSIX path; `aliases` the
    specifiers, as tsconfig `paths` patterns, that name project modules). Never raises."""
    try:
        if source.startswith(_BOM):
            source = source[len(_BOM) :]
        try:
            decoded = source.decode("utf-8")
        except UnicodeDecodeError as error:
            return ParseFailure(path, _byte_location(path, source, error.start), "not valid UTF-8")
        if not decoded.strip():
            return _empty(path, role)
        return _Extraction(path, role, parse(path, source, decoded), specifiers(aliases)).facts()
    except MemoryError:  # the pool says how much memory there was, and keeps it from the cache
        raise
    except Exception as error:  # a bug here must cost one file, not the run
        return ParseFailure(path, Location(path, 1, 1), f"internal error: {type(error).__name__}: {error}")


def _byte_location(path: str, source: bytes, offset: int) -> Location:
    line_start = source.rfind(b"\n", 0, offset) + 1
    column = len(source[line_start:offset].decode("utf-8", "replace")) + 1
    return Location(path, source.count(b"\n", 0, offset) + 1, column)


def _empty(path: str, role: Role) -> ClientFacts:
    return ClientFacts(path, module_name(path), role, (), (), (), (), (), (), (), False)


class _Extraction(PollingHandlers, UseHandlers, TypeHandlers):
    """State of one file's walk: the scope stack and the facts found so far."""

    def __init__(self, path: str, role: Role, parsed: Parsed, aliases: tuple[str, ...] = CONVENTIONAL_PATTERNS) -> None:
        self.path = path
        self.role = role
        self.aliases = aliases
        self.module = module_name(path)
        self.tree = parsed.tree
        self.loc = Locator(path, parsed.source)
        self.evaluator = Evaluator()
        self.info: ModuleInfo = scan_module(self.tree.root_node, path, self.module)
        self.function_names = self.info.function_names()
        self.top_level = {function.node.id: function.name for function in self.info.functions}
        self.watched = sites.watched_names(self.info.imports, self.function_names, aliases)
        self.scopes: list[Scope] = [self.info.scope]
        self.calls: list[ClientCall] = []
        self.sockets: list[SocketSite] = []
        self.polling: list[PollingSite] = []
        self.handled: list[HandledType] = []
        self.suppressions: list[Suppression] = []
        self.empty_handlers: list[EmptyHandler] = []
        self.fetches: dict[str, list[Value]] = {}
        self.returns: dict[str, dict[str, Value]] = {}  # top-level function -> member -> verdict
        self.libraries = forwarding.imported_libraries(self.info.imports)
        self.library_calls = bool(self.libraries) or any(word in parsed.source for word in forwarding.WORDS)
        self.sends: dict[str, list[Value]] = {}  # by top-level function: what it sends over a socket
        self.socket_timers: list[SocketTimer] = []
        self.renders_jsx = parsed.has_template
        self.packages = options.packages_of(self.info.imports)
        self.option_modules = {library.POLLING_KEY: library for library in _OPTION_LIBRARIES}
        self.verdicts = fetching.Verdicts(self.evaluator, self.module, {f.name: f.node for f in self.info.functions}, aliases)
        self.top_scopes: dict[str, tuple[Scope, Node]] = {}  # top-level function -> its scope and node
        self.socket_names: set[str] = set()  # names bound here to an opened socket (`const client = io()`)
        self._init_uses(parsed.source)
        self.hook_sends = socket_timers.hook_sends_of(self.packages)
        handlers = self._handlers(parsed.source)
        # By kind id: cheaper than reading each node's type string. ERROR nodes have no entry.
        ids = kind_ids(parsed.grammar)
        self.dispatch = {kind: handler for name, handler in handlers.items() for kind in ids.get(name, ())}

    def _handlers(self, source: bytes) -> dict[str, Any]:
        handlers: dict[str, Any] = {kind: self._function for kind in FUNCTION_TYPES}
        # Subtrees with nothing to find: not entered at all.
        handlers.update(dict.fromkeys(("import_statement", "string", "number", "jsx_text", "regex"), _SKIP))
        handlers.update(
            {
                "statement_block": self._block,
                "jsx_element": self._jsx,
                "jsx_self_closing_element": self._jsx,
                "new_expression": self._new,
                "call_expression": self._call,
                "binary_expression": self._compared,
                "switch_statement": self._switch,
                "property_signature": self._signature,
                "assignment_expression": self._assignment,
                "return_statement": self._return,
            }
        )
        if b"@Component" in source:  # an Angular component renders
            handlers["decorator"] = self._decorator
        # Byte checks keep the per-node dispatch small in the common file that has neither.
        if b"wscheck:" in source:
            handlers["comment"] = self._comment
        keys = (tanstack.POLLING_KEY, *self.option_modules)
        if any(key.encode() in source for key in keys) or self.app_words or self.provide_words:
            handlers["pair"] = self._pair
            handlers["shorthand_property_identifier"] = self._shorthand
        self.timers = any(word in source for word in timers.WORDS)
        self.start_polling = apollo.START_WORD in source
        self.rx = rxjs.WORD in source
        self.socket_sends = any(word in source for word in socket_timers.WORDS)
        return handlers

    def facts(self) -> ClientFacts:
        self._walk()
        module_scope = self.info.scope
        constants = tuple((name, self._constant(binding, name)) for name, binding in self.info.constants)
        functions = tuple(
            ClientFunction(
                function.name,
                self.loc(function.name_node),
                self._params(function.node, module_scope),
                function.exported,
                tuple(self.fetches.get(function.name, ())),
                tuple(self.returns.get(function.name, {}).items()),
                tuple(self.sends.get(function.name, ())),
            )
            for function in self.info.functions
        )
        return ClientFacts(
            path=self.path,
            module=self.module,
            role=self.role,
            imports=tuple(self.info.imports),
            constants=constants,
            functions=functions,
            calls=tuple(self.calls),
            sockets=tuple(self.sockets),
            polling=tuple(self.polling),
            handled_types=tuple(self.handled),
            renders_jsx=self.renders_jsx,
            suppressions=tuple(self.suppressions),
            empty_handlers=tuple(self.empty_handlers),
            star_exports=tuple(self.info.star_exports),
            uses=tuple(self.found_uses.values()),
            provides=tuple(self.found_provides),
            socket_timers=tuple(self.socket_timers),
        )

    def _constant(self, binding: Binding, name: str) -> Value:
        return self.evaluator.binding_value(binding, self.info.scope, name)

    def _params(self, function: Node, scope: Scope) -> tuple[ClientParam, ...]:
        specs, _others = param_specs(function)
        return tuple(
            ClientParam(
                spec.index,
                spec.name,
                spec.property,
                self.evaluator.value(spec.default, scope) if spec.default is not None else None,
            )
            for spec in specs
        )

    def _walk(self) -> None:
        """Pre-order walk with a cursor; a scope opened at depth d closes when the walk
        moves on to the next node at depth <= d. Hot loop: kept to C calls and locals."""
        cursor = self.tree.walk()
        first_child, next_sibling, parent = cursor.goto_first_child, cursor.goto_next_sibling, cursor.goto_parent
        dispatch = self.dispatch.get
        scopes = self.scopes
        depth = 0
        while True:
            node = cursor.node
            handler = dispatch(node.kind_id)
            if (handler is None or (handler is not _SKIP and handler(node, depth))) and first_child():
                depth += 1
                continue
            while not next_sibling():
                if not parent():
                    return
                depth -= 1
            while scopes[-1].depth >= depth and len(scopes) > 1:
                scopes.pop()

    # --- handlers: return False to skip the node's children ------------------------

    def _function(self, node: Node, depth: int) -> bool:
        parent = self.scopes[-1]
        if node.type == "method_definition" and node.parent is not None and node.parent.type == "object":
            name = node.child_by_field_name("name")
            if name is not None and key_name(name) == tanstack.POLLING_KEY:
                self._polling(node, self.evaluator.function_result(node, parent))
        top_name = self.top_level.get(node.id)
        qualname = f"{self.module}:{top_name}" if top_name is not None else None
        function = top_name if top_name is not None else parent.function
        if node.type == "method_definition" and function is None and (self.use_names or self.handle_imports):
            name = node.child_by_field_name("name")
            if name is not None and text(name) == "constructor":
                self._injections(node)
        scope = Scope(parent, function, depth, lambda: function_bindings(node, qualname))
        if top_name is not None:
            self.top_scopes[top_name] = (scope, node)
        self.scopes.append(scope)
        return True

    def _block(self, node: Node, depth: int) -> bool:
        parent = self.scopes[-1]
        self.scopes.append(Scope(parent, parent.function, depth, lambda: dict(block_bindings(node))))
        return True

    def _jsx(self, node: Node, depth: int) -> bool:
        self.renders_jsx = True
        return True

    def _comment(self, node: Node, depth: int) -> bool:
        before = node.prev_sibling
        own_line = before is None or before.end_point[0] != node.start_point[0]
        found = suppression(text(node), node.start_point[0] + 1, own_line)
        if found is not None:
            self.suppressions.append(found)
        return False

    def _pair(self, node: Node, depth: int) -> bool:
        key = node.child_by_field_name("key")
        name = key_name(key) if key is not None else None
        value = node.child_by_field_name("value")
        if name == tanstack.POLLING_KEY or name in self.option_modules:
            self._option(node, name, lambda scope: sites.interval_value(self.evaluator, value, scope))
        elif name == "sockets" and value is not None and value.type == "object" and self.app_words:
            self._socket_option(node, value)
        elif name == "provide" and value is not None and self.provide_words:
            self._nuxt_provide(node, value)
        return True

    def _shorthand(self, node: Node, depth: int) -> bool:
        name = text(node)
        if name == tanstack.POLLING_KEY or name in self.option_modules:
            def interval(scope: Scope) -> Value:
                resolved = self.evaluator.resolve(name, scope)
                return resolved if resolved is not None else Opaque(name)
            self._option(node, name, interval)
        return False

    def _new(self, node: Node, depth: int) -> bool:
        constructor = node.child_by_field_name("constructor")
        if constructor is not None and sites.root_name(constructor) in self.watched:
            self._socket(node, constructor, is_new=True)
        if self.use_names or self.module_sockets:
            self._argument_uses(node)  # `new OrdersFeed(socket)`
        if self.plugin_imports:
            self._plugin_instance(node)
        return True

    def _decorator(self, node: Node, depth: int) -> bool:
        call = node.named_children[0] if node.named_children else None
        callee = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
        if callee is not None and callee.type == "identifier":
            value = self.evaluator.resolve(text(callee), self.scopes[-1])
            if value == Ref("pkg:@angular/core", "Component"):
                self.renders_jsx = True
        return True

    def _call(self, node: Node, depth: int) -> bool:
        callee = callee_of(node)
        if callee is None:
            return True
        if self.timers and callee.type in ("identifier", "member_expression"):
            kind = timers.timer_kind(callee, self.scopes[-1], self.evaluator)
            if kind is not None:
                self._timer(node, kind)
        if self.start_polling:
            period = apollo.start_polling_interval(node)
            if period is not None:
                self._polling(node, lambda at: self.evaluator.value(period, at), apollo.START_KIND)
        if self.rx:
            self._streams(node)
        self._listener(node)
        scope = self.scopes[-1]
        if self.library_calls and scope.function is not None:
            library = forwarding.library_of(node, self.libraries)
            if library is not None:
                self._forwarded(node, library)
        url = contract.fetched_url(node)
        if url is not None and scope.function is not None:
            self.fetches.setdefault(scope.function, []).append(self._fetched(node, url, scope))
        elif self.socket_sends and scope.function is not None and self._is_send(node):
            self.sends.setdefault(scope.function, []).append(socket_timers.message(node, self.evaluator, scope))
        event = sockets.empty_listener(node)
        if event is not None:
            self.empty_handlers.append(EmptyHandler(event, self.loc(node)))
        self._call_uses(node, callee)
        root = sites.root_name(callee)
        if root not in self.watched:
            if callee.type == "identifier" and _auto_imported(root) and scope.lookup(root) is None:
                self._project_call(node, Ref(AUTO_IMPORTS, root), scope)  # a Nuxt composable
            return True
        if not self._socket(node, callee, is_new=False):
            target = sites.project_callee(self.evaluator, callee, scope, self.module, self.function_names, self.aliases)
            if target is not None:
                self._project_call(node, target, scope)
        return True

    def _project_call(self, node: Node, target: Ref, scope: Scope) -> None:
        arguments = sites.arguments_of(self.evaluator, node, scope)
        self.calls.append(ClientCall(target, arguments, self.loc(node), scope.function, self._callbacks(node, scope)))
        if scope.function is None:  # in a class (a service): the class uses what it calls
            self._use(target, node)

    def _socket(self, node: Node, callee: Node, is_new: bool) -> bool:
        scope = self.scopes[-1]
        constructor = sockets.socket_constructor(self.evaluator, callee, scope, is_new)
        if constructor is None:
            return False
        arguments = sites.arguments_of(self.evaluator, node, scope)
        url = arguments[0] if arguments else Opaque("")
        self._add_socket(node, constructor, plugins.option(url, ("url",)) or url)  # `webSocket({ url })`
        return True

    def _assignment(self, node: Node, depth: int) -> bool:
        event = sockets.empty_assigned_handler(node)
        if event is not None:
            self.empty_handlers.append(EmptyHandler(event, self.loc(node)))
        if self.use_names or self.module_sockets or self.app_words or self.provide_words:
            self._assigned(node)
        return True

    def _return(self, node: Node, depth: int) -> bool:
        """`return { orders, doFetch }` of a top-level function (a hook): what calling each
        member shows, for the timers that run one (`const { doFetch } = useOrdersApi()`)."""
        scope = self.scopes[-1]
        returned = unwrap(node.named_children[0]) if node.named_children else None
        if scope.function is None or returned is None or returned.type not in ("object", "call_expression"):
            return True
        owner = node.parent
        while owner is not None and owner.type not in FUNCTION_TYPES:
            owner = owner.parent
        if owner is None or owner.id not in self.top_level:
            return True  # a nested function's return
        members = self.returns.setdefault(scope.function, {})
        for name, value in idioms.returned_members(node):
            if value.type == "shorthand_property_identifier":
                verdict = self.verdicts.named(name, scope)
            else:
                verdict = self.verdicts.callback(value, scope)
            members.setdefault(name, verdict)  # NO too: a member seen not to fetch
        return True



def _auto_imported(name: str | None) -> bool:
    """`useOrders`: a composable's name (Nuxt auto-imports them; React hooks are always imported)."""
    return name is not None and len(name) > 3 and name.startswith("use") and name[3].isupper()
