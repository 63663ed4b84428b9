"""Traffic: `wscheck traffic` reads access logs and HAR files, finds the HTTP polling in them
(WS403) and, with `--project`, joins each polled path to the static scan (WS404). Nothing in
`wscheck check` imports this package."""
