"""Extraction stage: bytes of one format to updates."""
