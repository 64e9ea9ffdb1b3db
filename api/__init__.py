"""The service: CLI, HTTP API, storage, workers and the reviewer pages."""
