"""Socket plugins: what installs a socket app-wide (Vue plugins, a Nuxt plugin's `provide`,
ngx-socket-io) and the handles through which components reach it."""

from __future__ import annotations

from wscheck.extract.client.nodes import Node, key_name, member_property, string_value, text, unwrap
from wscheck.extract.client.values import member_of
from wscheck.facts import Obj, Opaque, Param, Ref, Value
from wscheck.modules import PACKAGE_PREFIX

# Vue plugins that open a socket when installed, by package, with the constructor reported.
# Each gives components `this.$socket` and the `sockets: {...}` component option.
VUE_PLUGINS: dict[str, str] = {
    "vue-native-websocket": "VueNativeSock",
    "vue-native-websocket-vue3": "VueNativeSock",
    "vue-socket.io": "VueSocketIO",
    "vue-3-socket.io": "VueSocketIO",
    "vue-socket.io-extended": "VueSocketIO",
    "vue-socketio": "VueSocketIO",
    "vue3-socket": "VueSocketIO",
    "@hlf01/vue3-socket.io": "VueSocketIO",
}
VUE_HANDLES = ("$socket", "sockets")
URL_KEYS = ("connection", "url")  # `new VueSocketIO({ connection })`, `{ url }` of rxjs and ngx-socket-io
NGX_PACKAGE = PACKAGE_PREFIX + "ngx-socket-io"
NGX_HANDLE = "ngx-socket-io:Socket"  # the injectable `Socket` that `SocketIoModule.forRoot(config)` provides
NUXT_PLUGIN = "defineNuxtPlugin"
# The bytes that make a file's app-wide socket handles worth looking for: `this.$socket`,
# `useNuxtApp().$ws`, `const { $socket } = useNuxtApp()`, `inject('socket')`, `sockets: {...}`.
APP_WORDS = (b".$", b"{ $", b"inject(", b"sockets")
# `app.provide(...)`, `provide: { socket }`, `globalProperties.$socket = `, `Vue.prototype.$socket = `
PROVIDE_WORDS = (b"provide(", b"provide:", b"globalProperties", b".prototype.$")


def plugin_package(ref: Ref) -> str | None:
    """The socket plugin package a name is imported from, if any."""
    if not ref.module.startswith(PACKAGE_PREFIX):
        return None
    package = ref.module[len(PACKAGE_PREFIX) :]
    return package if package in VUE_PLUGINS else None


def injected_handle(ref: Ref) -> str | None:
    """The app-wide handle a constructor parameter's type or `inject(X)` names: ngx-socket-io's `Socket`."""
    return NGX_HANDLE if ref.module == NGX_PACKAGE and ref.name == "Socket" else None


def option(value: Value, keys: tuple[str, ...]) -> Value | None:
    """The URL an options value carries under one of `keys` (`config.url`), or None when it
    is no options object (then the value is the URL itself)."""
    if isinstance(value, Obj):
        entries = dict(value.entries)
        for key in keys:
            if key in entries:
                return entries[key]
        return Opaque("options without a URL")
    return None


def config_url(value: Value) -> Value:
    """`forRoot(config)`, `super(config)`: the URL under `url`, also of a config named elsewhere."""
    found = option(value, ("url",))
    if found is not None:
        return found
    if isinstance(value, (Ref, Param)):
        return member_of(value, "url", "url")
    return Opaque("config")


def argument_nodes(call: Node) -> list[Node]:
    arguments = call.child_by_field_name("arguments")
    return [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []


def object_entry(node: Node | None, keys: tuple[str, ...]) -> Node | None:
    """The value node under one of `keys` in an object literal."""
    node = unwrap(node) if node is not None else None
    if node is None or node.type != "object":
        return None
    for child in node.named_children:
        if child.type == "pair":
            key = child.child_by_field_name("key")
            if key is not None and key_name(key) in keys:
                return child.child_by_field_name("value")
        elif child.type == "shorthand_property_identifier" and text(child) in keys:
            return child
    return None


def member_handle(node: Node) -> str | None:
    """The app-wide handle a member chain reads: `this.$socket.emit` -> `$socket`,
    `this.$options.sockets.x` -> `sockets`, `nuxtApp.$ws.send` -> `$ws`."""
    node = unwrap(node)
    while node is not None and node.type in ("member_expression", "call_expression"):
        if node.type == "member_expression":
            prop = member_property(node)
            base = node.child_by_field_name("object")
            if prop == "sockets" and base is not None and member_property(unwrap(base)) == "$options":
                return "sockets"
            if prop and prop.startswith("$") and socket_like_name(prop[1:]):
                return prop
            node = unwrap(base) if base is not None else None
        else:
            node = unwrap(node.child_by_field_name("function"))
    return None


def socket_like_name(name: str) -> bool:
    lowered = name.lower()
    return "socket" in lowered or lowered.startswith("ws") or lowered in ("io", "conn", "connection", "channel")


def destructured_handles(call: Node) -> list[tuple[str, Node]]:
    """`const { $socket } = useNuxtApp()` and `useNuxtApp().$socket`: each `$name` read."""
    parent = call.parent
    while parent is not None and parent.type in ("parenthesized_expression", "await_expression", "as_expression"):
        parent = parent.parent
    if parent is None:
        return []
    if parent.type == "member_expression":
        prop = member_property(parent)
        return [(prop, parent)] if prop and prop.startswith("$") else []
    if parent.type != "variable_declarator":
        return []
    pattern = parent.child_by_field_name("name")
    found = []
    for entry in pattern.named_children if pattern is not None and pattern.type == "object_pattern" else []:
        if entry.type == "pair_pattern":
            key = entry.child_by_field_name("key")
        else:  # `{ $socket }`, `{ $socket = fallback }`
            key = entry.child_by_field_name("left") if entry.type == "object_assignment_pattern" else entry
        name = text(key) if key is not None else None
        if name and name.startswith("$"):
            found.append((name, entry))
    return found


def inside_call_of(node: Node, name: str) -> bool:
    """Whether `node` lies in the arguments of a call of `name` (`defineNuxtPlugin(...)`)."""
    parent = node.parent
    while parent is not None:
        if parent.type == "call_expression":
            callee = parent.child_by_field_name("function")
            if callee is not None and callee.type == "identifier" and text(callee) == name:
                return True
        parent = parent.parent
    return False


def provided_key(node: Node, arity: int) -> str | None:
    """The string key of `app.provide('socket', socket)` (arity 2) or `inject('socket')` (1)."""
    args = argument_nodes(node)
    if not args or args[0].type != "string" or len(args) < arity or (arity == 2 and len(args) != 2):
        return None
    return string_value(args[0])


def provide_handle(key: str, node: Node) -> str:
    """A Nuxt plugin's provided key is `$key` on the app; Vue's `provide` is for `inject(key)`."""
    return f"${key}" if inside_call_of(node, NUXT_PLUGIN) else f"inject:{key}"


def global_property(left: Node) -> str | None:
    """`app.config.globalProperties.$socket` / `Vue.prototype.$socket`: `$socket`."""
    if left.type != "member_expression":
        return None
    prop = member_property(left)
    base = left.child_by_field_name("object")
    if not prop or not prop.startswith("$") or base is None:
        return None
    return prop if member_property(unwrap(base)) in ("globalProperties", "prototype") else None


def extended_class(node: Node) -> tuple[str, Node] | None:
    """(class name, the identifier it extends) of the class whose code holds `node`."""
    parent = node.parent
    while parent is not None and parent.type not in ("class_declaration", "class", "abstract_class_declaration"):
        parent = parent.parent
    if parent is None:
        return None
    name = parent.child_by_field_name("name")
    for heritage in parent.named_children:
        if heritage.type != "class_heritage":
            continue
        for clause in heritage.named_children:
            if clause.type == "extends_clause":
                value = clause.child_by_field_name("value") or (clause.named_children[:1] or [None])[0]
                if value is not None and value.type == "identifier":
                    return (text(name) if name is not None else "default"), value
    return None


def injected_types(constructor: Node) -> list[Node]:
    """The type names of a constructor's parameters (Angular injects by type)."""
    params = constructor.child_by_field_name("parameters")
    found = []
    for param in params.named_children if params is not None else []:
        annotation = param.child_by_field_name("type") if param.type in ("required_parameter", "optional_parameter") else None
        kind = annotation.named_children[0] if annotation is not None and annotation.named_children else None
        if kind is not None and kind.type == "generic_type":
            kind = kind.named_children[0] if kind.named_children else None
        if kind is not None and kind.type == "type_identifier":
            found.append(kind)
    return found

