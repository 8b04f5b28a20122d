"""Chat completions: request, response and stream chunk, in OpenAI's shapes."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from ._base import Request, Response, TopLevelResponse


class ImageUrl(Request):
    url: str
    detail: Literal["auto", "low", "high"] | None = None


class InputAudio(Request):
    data: str
    format: str


class FileRef(Request):
    file_id: str | None = None
    file_data: str | None = None
    filename: str | None = None


class ContentPart(Request):
    """One part of a multimodal message: text, image_url, input_audio or file."""

    type: Literal["text", "image_url", "input_audio", "file", "refusal"] | str
    text: str | None = None
    image_url: ImageUrl | None = None
    input_audio: InputAudio | None = None
    file: FileRef | None = None
    refusal: str | None = None


class FunctionCall(Response):
    name: str = ""
    arguments: str = ""


class ToolCall(Response):
    id: str = ""
    type: Literal["function"] | str = "function"
    function: FunctionCall = Field(default_factory=FunctionCall)


class ChatMessage(Response):
    """A message in a request or a response (role, content, tool calls)."""

    role: Literal["system", "developer", "user", "assistant", "tool", "function"] | str
    content: str | list[ContentPart] | None = None
    name: str | None = None
    tool_calls: list[ToolCall] | None = None
    tool_call_id: str | None = None
    refusal: str | None = None
    reasoning_content: str | None = None


class FunctionDefinition(Request):
    name: str
    description: str | None = None
    parameters: dict[str, Any] | None = None
    strict: bool | None = None


class Tool(Request):
    type: Literal["function"] | str = "function"
    function: FunctionDefinition


class JsonSchemaFormat(Request):
    name: str
    schema_: dict[str, Any] | None = Field(default=None, alias="schema")
    description: str | None = None
    strict: bool | None = None


class ResponseFormat(Request):
    type: Literal["text", "json_object", "json_schema"] | str
    json_schema: JsonSchemaFormat | None = None


class StreamOptions(Request):
    include_usage: bool | None = None


class ChatRequest(Request):
    """An OpenAI-shaped chat request. ``model`` is ``provider/model`` or a bare model name.

    ``extra_body`` is merged into the provider's request body as is; any other unknown
    field is passed through too.
    """

    model: str
    messages: list[ChatMessage]
    tools: list[Tool] | None = None
    tool_choice: str | dict[str, Any] | None = None
    parallel_tool_calls: bool | None = None
    response_format: ResponseFormat | None = None
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    max_completion_tokens: int | None = None
    n: int | None = None
    stop: str | list[str] | None = None
    seed: int | None = None
    presence_penalty: float | None = None
    frequency_penalty: float | None = None
    logit_bias: dict[str, float] | None = None
    logprobs: bool | None = None
    top_logprobs: int | None = None
    reasoning_effort: Literal["minimal", "low", "medium", "high"] | str | None = None
    stream: bool | None = None
    stream_options: StreamOptions | None = None
    user: str | None = None
    metadata: dict[str, str] | None = None
    extra_body: dict[str, Any] | None = None


class PromptTokensDetails(Response):
    cached_tokens: int | None = None
    audio_tokens: int | None = None


class CompletionTokensDetails(Response):
    reasoning_tokens: int | None = None
    audio_tokens: int | None = None
    accepted_prediction_tokens: int | None = None
    rejected_prediction_tokens: int | None = None


class Usage(Response):
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    prompt_tokens_details: PromptTokensDetails | None = None
    completion_tokens_details: CompletionTokensDetails | None = None


class Choice(Response):
    index: int = 0
    message: ChatMessage
    finish_reason: str | None = None
    logprobs: dict[str, Any] | None = None


class ChatCompletion(TopLevelResponse):
    id: str = ""
    object: str = "chat.completion"
    created: int = 0
    model: str = ""
    choices: list[Choice] = Field(default_factory=list)
    usage: Usage | None = None
    system_fingerprint: str | None = None

    @property
    def content(self) -> str | None:
        """The first choice's text, the common case."""
        if not self.choices:
            return None
        c = self.choices[0].message.content
        return c if isinstance(c, str) or c is None else "".join(p.text or "" for p in c)


class ToolCallDelta(Response):
    index: int = 0
    id: str | None = None
    type: str | None = None
    function: FunctionCall | None = None


class Delta(Response):
    role: str | None = None
    content: str | None = None
    reasoning_content: str | None = None
    tool_calls: list[ToolCallDelta] | None = None
    refusal: str | None = None


class ChunkChoice(Response):
    index: int = 0
    delta: Delta = Field(default_factory=Delta)
    finish_reason: str | None = None
    logprobs: dict[str, Any] | None = None


class ChatCompletionChunk(Response):
    id: str = ""
    object: str = "chat.completion.chunk"
    created: int = 0
    model: str = ""
    choices: list[ChunkChoice] = Field(default_factory=list)
    usage: Usage | None = None
