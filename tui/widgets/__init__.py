"""Widgets of the reader: the timeline and the detail pane."""
