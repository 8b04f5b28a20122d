// IAsyncEnumerable over EventStream.NextAsync, for compilers with C# 8 and a runtime that has
// the interface (.NET Core 3.0 and later, .NET Standard 2.1). Mono's mcs (C# 7) skips this
// file's body; the tests cover NextAsync, which this only loops over.
#if NETCOREAPP3_0_OR_GREATER || NETSTANDARD2_1_OR_GREATER
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;

namespace LiterLlm
{
    public partial class EventStream : IAsyncEnumerable<Dictionary<string, object>>
    {
        /// <summary>The events without blocking a thread: <c>await foreach (var chunk in stream)</c>.
        /// Ending or leaving the loop frees the stream.</summary>
        public async IAsyncEnumerator<Dictionary<string, object>> GetAsyncEnumerator(
            [EnumeratorCancellation] CancellationToken token = default)
        {
            try
            {
                while (true)
                {
                    var chunk = await NextAsync(token).ConfigureAwait(false);
                    if (chunk == null) yield break;
                    yield return chunk;
                }
            }
            finally { Dispose(); }
        }
    }

    public sealed partial class ChatStream : IAsyncEnumerable<ChatChunk>
    {
        /// <summary>The chunks without blocking a thread: <c>await foreach (var chunk in stream)</c>.
        /// Ending or leaving the loop frees the stream.</summary>
        public async IAsyncEnumerator<ChatChunk> GetAsyncEnumerator([EnumeratorCancellation] CancellationToken token = default)
        {
            try
            {
                while (true)
                {
                    var chunk = await NextAsync(token).ConfigureAwait(false);
                    if (chunk == null) yield break;
                    yield return chunk;
                }
            }
            finally { Dispose(); }
        }
    }
}
#endif
