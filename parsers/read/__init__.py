"""Input reading: bytes from disk, decoded and size-checked, and format detection by content."""
