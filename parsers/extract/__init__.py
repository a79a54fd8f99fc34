"""Extraction: one module per input format, turning decoded input into updates."""
