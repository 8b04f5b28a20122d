"""Provider adapters: pure translation between the OpenAI shape and each wire format."""

from .registry import PROVIDERS, ProviderSpec

__all__ = ["PROVIDERS", "ProviderSpec"]
