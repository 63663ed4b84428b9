"""Socket uses: the handlers of the client walk that record who uses a socket held
elsewhere (a module's binding, a class, an app-wide handle) and what installs a socket
app-wide (Vue plugins, a Nuxt plugin's `provide`, ngx-socket-io): a mixin of the extraction."""

from __future__ import annotations

from wscheck.extract.client import plugins, sites, sockets
from wscheck.extract.client.nodes import FUNCTION_TYPES, Node, holder_name, key_name, member_property, text, unwrap
from wscheck.extract.client.scope import Known
from wscheck.facts import APP_HANDLE, HandledKind, HandledType, Opaque, Provide, Ref, SocketSite, SocketUse, Value
from wscheck.modules import is_project_module

_NAMES = ("identifier", "shorthand_property_identifier")


class UseHandlers:
    """Needs the extraction's `scopes`, `evaluator`, `info`, `loc`, `module`, `sockets`,
    `socket_names` and `handled`."""

    def _init_uses(self, source: bytes) -> None:
        imports = self.info.imports
        # names whose member calls and passing-on count as uses: what project modules export
        self.use_names = {local for local, ref in imports if ref.name != "*" and is_project_module(ref.module, self.aliases)}
        self.handle_imports = {local: h for local, ref in imports if (h := plugins.injected_handle(ref))}
        self.plugin_imports = {
            local: plugins.VUE_PLUGINS[package] for local, ref in imports if (package := plugins.plugin_package(ref))
        }
        self.ngx_imports = {local: ref.name for local, ref in imports if ref.module == plugins.NGX_PACKAGE}
        self.app_words = any(word in source for word in plugins.APP_WORDS)
        self.provide_words = any(word in source for word in plugins.PROVIDE_WORDS)
        self.module_sockets: dict[str, int] = {}  # top-level names bound to a socket -> its site
        self.named_sockets: dict[str, int] = {}  # any name bound to a socket -> its latest site
        self.pending: dict[int, tuple[str, ...]] = {}  # a socket opened inside a plugin install -> its handles
        self.found_uses: dict[tuple[Ref, str | None], SocketUse] = {}
        self.found_provides: list[Provide] = []

    def _add_socket(self, node: Node, constructor: str, url: Value, provides: tuple[str, ...] = ()) -> None:
        function = self.scopes[-1].function
        # `socket = io(url)` into a module's `let socket`, in a function or an `if`: that name holds it too
        binding = self._module_variable(node) or (holder_name(node) if function is None else None)
        provides = tuple(dict.fromkeys(provides + self.pending.pop(node.id, ())))
        self.sockets.append(SocketSite(constructor, url, self.loc(node), function, binding, provides))
        bound = sockets.bound_name(node)
        if bound is not None:
            self.socket_names.add(bound)
            self.named_sockets[bound] = len(self.sockets) - 1
            if bound == binding:
                self.module_sockets[bound] = len(self.sockets) - 1

    def _module_variable(self, opening: Node) -> str | None:
        parent = opening.parent
        while parent is not None and parent.type in ("parenthesized_expression", "as_expression", "non_null_expression"):
            parent = parent.parent
        left = parent.child_by_field_name("left") if parent is not None and parent.type == "assignment_expression" else None
        if left is None or left.type != "identifier":
            return None
        found = self.scopes[-1].lookup(text(left))
        return text(left) if found is not None and found[0] is self.info.scope else None

    # --- uses ------------------------------------------------------------------------

    def _target(self, name: str) -> Ref | None:
        """The project binding a name stands for here: an import, or this module's own socket."""
        if name not in self.use_names and name not in self.module_sockets:
            return None
        found = self.scopes[-1].lookup(name)
        if found is None or found[0] is not self.info.scope:
            return None  # a local of the same name
        if name in self.module_sockets:
            return Ref(self.module, name)
        binding = found[1]
        return binding.value if isinstance(binding, Known) and isinstance(binding.value, Ref) else None

    def _use(self, target: Ref, node: Node) -> None:
        holder = self.scopes[-1].function or holder_name(node)
        if target.module == self.module and target.name == holder:
            return  # the socket's own code
        self.found_uses.setdefault((target, holder), SocketUse(target, self.loc(node), holder))

    def _handle_use(self, handle: str, node: Node) -> None:
        self._use(Ref(APP_HANDLE, handle), node)

    def _call_uses(self, node: Node, callee: Node) -> None:
        """`socket.on(...)` on an imported socket, `inject(OrdersService)`, `this.$socket.emit(...)`,
        and the calls that install a socket app-wide."""
        if self.use_names or self.module_sockets or self.handle_imports:
            if callee.type == "member_expression":
                root = _root_name(callee)
                target = self._target(root) if root is not None else None
                if target is not None:
                    self._use(target, node)
            self._argument_uses(node)
        if self.app_words or self.plugin_imports:
            self._handle_uses(node, callee)
        if self.plugin_imports or self.ngx_imports or self.provide_words:
            self._installs(node, callee)

    def _argument_uses(self, call: Node) -> None:
        arguments = call.child_by_field_name("arguments")
        if arguments is None or not arguments.named_child_count:
            return
        for argument in arguments.named_children:
            if argument.type != "identifier":
                continue
            name = text(argument)
            handle = self.handle_imports.get(name)
            target = Ref(APP_HANDLE, handle) if handle else self._target(name)
            if target is not None:
                self._use(target, argument)

    def _handle_uses(self, node: Node, callee: Node) -> None:
        if callee.type == "member_expression":
            handle = plugins.member_handle(callee)
            if handle is not None:
                self._handle_use(handle, node)
        elif callee.type == "identifier":
            name = text(callee)
            if name == "useNuxtApp":
                for handle, at in plugins.destructured_handles(node):
                    self._handle_use(handle, at)
            elif name == "inject":
                key = plugins.provided_key(node, arity=1)
                if key is not None:
                    self._handle_use(f"inject:{key}", node)
            elif name in self.plugin_imports:  # `useSocketIO()` from the plugin's package
                self._handle_use(plugins.VUE_HANDLES[0], node)

    def _assigned(self, node: Node) -> None:
        """`socket.onmessage = ...` on an imported socket, `this.$socket.onmessage = ...`,
        `app.config.globalProperties.$socket = socket`."""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or left.type != "member_expression":
            return
        handle = plugins.global_property(left) if self.provide_words else None
        if handle is not None:
            self._provide((handle,), right, node)
            return
        base = left.child_by_field_name("object")
        handle = plugins.member_handle(base) if self.app_words and base is not None else None
        if handle is not None:
            self._handle_use(handle, node)
        root = _root_name(left)
        target = self._target(root) if root is not None else None
        if target is not None:
            self._use(target, node)

    def _injections(self, constructor: Node) -> None:
        """`constructor(private orders: OrdersService, socket: Socket)`: Angular injects by type."""
        for type_node in plugins.injected_types(constructor):
            name = text(type_node)
            handle = self.handle_imports.get(name)
            target = Ref(APP_HANDLE, handle) if handle else self._target(name)
            if target is not None:
                self._use(target, type_node)

    def _socket_option(self, pair: Node, value: Node) -> None:
        """A component's `sockets: { order_update(data) {...} }`: each method an event it
        handles (a `sockets: { max: 10 }` setting holds no handler and is no such option)."""
        handlers = [e for e in value.named_children if e.type == "method_definition" or _function_pair(e)]
        if not handlers:
            return
        self._handle_use(plugins.VUE_HANDLES[1], pair)
        function = self.scopes[-1].function
        for entry in handlers:
            key = entry.child_by_field_name("key" if entry.type == "pair" else "name")
            name = key_name(key) if key is not None else None
            if name and not sockets.is_transport_event(name):
                self.handled.append(HandledType(name, self.loc(key), HandledKind.LISTENER, function=function))

    # --- installs --------------------------------------------------------------------

    def _installs(self, node: Node, callee: Node) -> None:
        kind = callee.type
        if kind == "member_expression":
            prop = member_property(callee)
            base = unwrap(callee.child_by_field_name("object"))
            if prop == "use" and self.plugin_imports:
                self._vue_plugin(node)
            elif prop == "forRoot" and base.type == "identifier" and self.ngx_imports.get(text(base)) == "SocketIoModule":
                self._ngx_install(node, "SocketIoModule", (plugins.NGX_HANDLE,))
            elif prop == "provide" and self.provide_words:
                key = plugins.provided_key(node, arity=2)
                if key is not None:
                    self._provide((plugins.provide_handle(key, node),), plugins.argument_nodes(node)[1], node)
        elif kind == "identifier" and self.ngx_imports.get(text(callee)) == "provideSocketIo":
            self._ngx_install(node, "SocketIoModule", (plugins.NGX_HANDLE,))
        elif kind == "super" and self.ngx_imports:
            extended = plugins.extended_class(node)
            if extended is not None and self.ngx_imports.get(text(extended[1])) == "Socket":
                self._ngx_install(node, "Socket", ())  # a service that is its own socket

    def _ngx_install(self, node: Node, constructor: str, provides: tuple[str, ...]) -> None:
        """`SocketIoModule.forRoot(config)`, `super(config)`: the URL is `config.url`."""
        arguments = sites.arguments_of(self.evaluator, node, self.scopes[-1])
        url = plugins.config_url(arguments[0]) if arguments else Opaque("")
        self._add_socket(node, constructor, url, provides)

    def _vue_plugin(self, node: Node) -> None:
        """`app.use(VueNativeSock, url, options)`, `app.use(VueSocketIO, { connection })`,
        `Vue.use(VueSocketIOExt, io(url))`, `Vue.use(VueSocketIOExt, socket)`."""
        args = plugins.argument_nodes(node)
        first = unwrap(args[0]) if args else None
        name = self.plugin_imports.get(text(first)) if first is not None and first.type == "identifier" else None
        if name is None:
            return  # `app.use(new VueSocketIO({...}))`: the `new` is the install (`_plugin_instance`)
        value = args[1] if len(args) > 1 else None
        if value is not None and unwrap(value).type == "object":
            value = plugins.object_entry(value, plugins.URL_KEYS)
        self._install(node, name, value, plugins.VUE_HANDLES)

    def _plugin_instance(self, node: Node) -> None:
        """`new VueSocketIO({ connection: URL })`, installed with `app.use(...)` there or later."""
        constructor = node.child_by_field_name("constructor")
        name = self.plugin_imports.get(text(constructor)) if constructor is not None and constructor.type == "identifier" else None
        if name is not None:
            given = plugins.argument_nodes(node)[:1]
            value = plugins.object_entry(given[0], plugins.URL_KEYS) if given else None
            self._install(node, name, value, plugins.VUE_HANDLES)

    def _install(self, install: Node, constructor: str, value: Node | None, handles: tuple[str, ...]) -> None:
        """What a plugin installs: a socket opened right there (`io(url)`), one bound to a
        name, or one it opens itself from a URL."""
        inner = unwrap(value) if value is not None else None
        if inner is not None and (self._opens_socket(inner) or self._link(inner, handles)):
            return
        url = self.evaluator.value(inner, self.scopes[-1]) if inner is not None else Opaque("no URL given")
        self._add_socket(install, constructor, url, handles)

    def _provide(self, handles: tuple[str, ...], value: Node, at: Node) -> None:
        inner = unwrap(value)
        if self._opens_socket(inner, handles) or self._link(inner, handles):
            return
        target = self._target(text(inner)) if inner.type in _NAMES else None
        if target is not None:
            self.found_provides.append(Provide(handles, target, self.loc(at)))

    def _opens_socket(self, node: Node, handles: tuple[str, ...] = plugins.VUE_HANDLES) -> bool:
        """`connection: SocketIO(url)`: the socket opened there is the one installed (its
        site, met next in the walk, gets the handles)."""
        is_new = node.type == "new_expression"
        if node.type != "call_expression" and not is_new:
            return False
        callee = node.child_by_field_name("constructor" if is_new else "function")
        if callee is None or sockets.socket_constructor(self.evaluator, callee, self.scopes[-1], is_new) is None:
            return False
        self.pending[node.id] = handles
        return True

    def _link(self, node: Node, handles: tuple[str, ...]) -> bool:
        """A name bound here to an opened socket: that site gets the handles."""
        index = self.named_sockets.get(text(node)) if node.type in _NAMES else None
        if index is None:
            return False
        site = self.sockets[index]
        self.sockets[index] = SocketSite(
            site.constructor, site.url, site.location, site.function, site.binding,
            tuple(dict.fromkeys(site.provides + handles)),
        )
        return True

    def _nuxt_provide(self, pair: Node, value: Node) -> None:
        """`return { provide: { socket } }` in `defineNuxtPlugin(...)`: `$socket` on the app."""
        if value.type != "object" or not plugins.inside_call_of(pair, plugins.NUXT_PLUGIN):
            return
        for entry in value.named_children:
            if entry.type == "pair":
                key, item = entry.child_by_field_name("key"), entry.child_by_field_name("value")
                name = key_name(key) if key is not None else None
            elif entry.type == "shorthand_property_identifier":
                name, item = text(entry), entry
            else:
                continue
            if name and item is not None:
                self._provide((f"${name}",), item, entry)


def _root_name(node: Node) -> str | None:
    """The identifier a member chain starts from: `socket` in `socket.timeout(5000).emit`."""
    node = unwrap(node)
    while node is not None and node.type in ("member_expression", "call_expression", "subscript_expression"):
        node = unwrap(node.child_by_field_name("function" if node.type == "call_expression" else "object"))
    return text(node) if node is not None and node.type == "identifier" else None


def _function_pair(entry: Node) -> bool:
    value = entry.child_by_field_name("value") if entry.type == "pair" else None
    return value is not None and unwrap(value).type in FUNCTION_TYPES
