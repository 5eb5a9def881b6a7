"""Scoring extracted facts against hand-labelled reports (`watchpost eval`, `make eval`)."""
