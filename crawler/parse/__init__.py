"""Turning fetched bytes into text: feeds, article extraction, canonical URLs, document files, text folding."""
