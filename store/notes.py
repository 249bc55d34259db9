"""The notes an answer carries when it has no figures to give (part of the JSON contract)."""

NO_QUESTION = "Ask a question about figures, for example: death toll Qaryatayn?"
NO_FIGURES = "No figures in the store match this question."
UNKNOWN_PLACE = "The store has no articles about {place}."
