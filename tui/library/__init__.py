"""The library: every blog opened, exported or followed, kept in SQLite and searchable together.

No Textual here: `store` (the database), `codec` (the model as typed JSON) and `search` (the
user's query language and result rows) are plain Python the CLI, the reader and the tests use.
"""
