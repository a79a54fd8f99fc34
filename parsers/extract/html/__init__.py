"""HTML extraction."""
