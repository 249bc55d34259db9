"""Performance benchmark for factdesk: see docs/benchmark.md."""
