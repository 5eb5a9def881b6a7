"""Turning fetched bytes into text: feeds, article extraction, canonical URLs, doc files, folding."""
