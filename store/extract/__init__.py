"""Extraction: from an article's text to its figures, with no database. The stages and the
order they run in are listed in `store.extract.pipeline`."""
