"""Semantic rules: the catalogue, the engine and the rules themselves."""
