"""Request middleware: retry policy, fallbacks (more to come: router, limits, budgets, cache)."""
