"""The notes an answer carries when it has no figures to give (part of the JSON contract)."""

NO_QUESTION = "Ask a question about figures, for example: death toll Qaryatayn?"
NO_FIGURES = "No figures in the store match this question."
UNKNOWN_PLACE = "The store has no articles about {place}."
NO_EVENTS_ON = "The store has nothing about {place} on {date}; the nearest dates it has are below."
NO_EVENTS_ON_ANYWHERE = "The store has nothing on {date}; the nearest dates it has are below."
