"""The terminal reader: a Textual app over the `parsers` model. Knows nothing of HTML."""
