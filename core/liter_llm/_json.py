"""The JSON codec of the engine: orjson, strict both ways.

Decoding accepts UTF-8 JSON only: no BOM, no UTF-16/32, no lone surrogates, no NaN or
Infinity, at most 1,024 levels of nesting; anything else raises ``ValueError``. Encoding gives
compact UTF-8 and raises ``TypeError`` for what JSON cannot carry (a lone surrogate, a
non-string key). What this module accepts can be spliced into an envelope byte for byte.
"""

from __future__ import annotations

from typing import Any

import orjson

loads = orjson.loads


def dumps(obj: Any) -> bytes:
    return orjson.dumps(obj)


def dumps_or_invalid(obj: Any, what: str = "request") -> bytes:
    """``dumps`` for caller data: what cannot be JSON is ``invalid_argument``."""
    from . import errors

    try:
        return orjson.dumps(obj)
    except TypeError as e:
        raise errors.InvalidArgumentError(
            f"{what} cannot be encoded as JSON: {errors.excerpt(str(e), 120)}"
        ) from None


def dumps_sorted(obj: Any) -> bytes:
    """Canonical JSON (keys sorted at every level): equal data, equal bytes."""
    return orjson.dumps(obj, option=orjson.OPT_SORT_KEYS)
