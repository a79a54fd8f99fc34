"""The HTML family: page metadata, entry finding, bodies, JSON-LD, microdata and their merge."""
