"""Deciding which watches an article matches and why: the matcher, the verdict and the match store."""
