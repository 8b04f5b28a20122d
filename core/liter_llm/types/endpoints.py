"""Answers of the endpoints beyond chat and embeddings, in OpenAI's shapes (rerank in
Cohere's, the one rerank servers share). Unknown fields are kept."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from ._base import Response, TopLevelResponse


class Image(Response):
    b64_json: str | None = None
    url: str | None = None
    revised_prompt: str | None = None


class ImagesResponse(TopLevelResponse):
    created: int = 0
    data: list[Image] = Field(default_factory=list)
    usage: dict[str, Any] | None = None


class Transcription(TopLevelResponse):
    """A transcription or translation (for the text, SRT and VTT formats: ``text`` only)."""

    text: str = ""
    language: str | None = None
    duration: float | None = None


class ModerationResult(Response):
    flagged: bool = False
    categories: dict[str, bool] = Field(default_factory=dict)
    category_scores: dict[str, float] = Field(default_factory=dict)


class Moderation(TopLevelResponse):
    id: str = ""
    model: str = ""
    results: list[ModerationResult] = Field(default_factory=list)


class RerankDocument(Response):
    text: str = ""


class RerankResult(Response):
    index: int
    relevance_score: float
    document: RerankDocument | None = None


class RerankResponse(TopLevelResponse):
    id: str | None = None
    model: str = ""
    results: list[RerankResult] = Field(default_factory=list)
    usage: dict[str, Any] | None = None


class FileObject(TopLevelResponse):
    id: str
    object: str = "file"
    bytes: int = 0
    created_at: int = 0
    filename: str = ""
    purpose: str = ""
    status: str | None = None


class FileList(TopLevelResponse):
    data: list[FileObject] = Field(default_factory=list)
    has_more: bool = False


class Deleted(TopLevelResponse):
    id: str
    object: str = ""
    deleted: bool = False


class Batch(TopLevelResponse):
    id: str
    object: str = "batch"
    endpoint: str = ""
    input_file_id: str = ""
    completion_window: str = ""
    status: str = ""
    output_file_id: str | None = None
    error_file_id: str | None = None
    created_at: int = 0
    request_counts: dict[str, int] | None = None
    metadata: dict[str, str] | None = None


class BatchList(TopLevelResponse):
    data: list[Batch] = Field(default_factory=list)
    has_more: bool = False


class ResponseUsage(Response):
    input_tokens: int = 0
    output_tokens: int = 0
    total_tokens: int = 0


class ResponseObject(TopLevelResponse):
    """A Responses API response (OpenAI's ``Response``); ``output`` items stay dicts."""

    id: str
    object: str = "response"
    created_at: float = 0
    status: str | None = None
    model: str = ""
    output: list[dict[str, Any]] = Field(default_factory=list)
    usage: ResponseUsage | None = None
    error: dict[str, Any] | None = None

    @property
    def output_text(self) -> str:
        """The text of the output messages, joined."""
        return "".join(
            part.get("text", "")
            for item in self.output
            if item.get("type") == "message"
            for part in item.get("content") or ()
            if isinstance(part, dict) and part.get("type") == "output_text"
        )
