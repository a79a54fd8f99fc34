"""Enrichment: quotes, speakers (people and their registry), built-in, user and suggested topics."""
