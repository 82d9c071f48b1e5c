"""Spider and downloader middlewares: link scope, private addresses, robots.txt, retries
with Retry-After, redirect loops and head-only meta refresh, the WARC archive, the
incremental check, network failures said once per host (docs/operations.md)."""
