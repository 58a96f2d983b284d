"""Test support: what several test modules use, importable by name (`from support.site import
make_site`) instead of from conftest, which only declares the fixtures built on it. pyproject's
pytest `pythonpath` puts tests/ and scripts/ on sys.path, so a fresh clone runs it as is."""
