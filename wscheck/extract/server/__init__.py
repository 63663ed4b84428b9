"""Server side: Python modules read with libcst (the only package that imports it)."""

from wscheck.extract.server.extractor import ServerOptions, extract_python
from wscheck.extract.server.fastapi import PREFILTER, ROUTER_MOUNTS

__all__ = ["PREFILTER", "ROUTER_MOUNTS", "ServerOptions", "extract_python"]
