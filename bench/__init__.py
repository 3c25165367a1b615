"""Benchmarks for the live boards (see docs/performance.md); not part of the site."""
