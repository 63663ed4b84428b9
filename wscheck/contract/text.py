"""Text: the contract as a tree, endpoint → types → broadcasters / client handlers."""

from __future__ import annotations

import io

from rich.console import Console
from rich.markup import escape
from rich.tree import Tree

from wscheck.units import per_minute
from wscheck.contract.build import UPDATED_BY, Contract
from wscheck.facts import Location

MARKS = {"pass": "✅", "fail": "❌", "n/a": "➖"}


def where(location: Location) -> str:
    return escape(f"{location.file}:{location.line}")  # source paths are never rich markup


def render(contract: Contract) -> str:
    root = Tree(f"WebSocket contract — {contract.coverage[0]}/{contract.coverage[1]} endpoints with broadcasting logic")
    for endpoint in contract.endpoints:
        phases = " ".join(MARKS[status] for status in endpoint.phases.values())
        node = root.add(f"[bold]{escape(endpoint.label)}[/bold]  {escape(endpoint.function)} ({where(endpoint.location)})  {phases}")
        if not endpoint.types:
            node.add("[dim]no typed messages[/dim]")
        for entry in endpoint.types:
            type_node = node.add(f"[cyan]{escape(entry.name)}[/cyan]")
            if entry.broadcast_at:
                broadcast = type_node.add("broadcast from")
            else:
                text = escape(UPDATED_BY[entry.updated_by])
                broadcast = type_node.add(f"[red]{text}[/red]" if entry.updated_by == "missing" else text)
            for location in entry.broadcast_at:
                broadcast.add(where(location))
            for location in entry.dead_at:
                type_node.add(f"dead broadcast (nothing calls or starts it): {where(location)}")
            if entry.handled_at:
                handled = type_node.add("handled by the client at")
                for location in entry.handled_at:
                    handled.add(where(location))
        if endpoint.connects:
            client = node.add("client connects from")
            for location, _ in endpoint.connects:
                client.add(where(location))
            for location, _ in endpoint.components:
                client.add(f"used by the component at {where(location)}")
            for timer in endpoint.socket_timers:
                client.add(f"{escape(timer.summary)} ({where(timer.location)})")
    if contract.other_broadcasts:
        others = root.add("broadcast, but sent by no endpoint")
        for name, locations in contract.other_broadcasts:
            others.add(f"{escape(name)}: " + ", ".join(where(loc) for loc in locations))
    if contract.other_socket_timers:
        timers = root.add("client timers sending over a socket (not HTTP polling) on no endpoint's socket found")
        for timer in contract.other_socket_timers:
            timers.add(f"{escape(timer.summary)} ({where(timer.location)})")
    polling = root.add(f"HTTP polling: {len(contract.polling)} site(s), {per_minute(contract.requests_per_minute)} requests/minute per client")
    for site in contract.polling:
        polling.add(escape(_polling_line(site)))
    out = io.StringIO()
    Console(file=out, width=160, highlight=False, no_color=True).print(root)
    return out.getvalue()


def _polling_line(site) -> str:
    location = f"{site.location.file}:{site.location.line}"
    interval = f"every {site.interval_ms / 1000:g} s" if site.interval_ms else "interval unknown"
    kind = "default for every query" if site.global_default else "fallback" if site.conditional else "unconditional"
    extra = f"; duplicates {', '.join(site.duplicates)}" if site.duplicates else ""
    return f"{location}  {site.kind} {interval} ({kind}){extra}"
