"""The HTTP API: the app, its routes, schemas and request limits."""
