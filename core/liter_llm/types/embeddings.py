"""Embeddings in OpenAI's shapes."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from ._base import Request, Response, TopLevelResponse
from .chat import Usage


class EmbeddingRequest(Request):
    model: str
    input: str | list[str] | list[int] | list[list[int]]
    encoding_format: Literal["float", "base64"] | None = None
    dimensions: int | None = None
    user: str | None = None


class Embedding(Response):
    object: str = "embedding"
    index: int = 0
    embedding: list[float] | str = Field(default_factory=list)


class EmbeddingResponse(TopLevelResponse):
    object: str = "list"
    data: list[Embedding] = Field(default_factory=list)
    model: str = ""
    usage: Usage | None = None
