from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from pydantic import BaseModel, ConfigDict, PrivateAttr

# Fields a request may carry that are credentials: never in a repr (tracebacks with locals,
# as Sentry captures them, show reprs).
SECRET_FIELDS = frozenset({"api_key", "extra_headers"})


class Request(BaseModel):
    """A request model: unknown fields are kept and sent on (provider-specific options)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def to_wire(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True, by_alias=True)

    def __repr_args__(self) -> Iterator[tuple[str | None, Any]]:
        for k, v in super().__repr_args__():
            yield (k, "***") if k in SECRET_FIELDS else (k, v)


class Response(BaseModel):
    """A response model: unknown fields a provider returns are kept, never dropped."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


class TopLevelResponse(Response):
    """The whole answer of a call; ``meta`` says how liter_llm served it: deployment,
    provider, model, attempts with their error labels, fallbacks, latency. (Only top-level
    models carry the private attribute: pydantic initializes one per model instance.)"""

    _meta: Any = PrivateAttr(default=None)

    @property
    def meta(self) -> Any:
        """The call's ``liter_llm.Meta`` (None on a hand-built response)."""
        return self._meta
