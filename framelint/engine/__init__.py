"""The engine: one loop over the candidates of every kind, judged in context."""
