"""The SQLite history of sessions and answers; filled in by its own issue."""
