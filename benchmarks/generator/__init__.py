"""A deterministic synthetic FastAPI + React project for benchmarking wscheck (stdlib only)."""

from .project import generate
from .writer import DIST_FILES, MANIFEST_NAME, NODE_MODULES_FILES

__all__ = ["DIST_FILES", "MANIFEST_NAME", "NODE_MODULES_FILES", "generate"]
