"""Extraction: from an article's text to its figures, with no database (see pipeline order in
the README's extraction section)."""
