"""Events: articles gathered by the real-world occurrence they report, claims within each, and
the lead a reporter would quote."""
