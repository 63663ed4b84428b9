"""Polling sites: the handlers of the client walk that turn query options, timers, RxJS
tickers and Apollo's `startPolling` into `PollingSite`s (a mixin of the extraction)."""

from __future__ import annotations

from wscheck.extract.client import contract, fetching, forwarding, options, rxjs, sites, socket_timers, swr, tanstack, timers
from wscheck.extract.client.nodes import FUNCTION_TYPES, Node, callee_of, unwrap
from wscheck.extract.client.scope import Binding, Known, ParamOverlay, Scope, param_specs
from wscheck.facts import (
    Belief, Bool, Conditional, Location, Opaque, Param, PollingKind, PollingSite, Ref, SocketTimer, Str, Template, Value,
)


class PollingHandlers:
    """Needs the extraction's `scopes`, `evaluator`, `verdicts`, `loc`, `module`,
    `top_scopes`, `option_modules`, `packages`, `polling`, `socket_timers`,
    `socket_sends`, `socket_names` and `hook_sends`."""

    def _option(self, node: Node, name: str, interval) -> None:
        """A query library's polling option (TanStack, SWR, Apollo, RTK Query); where no
        library is in sight, a polling-named option passed to a hook, believed by its name."""
        call = options.enclosing_call(node)
        passed_to = self._project_target(call) if call is not None else None
        passed = {"passed_to": passed_to, "passed_at": self.loc(call) if passed_to is not None else None}
        if name == tanstack.POLLING_KEY:
            self._polling(node, tanstack.gated(node, interval), **passed)
            return
        library = self.option_modules[name]
        if library.applies(node, self.packages):
            resource = swr.resource(node) if library is swr else None
            scope = self.scopes[-1]
            self._polling(
                node, interval, library.POLLING_KIND, library.is_global_default(node),
                resource=self._fetched_value(resource, scope) if resource is not None else None,
                **passed,
            )
        elif forwarding.believed_call(call):
            self._polling(node, interval, library.POLLING_KIND, False, belief=Belief.BY_NAME, **passed)

    def _project_target(self, call: Node) -> Ref | None:
        """The project function a call names, if it does (the model follows options into it)."""
        callee = callee_of(call) if call.type == "call_expression" else None
        if callee is None or sites.root_name(callee) not in self.watched:
            return None
        return sites.project_callee(self.evaluator, callee, self.scopes[-1], self.module, self.function_names, self.aliases)

    def _forwarded(self, call: Node, library: forwarding.Library) -> None:
        """A data-library call in a wrapper that passes the wrapper's options on: a site
        polling nowhere by itself, whose `parametric` interval the call sites fill in."""
        scope = self.scopes[-1]
        found = self.top_scopes.get(scope.function) if scope.function is not None else None
        if found is None:
            return
        top, function = found
        qualname = f"{self.module}:{scope.function}"
        params: dict[str, Binding] = {s.name: Known(Param(qualname, s.name)) for s in param_specs(function)[0]}
        if not params:
            return
        overlay = ParamOverlay(scope, top, params)
        for argument in forwarding.option_arguments(call, library):
            option = forwarding.forwarded(self.evaluator.value(argument, overlay), library.key, qualname)
            if option is not None:
                query_key, resource = self._library_resource(call, argument, library, scope)
                self.polling.append(PollingSite(
                    library.kind, Bool(False), self.loc(call), scope.function, False, query_key, resource,
                    parametric=option, belief=Belief.FORWARDED,
                ))  # fmt: skip
                return

    def _library_resource(self, call: Node, argument: Node, library, scope: Scope) -> tuple[Value | None, Value | None]:
        """(query key, what is fetched) of a library call: TanStack's `queryKey`/`queryFn`
        beside the spread options, SWR's key (the URL by convention) or else its fetcher."""
        arguments = [a for a in call.child_by_field_name("arguments").named_children if a.type != "comment"]
        inner = unwrap(argument)
        if library is forwarding.TANSTACK and inner.type == "object":
            key, query_fn = tanstack.query_parts(inner)
            return self._key_value(key, scope), self._function_resource(query_fn, scope)
        if library is forwarding.SWR and arguments:
            url = self._key_value(swr.key_url(arguments[0]), scope)
            if isinstance(url, (Str, Template)):
                return None, url
            return None, self._function_resource(arguments[1] if len(arguments) > 1 else None, scope)
        return None, None

    def _polling(
        self,
        node: Node,
        interval,
        kind: PollingKind = tanstack.POLLING_KIND,
        global_default: bool | None = None,
        resource: Value | None = None,
        fetcher: Value | None = None,
        belief: Belief = Belief.SEEN,
        passed_to: Ref | None = None,
        passed_at: Location | None = None,
    ) -> None:
        """One polling site; `interval(scope)` evaluates its interval in a scope."""
        scope = self.scopes[-1]
        value = interval(scope)
        if kind is tanstack.POLLING_KIND:
            global_default = tanstack.is_global_default(node)
            query_key, resource = self._query_key(node, scope), self._resource(node, scope)
        else:
            query_key = None
        site = PollingSite(
            kind,
            value,
            self.loc(node),
            scope.function,
            bool(global_default),
            query_key,
            resource,
            self._parametric(interval, value),
            fetcher,
            belief,
            passed_to,
            passed_at,
        )
        self.polling.append(site)

    def _parametric(self, interval, value: Value) -> Value | None:
        """The interval with the enclosing top-level function's parameters left open."""
        scope = self.scopes[-1]
        found = self.top_scopes.get(scope.function) if scope.function is not None else None
        if found is None:
            return None
        top, function = found
        qualname = f"{self.module}:{scope.function}"
        specs, _others = param_specs(function)
        params: dict[str, Binding] = {spec.name: Known(Param(qualname, spec.name)) for spec in specs}
        if not params:
            return None
        open_value = interval(ParamOverlay(scope, top, params))
        return open_value if open_value != value else None

    def _timer(self, call: Node, kind: PollingKind) -> None:
        """`setInterval(cb, ms)` whose callback fetches; `setTimeout` re-arming a fetching function."""
        arguments = call.child_by_field_name("arguments")
        args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
        if len(args) < 2:
            return
        callback, delay = args[0], args[1]
        scope = self.scopes[-1]
        if kind is PollingKind.SET_TIMEOUT:
            function = timers.rearmed_function(call, callback, lambda name: self.verdicts.local(name, scope))
            if function is None or timers.opens_socket(function):
                return  # not re-armed, or a reconnect loop
            verdict = self.verdicts.body(function, scope)
            if verdict == fetching.NO:  # `setTimeout(b, ms)` in `a`, with `b` fetching and calling `a`
                verdict = self.verdicts.callback(callback, scope)
        else:
            function = self.verdicts.function_of(callback, scope)
            verdict = self.verdicts.callback(callback, scope)
        if verdict == fetching.NO:
            if function is not None and self.socket_sends:
                self._socket_timer(call, kind, function, delay)
            return
        guard = timers.socket_guard(call) or timers.callback_guard(callback)

        def interval(at: Scope) -> Value:
            value = self.evaluator.value(delay, at)
            return value if guard is None else Conditional(guard, value, Bool(False))

        fetcher = None if verdict == fetching.YES else verdict
        self._polling(call, interval, kind, resource=self._timer_resource(function, fetcher, scope), fetcher=fetcher)

    def _socket_timer(self, call: Node, kind: PollingKind, function: Node, delay: Node) -> None:
        """A timer that sends over the socket instead: a pull or a keep-alive, for the map."""
        scope = self.scopes[-1]
        sends = socket_timers.sends_in(function, lambda name: self.verdicts.local(name, scope), self._is_send)
        if not sends:
            return
        refs = [ref for send in sends if (ref := socket_timers.socket_ref(send, self.evaluator, scope)) is not None]
        self.socket_timers.append(SocketTimer(
            kind, self.evaluator.value(delay, scope), self.loc(call), scope.function,
            tuple(socket_timers.message(send, self.evaluator, scope) for send in sends), tuple(dict.fromkeys(refs)),
        ))

    def _is_send(self, call: Node) -> bool:
        return socket_timers.is_send(call, self.socket_names, self.hook_sends)

    def _timer_resource(self, function: Node | None, fetcher: Value | None, scope: Scope) -> Value | None:
        """What a timer's callback fetches (for WS203): an inline URL, or the project function."""
        found = contract.first_fetch_in(function) if function is not None else None
        if found is not None:
            return self._fetched(*found, scope)
        return fetcher if isinstance(fetcher, Ref) else None

    def _streams(self, call: Node) -> None:
        """RxJS `interval(ms).pipe(switchMap(() => http.get(...)))`."""
        scope = self.scopes[-1]
        found = rxjs.ticker(call, scope, self.evaluator)
        if found is None:
            return
        source, period = found
        verdict, function = fetching.NO, None
        for projection in rxjs.projections(call, scope, self.evaluator):
            verdict = self.verdicts.callback(projection, scope)
            if verdict != fetching.NO:
                function = self.verdicts.function_of(projection, scope)
                break
        if verdict != fetching.NO:
            fetcher = None if verdict == fetching.YES else verdict
            resource = self._timer_resource(function, fetcher, scope)
            self._polling(
                source, lambda at: self.evaluator.value(period, at), PollingKind.RXJS_INTERVAL,
                resource=resource, fetcher=fetcher,
            )

    def _fetched_value(self, node: Node, scope: Scope) -> Value:
        return self.evaluator.value(node, scope)

    def _query_key(self, node: Node, scope: Scope) -> Value | None:
        return self._key_value(tanstack.query_key(node), scope)

    def _key_value(self, key: Node | None, scope: Scope) -> Value | None:
        if key is None:
            return None
        key = unwrap(key)
        if key.type == "array":  # ['system-status', id]: the first element names the resource
            elements = key.named_children
            return self.evaluator.value(elements[0], scope) if elements else None
        return self.evaluator.value(key, scope)

    def _fetched(self, call: Node, url: Node, scope: Scope) -> Value:
        """A URL given to an API client instance (`api.get('/queue')`) is relative to its
        baseURL, which we do not know: the path then only has to end the same way."""
        value = self.evaluator.value(url, scope)
        if contract.relative_to_instance(call):
            return Template((Opaque("baseURL"), value))
        return value

    def _resource(self, node: Node, scope: Scope) -> Value | None:
        return self._function_resource(tanstack.query_fn(node), scope)

    def _function_resource(self, query_fn: Node | None, scope: Scope) -> Value | None:
        """What `queryFn` fetches: an inline fetch's URL, or the function it names or calls."""
        if query_fn is None:
            return None
        query_fn = unwrap(query_fn)
        if query_fn.type == "identifier" and isinstance(self.evaluator.value(query_fn, scope), Opaque):
            query_fn = self.verdicts.function_of(query_fn, scope) or query_fn  # `const swrFn = () => ...`
        if query_fn.type in FUNCTION_TYPES:
            found = contract.first_fetch_in(query_fn)
            if found is not None:
                return self._fetched(*found, scope)
            called = contract.first_called_name(query_fn)
            return self.evaluator.value(called, scope) if called is not None else None
        return self.evaluator.value(query_fn, scope)

    def _callbacks(self, call: Node, scope: Scope) -> tuple[tuple[int, Value], ...]:
        """What each function-like argument of a project call shows about fetching, for a
        polling hook that runs its callback on a timer (`usePolling(fetchJobs, 5000)`)."""
        arguments = call.child_by_field_name("arguments")
        found = []
        index = 0
        for argument in arguments.named_children if arguments is not None else []:
            if argument.type == "comment":
                continue
            inner = unwrap(argument)
            if inner.type in FUNCTION_TYPES or inner.type in ("identifier", "member_expression"):
                verdict = self.verdicts.callback(inner, scope)
                if verdict != fetching.NO or inner.type in FUNCTION_TYPES:
                    found.append((index, verdict))
            index += 1
        return tuple(found)
