from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Request(BaseModel):
    """A request model: unknown fields are kept and sent on (provider-specific options)."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    def to_wire(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True, by_alias=True)


class Response(BaseModel):
    """A response model: unknown fields a provider returns are kept, never dropped."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
