"""Run-time verification: `wscheck probe` opens the running app's sockets and says which stay live."""
