"""Normalisation shared by every format: text cleaning, times and zones, furniture rules."""
