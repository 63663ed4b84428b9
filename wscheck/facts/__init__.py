"""Facts: the frozen, picklable values that per-file extraction returns and the model joins.

Nothing here holds a parser node, so facts can be cached on disk and cross process
boundaries. Values that depend on other files (an imported constant, a helper's
parameter) stay symbolic (`Ref`, `Param`) until the model resolves them. The facts of each
side live in their own module (common, server, client, refs); this package names them all.
"""

from __future__ import annotations

from typing import Union

from wscheck.facts.client import (  # noqa: F401
    PollingKind, Belief, PollingSite, SocketTimer, SocketSite, APP_HANDLE, SocketUse, Provide, ClientParam,
    ClientFunction, ClientCall, HandledKind, HandledType, EmptyHandler, ClientFacts, TsConfig,
    PackageManifest,
)
from wscheck.facts.common import (  # noqa: F401
    Location, Role, Suppression, ParseFailure,
)
from wscheck.facts.refs import refs_in  # noqa: F401
from wscheck.facts.server import (  # noqa: F401
    EmitKind, LoopKind, CallSite, PAYLOAD_KEYWORDS, Emit, Call, SilentExcept, HandlerRole, Function, Symbol,
    JOINS_SYMBOL, SUPER, ClassDef, Framework, CALLBACK_ROLES, EndpointDecl, Handshake, RETURNED, RouterDecl,
    RouterInclude, RouterGroup, PythonFacts,
)
# The value algebra lives in wscheck.values; facts re-export it for the extractors.
from wscheck.values import (  # noqa: F401
    Arith, Bool, Conditional, Glob, Instance, Message, Num, Obj, OneOf, Opaque, Param, Ref, Str, Template, Value,
    contains_param, iter_values,
)

FileFacts = Union[PythonFacts, ClientFacts, TsConfig, PackageManifest, ParseFailure]
