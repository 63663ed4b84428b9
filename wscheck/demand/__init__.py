"""Demand: which files each side extracts — a prefilter picks the first ones, and the facts
found ask for more (imported modules, router mounts, helper callers, hook users) until
nothing new is needed. One loop (`loop.run`) for both sides; `server` and `client` say
what to start from and what facts ask for."""
