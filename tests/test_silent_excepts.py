"""WS107's reading of an `except` block: a broad catch that swallows the error is silent,
unless its line says the catch is meant (`# noqa: BLE001`, pylint's broad-except)."""

from __future__ import annotations

import libcst as cst
import pytest

from wscheck.extract.server.errors import silent_except


def _handler(comment: str) -> cst.ExceptHandler:
    module = cst.parse_module(f"try:\n    x()\nexcept Exception:{comment}\n    pass\n")
    return module.body[0].handlers[0]


@pytest.mark.parametrize("comment", ["", "  # client gone", "  # noqa: F401", "  # noqa: S113"])
def test_a_broad_silent_catch_is_reported(comment):
    assert silent_except(_handler(comment)) == ("Exception", "pass")


@pytest.mark.parametrize("comment", [
    "  # noqa: BLE001  # best-effort notice",
    "  # noqa: S110",
    "  # noqa",
    "  # noqa: E501, BLE001",
    "  # pylint: disable=broad-exception-caught",
])
def test_an_acknowledged_catch_is_not(comment):
    assert silent_except(_handler(comment)) is None
