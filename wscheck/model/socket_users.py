"""Socket users: who uses each client socket (phase 4) — the callers of the hook that opens
it, the modules using the binding or class that holds it (`import { socket }`, a service
a component injects), the code reaching it through a handle a plugin installs app-wide
(`this.$socket`, Nuxt's `$socket`, ngx-socket-io's `Socket`) — and, through their
functions, classes and consts in turn, the components that render."""

from __future__ import annotations

from dataclasses import dataclass, replace

from wscheck.facts import APP_HANDLE, ClientFacts, Location, SocketUse
from wscheck.model.entities import ClientSocket, Usage

MAX_USER_DEPTH = 4  # hook -> hook -> service -> component; each (module, name) looked at once


@dataclass(frozen=True)
class User:
    module: str
    holder: str | None  # its top-level function, class or const: whose users use the socket too
    location: Location


def app_root(module: str) -> str:
    """The directory of the app a module belongs to, where its app-wide handles reach: up to
    its nearest `src/`, else its own directory (the one above a `plugins/` directory)."""
    parts = module.split("/")[:-1]
    if "src" in parts:
        return "/".join(parts[: len(parts) - parts[::-1].index("src")])
    if parts and parts[-1] == "plugins":
        parts = parts[:-1]
    return "/".join(parts)


def within(module: str, root: str) -> bool:
    return not root or module.startswith(root + "/")


class Users:
    """The uses of every binding and handle, indexed once."""

    def __init__(self, index) -> None:
        self.index = index
        self.by_binding: dict[tuple[str, str], list[User]] = {}
        self.by_handle: dict[str, list[User]] = {}
        for facts in index.modules.values():
            for use in facts.uses:
                self._add(facts, use)

    def _add(self, facts: ClientFacts, use: SocketUse) -> None:
        user = User(facts.module, use.holder, use.location)
        if use.target.module == APP_HANDLE:
            self.by_handle.setdefault(use.target.name, []).append(user)
            return
        key = self.index.binding(use.target)
        if key is not None and (key[0] != facts.module or key[1] != use.holder):
            self.by_binding.setdefault(key, []).append(user)

    def direct(self, key: tuple[str, str]) -> list[User]:
        """Who calls the function `key`, or uses the binding `key` names."""
        found = [User(caller.module, call.function, call.location) for caller, call in self.index.callers.get(key, [])]
        return found + self.by_binding.get(key, [])

    def of(self, socket: ClientSocket) -> list[User]:
        """Every user of a socket: of its hook or binding, or of a handle it is installed as,
        then of their own functions, classes and consts, up to MAX_USER_DEPTH."""
        starts = {socket.hook, (socket.module, socket.binding)}  # a hook that sets a module's `let socket`: both
        level = [u for key in starts if key[1] is not None for u in self.direct(key)]
        level += [u for handle, root in socket.provides for u in self.by_handle.get(handle, []) if within(u.module, root)]
        seen = set(starts)
        found: list[User] = []
        for _ in range(MAX_USER_DEPTH):
            following: list[User] = []
            for user in level:
                found.append(user)
                key = (user.module, user.holder)
                if user.holder is not None and key not in seen:
                    seen.add(key)
                    following.extend(self.direct(key))
            level = following
        return found


@dataclass(frozen=True)
class SocketUsers:
    sockets: list[ClientSocket]  # those held by a binding or installed app-wide carry their users' places
    usages: dict[tuple[str, str | None], list[Usage]]  # by hook: the rendering modules that use it
    modules: frozenset[str]  # modules that open, wrap or use a socket


def build_users(index, sockets: list[ClientSocket]) -> SocketUsers:
    users = Users(index)
    usages: dict[tuple[str, str | None], set[Usage]] = {}
    modules = {module for s in sockets for module, _ in s.chain}
    placed: list[ClientSocket] = []
    for socket in sockets:
        found = users.of(socket)
        modules.update(u.module for u in found)
        usage = usages.setdefault(socket.hook, set())
        if index.modules[socket.module].renders_jsx:
            usage.add(Usage(socket.location, socket.module))
        usage.update(Usage(u.location, u.module) for u in found if index.modules[u.module].renders_jsx)
        if (socket.function is None or socket.binding) and found:
            socket = replace(socket, users=tuple(dict.fromkeys((u.module, u.holder) for u in found)))
        placed.append(socket)
    ordered = {key: sorted(found, key=lambda u: u.location) for key, found in usages.items()}
    return SocketUsers(placed, ordered, frozenset(modules))
