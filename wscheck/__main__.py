"""`python -m wscheck`."""

from wscheck.entry import main

main()
