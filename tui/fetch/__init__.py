"""Fetching live blogs by URL: the only module that makes network requests (no Textual here).

`client` makes one polite HTTP request with every limit applied; `policy` says when to poll
again; `store` keeps every fetched version in the data dir; `follow` fetches a blog (and its
older pages when asked), parses it and merges each new version into what is shown.
"""
