"""SQLite storage via sqlite-utils: schema and migrations, writes, reads."""
