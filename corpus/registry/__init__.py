"""The regulation registry: instruments with a source for every fact, and their status on a date."""

from corpus.registry.model import Change, Instrument, Source, Status
from corpus.registry.registry import Registry, Resolution
from corpus.registry.store import default_registry, load_registry

__all__ = ["Change", "Instrument", "Registry", "Resolution", "Source", "Status",
           "default_registry", "load_registry"]
