using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LiterLlm.Testing
{
    /// <summary>A request the fake received: its op and its JSON.</summary>
    public sealed class SentRequest
    {
        /// <summary>"chat", "embed", "rerank", ...</summary>
        public string Op { get; private set; }
        /// <summary>The request as the JSON object it would have been sent as.</summary>
        public Dictionary<string, object> Request { get; private set; }
        internal SentRequest(string op, Dictionary<string, object> request) { Op = op; Request = request; }
    }

    /// <summary>A test double of <see cref="LiterLlmClient"/> that needs no native library:
    /// canned answers, errors and streams per op, and a record of what was sent. Pass it
    /// wherever your code takes a LiterLlmClient; every typed method (Chat, ChatAsync,
    /// RerankAsync, Stream, ...) runs through it. Answers of one op are used in order; the
    /// last repeats.</summary>
    /// <example><code>
    /// var fake = new FakeLlmClient()
    ///     .Answer("chat", new Dictionary&lt;string, object&gt; { { "choices", ... } })
    ///     .Fail("embed", "rate_limited");
    /// var service = new MyService(fake);
    /// ...
    /// Assert.AreEqual(1, fake.SentTo("chat").Count);
    /// </code></example>
    public sealed class FakeLlmClient : LiterLlmClient
    {
        readonly Dictionary<string, List<Func<CallResult>>> answers = new Dictionary<string, List<Func<CallResult>>>();
        readonly Dictionary<string, int> used = new Dictionary<string, int>();
        readonly List<SentRequest> sent = new List<SentRequest>();
        readonly object gate = new object();

        /// <summary>An empty fake: every op answers only what is queued for it.</summary>
        public FakeLlmClient() : base(true) { }

        /// <summary>Queue an answer (its data: a dictionary, or JSON text) for an op.</summary>
        public FakeLlmClient Answer(string op, object data)
        {
            var parsed = data is string ? Json.Parse((string)data) : data;
            return Queue(op, () => new CallResult(parsed, null));
        }

        /// <summary>Queue a failure: the label's exception, as the library would raise it.</summary>
        public FakeLlmClient Fail(string op, string label, string message = "faked")
        {
            return Queue(op, () => { throw LiterLlmException.Of(label, message); });
        }

        /// <summary>Queue a stream for a streamed op ("chat", "responses"): its events, then
        /// its final response.</summary>
        public FakeLlmClient Stream(string op, IEnumerable<Dictionary<string, object>> events, object final)
        {
            var evs = new List<Dictionary<string, object>>(events);
            return Queue("stream:" + op, () => new CallResult(new Dictionary<string, object> {
                { "events", evs }, { "final", final } }, null));
        }

        /// <summary>Every request received, in order.</summary>
        public IList<SentRequest> Sent { get { lock (gate) return sent.AsReadOnly(); } }

        /// <summary>The requests of one op, in order.</summary>
        public IList<Dictionary<string, object>> SentTo(string op)
        {
            lock (gate) return sent.FindAll(s => s.Op == op).ConvertAll(s => s.Request);
        }

        FakeLlmClient Queue(string op, Func<CallResult> f)
        {
            if (op == null) throw new ArgumentNullException("op");
            lock (gate)
            {
                List<Func<CallResult>> l;
                if (!answers.TryGetValue(op, out l)) answers[op] = l = new List<Func<CallResult>>();
                l.Add(f);
            }
            return this;
        }

        CallResult Next(string key, string op, object request)
        {
            Func<CallResult> f;
            lock (gate)
            {
                sent.Add(new SentRequest(op, RequestJson(request) as Dictionary<string, object>));
                List<Func<CallResult>> l;
                if (!answers.TryGetValue(key, out l) || l.Count == 0)
                    throw new InvalidOperationException("FakeLlmClient has no answer for '" + key + "'");
                int i;
                used.TryGetValue(key, out i);
                used[key] = i + 1;
                f = l[Math.Min(i, l.Count - 1)];
            }
            return f();
        }

        /// <inheritdoc/>
        public override CallResult CallWithMeta(string op, object request)
        {
            if (op == null) throw new ArgumentNullException("op");
            return Next(op, op, request);
        }

        /// <inheritdoc/>
        public override Task<CallResult> CallWithMetaAsync(string op, object request, CancellationToken token = default(CancellationToken))
        {
            token.ThrowIfCancellationRequested();
            try { return Task.FromResult(CallWithMeta(op, request)); }
            catch (LiterLlmException e)
            {
                var tcs = new TaskCompletionSource<CallResult>();
                tcs.SetException(e);
                return tcs.Task;
            }
        }

        internal override IStreamSource OpenSource(string op, object request)
        {
            var canned = (Dictionary<string, object>)Next("stream:" + op, op, request).Data;
            return new CannedSource((List<Dictionary<string, object>>)canned["events"], canned["final"]);
        }

        sealed class CannedSource : IStreamSource
        {
            readonly List<Dictionary<string, object>> events;
            readonly object final;
            int next;
            internal CannedSource(List<Dictionary<string, object>> events, object final) { this.events = events; this.final = final; }

            public CallResult Next()
            {
                if (next < events.Count) return new CallResult(new Dictionary<string, object> { { "chunk", events[next++] } }, null);
                return new CallResult(new Dictionary<string, object> { { "done", true }, { "response", final } }, null);
            }

            public Task<CallResult> NextAsync() { return Task.FromResult(Next()); }

            public void Free() { }
        }
    }
}
