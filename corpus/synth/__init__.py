"""The project's own letter generator: realistic letters in its own words, with their truth."""
