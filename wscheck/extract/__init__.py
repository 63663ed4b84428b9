"""Extraction: one file's bytes to facts — `server/` with libcst, `client/` with tree-sitter."""
