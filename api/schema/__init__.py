"""The JSON Schema of the public contract."""
