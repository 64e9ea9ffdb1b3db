"""The checks that turn what was read from a letter into flags for the reviewer."""

from corpus.checks.flag import Flag

__all__ = ["Flag"]
