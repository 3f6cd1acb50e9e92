"""Turning records into the formats other tools read."""
