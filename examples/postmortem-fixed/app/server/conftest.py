# Lets pytest import `main`, `routes` and `services` when run from app/server.
