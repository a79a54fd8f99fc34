"""Screens of the reader: the article reader, the article picker and the help screen."""
