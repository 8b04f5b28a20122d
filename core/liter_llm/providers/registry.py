"""Providers as data rows: base URL, auth, key variable, adapter, quirks.

Adding a provider that speaks OpenAI's wire format is one row here, no code; a provider with
its own wire format names its adapter module (``providers/<adapter>.py``).
Quirks:
- ``no_stream_options``: the server rejects ``stream_options``; it is dropped.
- ``eof_ends_stream``: the server may end a stream without ``data: [DONE]``; a clean end of
  the body after a ``finish_reason`` is then accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class ProviderSpec:
    name: str
    base_url: str
    api_key_env: str | None = None
    auth_header: str = "Authorization"
    auth_prefix: str = "Bearer "
    requires_key: bool = True
    adapter: str = "openai"
    quirks: frozenset[str] = field(default_factory=frozenset)
    docs: str = ""


def _row(
    name: str,
    base_url: str,
    env: str | None,
    *quirks: str,
    key: bool = True,
    adapter: str = "openai",
) -> ProviderSpec:
    return ProviderSpec(
        name, base_url, env, requires_key=key, adapter=adapter, quirks=frozenset(quirks)
    )


PROVIDERS: dict[str, ProviderSpec] = {
    p.name: p
    for p in (
        _row("openai", "https://api.openai.com/v1", "OPENAI_API_KEY"),
        _row("groq", "https://api.groq.com/openai/v1", "GROQ_API_KEY"),
        _row("together", "https://api.together.xyz/v1", "TOGETHER_API_KEY"),
        _row("fireworks", "https://api.fireworks.ai/inference/v1", "FIREWORKS_API_KEY"),
        _row("deepseek", "https://api.deepseek.com/v1", "DEEPSEEK_API_KEY"),
        _row("openrouter", "https://openrouter.ai/api/v1", "OPENROUTER_API_KEY"),
        _row("xai", "https://api.x.ai/v1", "XAI_API_KEY"),
        _row(
            "perplexity", "https://api.perplexity.ai", "PERPLEXITYAI_API_KEY", "no_stream_options"
        ),
        _row(
            "mistral",
            "https://api.mistral.ai/v1",
            "MISTRAL_API_KEY",
            "no_stream_options",
            adapter="mistral",
        ),
        _row("cerebras", "https://api.cerebras.ai/v1", "CEREBRAS_API_KEY"),
        _row("deepinfra", "https://api.deepinfra.com/v1/openai", "DEEPINFRA_API_KEY"),
        _row("ollama", "http://localhost:11434/v1", "OLLAMA_API_KEY", "eof_ends_stream", key=False),
        _row("vllm", "http://localhost:8000/v1", "VLLM_API_KEY", key=False),
        _row("lmstudio", "http://localhost:1234/v1", "LM_STUDIO_API_KEY", key=False),
        # native wire formats: one adapter module each (providers/<adapter>.py)
        _row("anthropic", "https://api.anthropic.com", "ANTHROPIC_API_KEY", adapter="anthropic"),
        _row("cohere", "https://api.cohere.com", "COHERE_API_KEY", adapter="cohere"),
        _row(
            "gemini",
            "https://generativelanguage.googleapis.com",
            "GEMINI_API_KEY",
            adapter="gemini",
        ),
        _row(
            "vertex",
            "https://{location}-aiplatform.googleapis.com",
            None,
            "vertex",
            key=False,
            adapter="gemini",
        ),
        _row(
            "bedrock",
            "https://bedrock-runtime.{region}.amazonaws.com",
            "AWS_BEARER_TOKEN_BEDROCK",
            key=False,
            adapter="bedrock",
        ),
        _row(
            "azure",
            "https://YOUR-RESOURCE.openai.azure.com",
            "AZURE_API_KEY",
            key=False,
            adapter="azure",
        ),
    )
}


def get(name: str) -> ProviderSpec | None:
    return PROVIDERS.get(name)
