"""Project: the one entry to the model — per-file facts joined into the app's contract.

All cross-file resolution happens here, once: imported names, router prefixes, helpers
that carry message types, socket URLs through wrapper hooks, which broadcasts can run,
and which tests, docs and client files name what. The Project that comes out is frozen.
"""

from __future__ import annotations

from dataclasses import replace

from wscheck.config import Settings
from wscheck.facts import ClientFacts, ParseFailure, PythonFacts, Role
from wscheck.model.aliases import Aliases
from wscheck.model.client import ClientIndex, build_sockets
from wscheck.model.client_polling import build_polling
from wscheck.model.entities import Inventory, Project, SilentClientHandler, Unresolvable, UnresolvedSite
from wscheck.model.socket_classes import inherit_handshakes
from wscheck.model.imports import describe as describe_imports
from wscheck.model.socket_users import build_users
from wscheck.model.socket_timers import build_socket_timers
from wscheck.model.liveness import Liveness, mark_dead_broadcasts, mark_dead_publications
from wscheck.model.message_types import is_control
from wscheck.model.phases import needles
from wscheck.model.server import build_server
from wscheck.model.socket_types import build_socket_types
from wscheck.model.texts import Questions, Texts
from wscheck.model.urls import path_matches
from wscheck.modules import module_name


def build_project(
    server_facts: list, client_facts: list, texts: Texts, settings: Settings, ask: Questions, aliases: Aliases | None = None,
) -> Project:
    """`server_facts` and `client_facts` are the extracted files (PythonFacts / ClientFacts,
    or ParseFailure for a file that could not be read as code, a tsconfig.json included);
    `ask` answers what the model asks of the files' text; `aliases`: the client's
    tsconfig/jsconfig path aliases."""
    python = inherit_handshakes([f for f in server_facts if isinstance(f, PythonFacts)], list(texts.python_modules))
    server = build_server(python, settings, list(texts.python_modules))
    endpoints = [replace(e, data_types=tuple(t for t in e.message_types if not is_control(t, settings))) for e in server.endpoints]
    aliases = aliases if aliases is not None else Aliases()
    scanned = (module_name(path) for path in texts.of(Role.CLIENT))
    index = ClientIndex([f for f in client_facts if isinstance(f, ClientFacts)], aliases, scanned)
    users = build_users(index, build_sockets(index))
    sockets = users.sockets
    unresolved_urls = [
        UnresolvedSite(s.location, Unresolvable.SOCKET_URL, "built at run time (a function call or an unknown value)")
        for s in sockets if s.url is None
    ]
    liveness = Liveness(python, texts.of(Role.SERVER), ask)
    broadcasts = mark_dead_broadcasts(server.broadcasts, liveness)
    broadcast_names = {t.name.encode() for b in broadcasts for t in b.types if not t.glob}
    wanted = {n for endpoint in endpoints for n in needles(endpoint, settings)}
    return Project(
        endpoints=tuple(endpoints),
        broadcasts=tuple(broadcasts),
        unresolved=tuple(sorted(server.unresolved + unresolved_urls, key=lambda u: (u.location, u.what))),
        unguarded_loops=tuple(server.unguarded_loops),
        silent_errors=tuple(server.silent_errors),
        broadcast_receivers=tuple(server.broadcast_receivers),
        missing_handlers=tuple(sorted(set(server.missing_handlers), key=lambda m: (m.location, m.type))),
        publications=tuple(mark_dead_publications(server.publications, liveness)),
        sockets=tuple(sockets),
        endpoint_sockets={
            e.path: tuple(s for s in sockets if s.url is not None and path_matches(s.url, e.path)) for e in endpoints
        },
        polling=tuple(build_polling(index)),
        socket_timers=tuple(build_socket_timers(index, settings)),
        handled_types=tuple(sorted((h for f in index.modules.values() for h in f.handled_types), key=lambda h: h.location)),
        # conservative for WS105: a type named anywhere in client code
        client_mentions=frozenset(n.decode() for n in ask.words_named(texts.of(Role.CLIENT), broadcast_names)),
        silent_client_handlers=tuple(sorted(
            (SilentClientHandler(h.location, h.event) for f in index.modules.values() for h in f.empty_handlers),
            key=lambda h: h.location,
        )),
        failures=tuple(sorted(_failures(server_facts, client_facts) + list(texts.unreadable), key=lambda f: f.location)),
        apps=tuple(sorted(r.location for f in python for r in f.routers if r.is_app)),
        failed_mentions=_failed_mentions(server_facts, texts, endpoints, ask),
        usages=users.usages,
        socket_modules=users.modules,
        socket_types=build_socket_types(index, users.modules) if sockets else None,
        test_mentions=ask.first_mentions(texts.of(Role.TEST), wanted),
        doc_mentions=ask.first_mentions(texts.of(Role.DOC), wanted),
        import_notes=describe_imports(index.import_account, aliases),
        inventory=Inventory(
            sum(len(paths) for paths in texts.files.values()), len(texts.of(Role.SERVER)), len(texts.of(Role.CLIENT)),
            len(texts.of(Role.TEST)), len(texts.of(Role.DOC)),
        ),
    )


def _failures(server_facts: list, client_facts: list) -> list[ParseFailure]:
    """The files that could not be read, and those read only in part (valid Python libcst
    cannot read: its facts are the stdlib `ast`'s)."""
    failures = [f for f in (*server_facts, *client_facts) if isinstance(f, ParseFailure)]
    return failures + [f.unread for f in server_facts if isinstance(f, PythonFacts) and f.unread is not None]


def _failed_mentions(server_facts: list, texts: Texts, endpoints, ask: Questions) -> dict[str, tuple[str, ...]]:
    """For each sent type, the server files that could not be read (WS001) yet name it, as a
    literal or as the constant spelled like it (`system_status_update` / `SYSTEM_STATUS_UPDATE`):
    its missing broadcast may well be there, and WS101 says so."""
    failed = [f.path for f in _failures(server_facts, [])]
    failed += [f.path for f in texts.unreadable if f.path in texts.of(Role.SERVER)]
    if not failed:
        return {}
    found: dict[str, tuple[str, ...]] = {}
    for name in sorted({t.name for e in endpoints for t in e.data_types if not t.glob}):
        spellings = {name.encode(), name.upper().encode()}
        naming = tuple(path for path in dict.fromkeys(failed) if ask.words_named([path], spellings))
        if naming:
            found[name] = naming
    return found
