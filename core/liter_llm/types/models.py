"""Model lists in OpenAI's shapes."""

from __future__ import annotations

from pydantic import Field

from ._base import Response, TopLevelResponse


class Model(Response):
    id: str
    object: str = "model"
    created: int | None = None
    owned_by: str | None = None


class ModelList(TopLevelResponse):
    object: str = "list"
    data: list[Model] = Field(default_factory=list)
