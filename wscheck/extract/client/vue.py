"""Vue (and Svelte) single-file components: the `<script>` blocks, laid out at their original lines."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser


@dataclass(frozen=True)
class VueScript:
    """The script code of a .vue file, blanked around so that lines and columns match."""

    source: bytes
    lang: str  # "ts", "tsx", "js", ... ("js" when no block says otherwise)
    has_template: bool


class _BlockFinder(HTMLParser):
    """Records the character ranges of top-level `<script>` bodies and whether a
    `<template>` exists. html.parser treats script content as raw text, so JS is safe."""

    def __init__(self, line_starts: list[int]) -> None:
        super().__init__(convert_charrefs=False)
        self._line_starts = line_starts
        self.blocks: list[tuple[int, int]] = []
        self.langs: list[str] = []
        self.has_template = False
        self.outside_markup = False  # an element outside <script> and <style>
        self._open: int | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "template":
            self.has_template = True
        elif tag not in ("script", "style") and self._open is None:
            self.outside_markup = True
        elif tag == "script" and self._open is None:
            self._open = self._offset() + len(self.get_starttag_text() or "")
            self.langs.append((dict(attrs).get("lang") or "js").lower())

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.blocks.append((self._open, self._offset()))
            self._open = None


def _line_starts(text: str) -> list[int]:
    starts = [0]
    find = text.find
    position = find("\n")
    while position >= 0:
        starts.append(position + 1)
        position = find("\n", position + 1)
    return starts


def _blank(text: str) -> str:
    """Keep only the line breaks of `text`, and the width of its last line."""
    last = text.rfind("\n")
    return "\n" * text.count("\n") + " " * (len(text) - last - 1)


def vue_script(text: str, svelte: bool = False) -> VueScript:
    """The script blocks of a Vue SFC, everything else replaced by whitespace. A Svelte
    component has no `<template>`: its markup is whatever lies outside `<script>`/`<style>`."""
    finder = _BlockFinder(_line_starts(text))
    try:
        finder.feed(text)
        finder.close()
    except (AssertionError, ValueError):
        pass  # markup html.parser rejects (`<![a-z`): keep the blocks found before it
    pieces: list[str] = []
    position = 0
    for start, end in finder.blocks:
        if start < position or end < start:
            continue
        gap = _blank(text[position:start])
        if pieces and gap:  # `;` ends the previous block's last statement; newlines stay put
            blank_at = next((i for i, c in enumerate(gap) if c != "\n"), None)
            gap = ";" + gap if blank_at is None else gap[:blank_at] + ";" + gap[blank_at + 1 :]
        pieces.append(gap)
        pieces.append(text[start:end])
        position = end
    langs = set(finder.langs)
    lang = "tsx" if "tsx" in langs else "ts" if "ts" in langs else "js"
    has_template = finder.has_template or (svelte and bool(finder.outside_markup))
    return VueScript("".join(pieces).encode("utf-8"), lang, has_template)
