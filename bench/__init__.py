"""Benchmarks with their data generators; results are written to bench/results/."""
