"""The call pipeline: small layers around one provider call, composed once per client.

A layer has two methods, one for unary calls and one for streams, each given the call's
context and the next step (Tower's ``Service``/``Layer`` idea):

    async def call(self, ctx, nxt) -> Result
    def stream(self, ctx, nxt) -> AsyncIterator[item]

``compose`` binds each layer to the one below it once, when the client is built, so a call
pays one coroutine frame per configured layer and nothing for a layer it does not have.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from functools import partial
from typing import Any, Protocol

from .. import errors
from .context import CallContext

Call = Callable[[CallContext], Awaitable[Any]]
Stream = Callable[[CallContext], AsyncIterator[Any]]


class Layer(Protocol):
    async def call(self, ctx: CallContext, nxt: Call) -> Any: ...

    def stream(self, ctx: CallContext, nxt: Stream) -> AsyncIterator[Any]: ...


def compose(layers: Sequence[Layer], call: Call, stream: Stream) -> tuple[Call, Stream]:
    """The entry points of ``layers`` (outermost first) around the innermost ``call`` and
    ``stream`` steps."""
    for layer in reversed(layers):
        call = partial(layer.call, nxt=call)
        stream = partial(layer.stream, nxt=stream)
    return call, stream


async def until_first_chunk(
    ctx: CallContext,
    nxt: Stream,
    recover: Callable[[errors.LiterLlmError], Awaitable[None]],
) -> AsyncIterator[Any]:
    """Run the stream below; when it fails before its first chunk reached the caller,
    ``recover(err)`` (which raises to give up) and run it again. A stream is never restarted
    once a chunk was delivered: that error is the caller's."""
    while True:
        delivered = False
        try:
            async for item in nxt(ctx):
                delivered = True
                yield item
            return
        except errors.LiterLlmError as e:
            if delivered:
                raise
            await recover(e)
