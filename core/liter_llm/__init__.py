"""liter_llm: one LLM client engine for every language.

``import liter_llm`` is cheap: no network, no event loop, no provider data loaded.
"""

from ._version import __version__
from .client import AsyncChatStream, AsyncClient, ChatStream, Client, achat, chat, chat_stream, embed
from .errors import (
    LABELS,
    AuthenticationError,
    BudgetExceededError,
    CancelledError,
    ConnectionError,
    ContentPolicyError,
    ContextWindowExceededError,
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
from .types import ChatCompletion, ChatCompletionChunk, ChatRequest, EmbeddingResponse, ModelList

__all__ = [
    "LABELS",
    "AsyncChatStream",
    "AsyncClient",
    "AuthenticationError",
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
    "EmbeddingResponse",
    "InitFailedError",
    "InternalError",
    "InvalidArgumentError",
    "InvalidRequestError",
    "InvalidResponseError",
    "LiterLlmError",
    "ModelList",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitedError",
    "ServerError",
    "ServiceUnavailableError",
    "StreamIncompleteError",
    "TimeoutError",
    "UnsupportedError",
    "__version__",
    "achat",
    "chat",
    "chat_stream",
    "embed",
    "shutdown",
]


def shutdown() -> None:
    """Stop the library's event-loop thread (it restarts on the next call)."""
    from . import _runtime

    _runtime.shutdown()
