"""Fuzz targets (atheris): `python -m fuzz.fields [libFuzzer options] [SEED_DIR]`."""
