"""Screens of the reader: the article reader, the article picker, the help screen and the library."""
