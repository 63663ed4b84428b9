"""`python -m wscheck`."""

from wscheck.cli import main

main()
