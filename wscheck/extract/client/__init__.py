"""Client extraction: TS/TSX/JS/JSX and Vue `<script>` sources to `ClientFacts`, via tree-sitter."""

from wscheck.extract.client.extractor import extract_client

__all__ = ["extract_client"]
