"""Server side: Python modules read with libcst (the only package that imports it).

Import `extractor` only when a file is to be parsed: `patterns` is all a scan with nothing
relevant needs, and it loads no parser.
"""
