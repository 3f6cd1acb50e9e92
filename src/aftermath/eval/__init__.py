"""Scorers against gold sets in ../shared/data."""
