"""liter_llm: one LLM client engine for every language.

``import liter_llm`` is cheap: no network, no event loop, no pydantic, no aiohttp until a
name that needs them is first used (PEP 562 lazy attributes). The C ABI path never loads
pydantic at all.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._version import __version__
from .errors import (
    LABELS,
    AuthenticationError,
    BudgetExceededError,
    CancelledError,
    ConnectionError,
    ContentPolicyError,
    ContextWindowExceededError,
    HookRejectedError,
    InitFailedError,
    InternalError,
    InvalidArgumentError,
    InvalidRequestError,
    InvalidResponseError,
    LiterLlmError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    ServiceUnavailableError,
    StreamIncompleteError,
    TimeoutError,
    UnsupportedError,
)

if TYPE_CHECKING:
    from .client import (
        AsyncChatStream,
        AsyncClient,
        AsyncResponseStream,
        ChatStream,
        Client,
        ResponseStream,
        achat,
        chat,
        chat_stream,
        embed,
    )
    from .middleware.context import Attempt, Meta
    from .providers.base import Binary
    from .types import (
        ChatCompletion,
        ChatCompletionChunk,
        ChatRequest,
        CostResult,
        EmbeddingResponse,
        ImagesResponse,
        ModelList,
        RerankResponse,
        ResponseObject,
        TokenCount,
        Transcription,
    )

_LAZY = {
    **{
        n: ".client"
        for n in (
            "AsyncChatStream",
            "AsyncClient",
            "AsyncResponseStream",
            "ChatStream",
            "Client",
            "ResponseStream",
            "achat",
            "chat",
            "chat_stream",
            "embed",
        )
    },
    **{
        n: ".types"
        for n in (
            "ChatCompletion",
            "ChatCompletionChunk",
            "ChatRequest",
            "CostResult",
            "EmbeddingResponse",
            "ImagesResponse",
            "ModelList",
            "RerankResponse",
            "ResponseObject",
            "TokenCount",
            "Transcription",
        )
    },
    "Attempt": ".middleware.context",
    "Binary": ".providers.base",
    "Meta": ".middleware.context",
}


def __getattr__(name: str) -> Any:
    mod = _LAZY.get(name)
    if mod is None:
        raise AttributeError(f"module 'liter_llm' has no attribute {name!r}")
    value = getattr(importlib.import_module(mod, __name__), name)
    globals()[name] = value
    return value


def shutdown() -> None:
    """Stop the library's event-loop thread (it restarts on the next call)."""
    from . import _runtime

    _runtime.shutdown()


__all__ = [
    "LABELS",
    "AsyncChatStream",
    "AsyncClient",
    "AsyncResponseStream",
    "Attempt",
    "AuthenticationError",
    "Binary",
    "BudgetExceededError",
    "CancelledError",
    "ChatCompletion",
    "ChatCompletionChunk",
    "ChatRequest",
    "ChatStream",
    "Client",
    "ConnectionError",
    "ContentPolicyError",
    "ContextWindowExceededError",
    "CostResult",
    "EmbeddingResponse",
    "HookRejectedError",
    "ImagesResponse",
    "InitFailedError",
    "InternalError",
    "InvalidArgumentError",
    "InvalidRequestError",
    "InvalidResponseError",
    "LiterLlmError",
    "Meta",
    "ModelList",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitedError",
    "RerankResponse",
    "ResponseObject",
    "ResponseStream",
    "ServerError",
    "ServiceUnavailableError",
    "StreamIncompleteError",
    "TimeoutError",
    "TokenCount",
    "Transcription",
    "UnsupportedError",
    "__version__",
    "achat",
    "chat",
    "chat_stream",
    "embed",
    "shutdown",
]
