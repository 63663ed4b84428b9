"""`python -m wscheck`."""

try:
    from wscheck.entry import main
except KeyboardInterrupt:  # Ctrl-C while it loads: the same one line as later on
    import os
    import sys

    sys.stderr.write("wscheck: interrupted\n")
    os._exit(130)

main()
