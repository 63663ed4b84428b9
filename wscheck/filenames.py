"""File names as wscheck writes them: every path a report, a fingerprint or a module name holds.

A name that is not valid UTF-8 (Linux allows any bytes but `/` and NUL) reaches Python as
lone surrogates (`b"\\xff"` -> `"\\udcff"`), which no UTF-8 output can hold. Such a byte is
written `\\xff`, as Python's `backslashreplace` writes it, the same way in every format,
and the same on every run, so fingerprints and baselines stay stable. Discovery keeps the
real name to open the file.
"""

from __future__ import annotations

SURROGATES = range(0xD800, 0xE000)
ESCAPED_BYTES = range(0xDC80, 0xDD00)  # what `surrogateescape` made of one undecodable byte


def printable(name: str) -> str:
    """`name` with each undecodable byte written `\\xNN` (any other lone surrogate `\\uXXXX`)."""
    if name.isascii() or name.isprintable():
        return name  # the usual case, a test in C; a surrogate is never printable
    return "".join(_escaped(c) if ord(c) in SURROGATES else c for c in name)


def _escaped(char: str) -> str:
    code = ord(char)
    return f"\\x{code - 0xDC00:02x}" if code in ESCAPED_BYTES else f"\\u{code:04x}"
