"""The call pipeline's layers, one module each (see ``pipeline.py`` for how they compose and
``_engine.py`` for their order): cache, fallback, retry, router (with cooldown and health),
budget, rate and concurrency limits, the context-window check."""
