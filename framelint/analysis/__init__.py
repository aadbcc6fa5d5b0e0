"""Analyses over findings: compare, outlet profiles, and the quality harness."""
