"""Speed benchmark of the extractor: `python -m bench` (or `make bench`). See bench/README.md."""
