// Idiomatic layer: LiterLlmClient (IDisposable), async calls with CancellationToken through
// the C ABI's async call (no thread blocked per request), streams over the pull ABI.
using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace LiterLlm
{
    /// <summary>The client handle of the library, freed exactly once.</summary>
    internal sealed class ClientHandle : SafeHandle
    {
        public ClientHandle(ulong h) : base(IntPtr.Zero, true) { SetHandle(new IntPtr((long)h)); }
        public override bool IsInvalid { get { return handle == IntPtr.Zero; } }
        public ulong Value { get { return (ulong)handle.ToInt64(); } }
        protected override bool ReleaseHandle() { Native.ClientFree(Value); return true; }
    }

    /// <summary>A chat message of a request: system, user (text or parts), assistant (text
    /// and/or tool calls) or tool (a call's result). A completion's answer becomes one with
    /// <see cref="ChatCompletion.ToMessage"/>.</summary>
    public sealed class Message
    {
        /// <summary>system, user, assistant or tool.</summary>
        public string Role { get; private set; }
        /// <summary>The text, a list of <see cref="ContentPart"/>s, or null (tool calls only).</summary>
        public object Content { get; private set; }
        /// <summary>The tool calls of an assistant turn, or null.</summary>
        public IList<ToolCall> ToolCalls { get; private set; }
        /// <summary>The call a tool message answers, or null.</summary>
        public string ToolCallId { get; private set; }
        /// <summary>A message of a role and content.</summary>
        public Message(string role, object content)
        {
            if (role == null) throw new ArgumentNullException("role");
            Role = role;
            Content = content;
        }
        /// <summary>A system instruction.</summary>
        public static Message System(string text) { return new Message("system", text); }
        /// <summary>A user's text.</summary>
        public static Message User(string text) { return new Message("user", text); }
        /// <summary>A user's message of several parts (text, images).</summary>
        public static Message User(params ContentPart[] parts) { return new Message("user", new List<ContentPart>(parts)); }
        /// <summary>An earlier answer of the model (its text may be null when it called tools).</summary>
        public static Message Assistant(string text, IList<ToolCall> toolCalls = null)
        {
            return new Message("assistant", text) { ToolCalls = toolCalls == null ? null : new List<ToolCall>(toolCalls) };
        }
        /// <summary>The result of the tool call <paramref name="toolCallId"/>, sent back to the model.</summary>
        public static Message Tool(string toolCallId, string content)
        {
            if (toolCallId == null) throw new ArgumentNullException("toolCallId");
            return new Message("tool", content) { ToolCallId = toolCallId };
        }
        internal Dictionary<string, object> ToJson()
        {
            var d = new Dictionary<string, object> { { "role", Role } };
            var parts = Content as List<ContentPart>;
            if (parts != null) d["content"] = parts.ConvertAll(p => (object)p.ToJson());
            else if (Content != null) d["content"] = Content;
            if (ToolCalls != null && ToolCalls.Count > 0)
            {
                var calls = new List<object>();
                foreach (var c in ToolCalls) calls.Add(c.ToJson());
                d["tool_calls"] = calls;
            }
            if (ToolCallId != null) d["tool_call_id"] = ToolCallId;
            return d;
        }
    }

    /// <summary>One part of a multimodal user message.</summary>
    public sealed class ContentPart
    {
        readonly Dictionary<string, object> json;
        ContentPart(Dictionary<string, object> json) { this.json = json; }
        /// <summary>A text part.</summary>
        public static ContentPart Text(string text) { return new ContentPart(new Dictionary<string, object> { { "type", "text" }, { "text", text } }); }
        /// <summary>An image part: a URL or a data: URL.</summary>
        public static ContentPart Image(string url)
        {
            return new ContentPart(new Dictionary<string, object> { { "type", "image_url" }, { "image_url", new Dictionary<string, object> { { "url", url } } } });
        }
        internal Dictionary<string, object> ToJson() { return json; }
    }

    /// <summary>A call the model made to one of the request's tools.</summary>
    public sealed class ToolCall
    {
        /// <summary>The call's id, which the tool message answering it names.</summary>
        public string Id { get; private set; }
        /// <summary>The function called.</summary>
        public string Name { get; private set; }
        /// <summary>Its arguments as JSON text.</summary>
        public string Arguments { get; private set; }
        /// <summary>A tool call.</summary>
        public ToolCall(string id, string name, string arguments) { Id = id; Name = name; Arguments = arguments; }
        internal Dictionary<string, object> ToJson()
        {
            return new Dictionary<string, object> {
                { "id", Id }, { "type", "function" },
                { "function", new Dictionary<string, object> { { "name", Name }, { "arguments", Arguments } } } };
        }
    }

    /// <summary>A tool the model may call.</summary>
    public sealed class Tool
    {
        readonly Dictionary<string, object> json;
        Tool(Dictionary<string, object> json) { this.json = json; }
        /// <summary>A function tool; <paramref name="parameters"/> is a JSON schema.</summary>
        public static Tool Function(string name, string description, IDictionary<string, object> parameters)
        {
            var f = new Dictionary<string, object> { { "name", name } };
            if (description != null) f["description"] = description;
            if (parameters != null) f["parameters"] = parameters;
            return new Tool(new Dictionary<string, object> { { "type", "function" }, { "function", f } });
        }
        /// <summary>Structured output: an answer that is JSON of <paramref name="schema"/> (a ResponseFormat value).</summary>
        public static Dictionary<string, object> JsonSchemaFormat(string name, IDictionary<string, object> schema, bool strict)
        {
            return new Dictionary<string, object> { { "type", "json_schema" }, { "json_schema",
                new Dictionary<string, object> { { "name", name }, { "schema", schema }, { "strict", strict } } } };
        }
        internal Dictionary<string, object> ToJson() { return json; }
    }

    /// <summary>An OpenAI-shaped chat request; <see cref="Extra"/> carries any other field
    /// (provider-specific, or per-call options such as "timeout", "max_retries", "fallbacks").
    /// A key a typed property sets may not appear in Extra (an error, never an overwrite).</summary>
    public sealed class ChatRequest
    {
        /// <summary>"provider/model" or a bare model name.</summary>
        public string Model { get; set; }
        /// <summary>The conversation.</summary>
        public List<Message> Messages { get; set; } = new List<Message>();
        /// <summary>The tools the model may call.</summary>
        public List<Tool> Tools { get; set; }
        /// <summary>"auto", "none", "required", or a tool selection dictionary.</summary>
        public object ToolChoice { get; set; }
        /// <summary>The answer's format (see <see cref="Tool.JsonSchemaFormat"/>).</summary>
        public IDictionary<string, object> ResponseFormat { get; set; }
        /// <summary>Sampling temperature.</summary>
        public double? Temperature { get; set; }
        /// <summary>Largest number of tokens to generate.</summary>
        public int? MaxTokens { get; set; }
        /// <summary>Extra fields merged into the JSON request.</summary>
        public Dictionary<string, object> Extra { get; set; } = new Dictionary<string, object>();

        internal Dictionary<string, object> ToJson()
        {
            var d = new Dictionary<string, object>();
            d["model"] = Model;
            var msgs = new List<object>();
            foreach (var m in Messages) msgs.Add(m.ToJson());
            d["messages"] = msgs;
            if (Tools != null) d["tools"] = Tools.ConvertAll(t => (object)t.ToJson());
            if (ToolChoice != null) d["tool_choice"] = ToolChoice;
            if (ResponseFormat != null) d["response_format"] = ResponseFormat;
            if (Temperature.HasValue) d["temperature"] = Temperature.Value;
            if (MaxTokens.HasValue) d["max_tokens"] = MaxTokens.Value;
            foreach (var kv in Extra ?? new Dictionary<string, object>())
            {
                if (d.ContainsKey(kv.Key) || kv.Key == "tools" || kv.Key == "tool_choice" || kv.Key == "response_format")
                    throw LiterLlmException.Of("invalid_argument", "Extra sets \"" + kv.Key + "\", which a typed property of ChatRequest sets");
                d[kv.Key] = kv.Value;
            }
            return d;
        }
    }

    /// <summary>Any streamed op ("chat" chunks, "responses" events): enumerate the events
    /// (blocking), or await <see cref="NextAsync"/> (on .NET, <c>await foreach</c>);
    /// <see cref="Final"/> is the final response after the end. Dispose to stop early (the
    /// upstream request is closed).</summary>
    public partial class EventStream : IEnumerable<Dictionary<string, object>>, IDisposable
    {
        readonly IStreamSource source;
        int freed;
        volatile bool ended;
        /// <summary>The final response once enumeration ended.</summary>
        public Response Final { get; private set; }

        /// <summary>The final response's wrapper (a chat stream's is a ChatCompletion).</summary>
        protected virtual Response Wrap(object raw) { return new Response(raw); }

        internal EventStream(IStreamSource source, CancellationToken token)
        {
            this.source = source;
            if (token.CanBeCanceled) token.Register(Dispose);
        }

        /// <summary>The events (for a chat, chunks in OpenAI's chunk shape).</summary>
        public IEnumerator<Dictionary<string, object>> GetEnumerator()
        {
            try
            {
                while (true)
                {
                    var r = source.Next();
                    var ev = (Dictionary<string, object>)r.Data;
                    object done;
                    if (ev.TryGetValue("done", out done) && done is bool && (bool)done)
                    {
                        End(ev, r.Meta);
                        yield break;
                    }
                    yield return (Dictionary<string, object>)ev["chunk"];
                }
            }
            finally { Dispose(); }
        }

        void End(Dictionary<string, object> ev, Meta meta)
        {
            var r = Wrap(ev["response"]);
            r.Meta = meta;
            Final = r;
            ended = true;
        }

        /// <summary>The next event without blocking a thread, or null after the end (then
        /// <see cref="Final"/> is set and the stream is freed). Call it again only after the
        /// previous task finished. The token stops the stream (and the upstream request): the task
        /// then fails with <see cref="OperationCanceledException"/>. A provider error fails it with
        /// the label's <see cref="LiterLlmException"/>.</summary>
        public async Task<Dictionary<string, object>> NextAsync(CancellationToken token = default(CancellationToken))
        {
            if (ended) return null;
            token.ThrowIfCancellationRequested();
            CallResult r;
            // Freeing the stream answers the pending event with "cancelled".
            using (token.CanBeCanceled ? token.Register(Dispose) : default(CancellationTokenRegistration))
            {
                try { r = await source.NextAsync().ConfigureAwait(false); }
                catch (CancelledException) when (token.IsCancellationRequested) { throw new OperationCanceledException(token); }
                catch { Dispose(); throw; }
            }
            var ev = (Dictionary<string, object>)r.Data;
            object done;
            if (ev.TryGetValue("done", out done) && done is bool && (bool)done)
            {
                End(ev, r.Meta);
                Dispose();
                return null;
            }
            return (Dictionary<string, object>)ev["chunk"];
        }

        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }

        /// <summary>Free the stream (cancels it if it still runs). Idempotent.</summary>
        public void Dispose()
        {
            if (Interlocked.Exchange(ref freed, 1) == 0) source.Free();
        }
    }

    /// <summary>Where a stream's envelopes come from: the library's pull stream, or a fake's
    /// canned events.</summary>
    internal interface IStreamSource
    {
        CallResult Next();
        Task<CallResult> NextAsync();
        void Free();
    }

    sealed class NativeStreamSource : IStreamSource
    {
        readonly ulong stream;
        internal NativeStreamSource(ulong stream) { this.stream = stream; }

        public CallResult Next() { return Native.CheckResult(Native.Take(Native.StreamNext(stream))); }

        public async Task<CallResult> NextAsync()
        {
            var tcs = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            var gc = GCHandle.Alloc(tcs);
            try { Native.Check(Native.Take(Native.StreamNextAsync(stream, Native.DoneThunk, GCHandle.ToIntPtr(gc)))); }
            catch { gc.Free(); throw; } // refused: the callback never runs
            return (CallResult)await tcs.Task.ConfigureAwait(false);
        }

        public void Free() { Native.StreamFree(stream); }
    }

    /// <summary>A streamed chat: <c>foreach</c> gives typed <see cref="ChatChunk"/>s (blocking),
    /// or await <see cref="NextAsync"/>; <see cref="Response"/> is the accumulated completion
    /// after the end. Dispose (or the token) stops it and closes the upstream request.</summary>
    public sealed partial class ChatStream : IEnumerable<ChatChunk>, IDisposable
    {
        readonly EventStream events;

        internal ChatStream(IStreamSource source, CancellationToken token) { events = new ChatEvents(source, token); }

        /// <summary>The chunks, typed.</summary>
        public IEnumerator<ChatChunk> GetEnumerator()
        {
            foreach (var ev in events) yield return new ChatChunk(ev);
        }

        IEnumerator IEnumerable.GetEnumerator() { return GetEnumerator(); }

        /// <summary>The next chunk without blocking a thread, or null after the end (see
        /// <see cref="EventStream.NextAsync"/> for cancellation and errors).</summary>
        public async Task<ChatChunk> NextAsync(CancellationToken token = default(CancellationToken))
        {
            var ev = await events.NextAsync(token).ConfigureAwait(false);
            return ev == null ? null : new ChatChunk(ev);
        }

        /// <summary>The accumulated completion once enumeration ended, else null.</summary>
        public ChatCompletion Response { get { return (ChatCompletion)events.Final; } }

        /// <summary>Free the stream (cancels it if it still runs). Idempotent.</summary>
        public void Dispose() { events.Dispose(); }

        sealed class ChatEvents : EventStream
        {
            internal ChatEvents(IStreamSource source, CancellationToken token) : base(source, token) { }

            protected override Response Wrap(object raw) { return new ChatCompletion(raw); }
        }
    }

    /// <summary>A liter_llm client: a configuration plus its own connection pool. Thread-safe.</summary>
    public partial class LiterLlmClient : IDisposable
    {
        readonly ClientHandle handle;
        readonly HookSink hooks;
        GCHandle hooksHandle;
        readonly object hookGate = new object();

        /// <summary>Raised before each call is sent, on a library worker thread;
        /// <see cref="CallRequestEventArgs.Reject"/> (or throwing) refuses the call.</summary>
        public event EventHandler<CallRequestEventArgs> Requesting
        {
            add { lock (hookGate) { hooks.Requesting += value; Sync("on_request", hooks.Requesting != null); } }
            remove { lock (hookGate) { hooks.Requesting -= value; Sync("on_request", hooks.Requesting != null); } }
        }

        /// <summary>Raised after each answered call (a stream's final answer), on a library worker thread.</summary>
        public event EventHandler<CallEventArgs> Responded
        {
            add { lock (hookGate) { hooks.Responded += value; Sync("on_response", hooks.Responded != null); } }
            remove { lock (hookGate) { hooks.Responded -= value; Sync("on_response", hooks.Responded != null); } }
        }

        /// <summary>Raised after each failed call, on a library worker thread.</summary>
        public event EventHandler<CallEventArgs> Failed
        {
            add { lock (hookGate) { hooks.Failed += value; Sync("on_error", hooks.Failed != null); } }
            remove { lock (hookGate) { hooks.Failed -= value; Sync("on_error", hooks.Failed != null); } }
        }

        // A client pays for hooks only while an event has a handler.
        void Sync(string ev, bool on)
        {
            if (!hooksHandle.IsAllocated) hooksHandle = GCHandle.Alloc(hooks);
            WithHandle(h => Native.Check(Native.Take(Native.SetHook(h, Native.Utf8Z(ev),
                on ? HookSink.Thunk : null, on ? GCHandle.ToIntPtr(hooksHandle) : IntPtr.Zero))));
        }

        /// <summary>This client's Prometheus metrics in the text exposition format (config
        /// "telemetry": {"metrics": true}).</summary>
        public string Metrics()
        {
            var d = (Dictionary<string, object>)Call("metrics", new Dictionary<string, object>());
            return (string)d["text"];
        }

        /// <summary>A client without the library, for the test double (Testing.FakeLlmClient).</summary>
        internal LiterLlmClient(bool noLibrary) { hooks = new HookSink(this); }

        /// <summary>Create a client. Config keys as in the C header: provider, api_key,
        /// api_key_env, base_url, headers, max_retries, timeout, fallbacks, providers, ...</summary>
        public LiterLlmClient(IDictionary<string, object> config = null)
        {
            Native.Load();
            ulong h;
            string cfg = Json.Write(config ?? new Dictionary<string, object>());
            Native.Check(Native.Take(Native.ClientNew(Native.Utf8Z(cfg), out h)));
            handle = new ClientHandle(h);
            hooks = new HookSink(this);
        }

        /// <summary>Create a client from typed options.</summary>
        public LiterLlmClient(LiterLlmOptions options) : this(Checked(options).ToDictionary()) { }

        static LiterLlmOptions Checked(LiterLlmOptions o)
        {
            if (o == null) throw new ArgumentNullException("options");
            return o;
        }

        /// <summary>Library version information.</summary>
        public static Dictionary<string, object> Version()
        {
            Native.Load();
            return (Dictionary<string, object>)Native.Check(Native.Take(Native.Version()));
        }

        /// <summary>Stop the library's I/O thread (it restarts on the next call).</summary>
        public static void Shutdown() { Native.Load(); Native.Shutdown(); }

        T WithHandle<T>(Func<ulong, T> f)
        {
            if (handle == null) throw LiterLlmException.Of("unsupported", "a fake client has no library (hooks are not faked)");
            if (handle.IsClosed) throw LiterLlmException.Of("invalid_argument", "client is disposed");
            bool added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                return f(handle.Value);
            }
            catch (ObjectDisposedException) { throw LiterLlmException.Of("invalid_argument", "client is disposed"); }
            finally { if (added) handle.DangerousRelease(); }
        }

        static byte[] Request(object request)
        {
            if (request == null) throw new ArgumentNullException("request");
            var cr = request as ChatRequest;
            try { return Native.Utf8Z(request is string ? (string)request : Json.Write(Traced(cr != null ? cr.ToJson() : request))); }
            catch (ArgumentException e) { throw LiterLlmException.Of("invalid_argument", e.Message); }
        }

        // System.Diagnostics.Activity where the runtime has it (.NET; not Mono's class library).
        static readonly Type ActivityType = Type.GetType("System.Diagnostics.Activity, System.Diagnostics.DiagnosticSource");
        static readonly System.Reflection.PropertyInfo ActivityCurrent = ActivityType != null ? ActivityType.GetProperty("Current") : null;

        /// <summary>A dictionary request with the W3C trace context of Activity.Current (when
        /// the runtime has Activity and the request names no traceparent of its own).</summary>
        static object Traced(object request)
        {
            var d = request as IDictionary<string, object>;
            if (ActivityCurrent == null || d == null || d.ContainsKey("traceparent")) return request;
            var act = ActivityCurrent.GetValue(null, null);
            if (act == null) return request;
            var id = ActivityType.GetProperty("Id").GetValue(act, null) as string;
            if (id == null || !id.StartsWith("00-")) return request;  // W3C ids only
            var copy = new Dictionary<string, object>(d);
            copy["traceparent"] = id;
            var state = ActivityType.GetProperty("TraceStateString").GetValue(act, null) as string;
            if (!string.IsNullOrEmpty(state)) copy["tracestate"] = state;
            return copy;
        }

        /// <summary>Any op of the C ABI, blocking. The request is a ChatRequest, a dictionary or JSON text.</summary>
        public object Call(string op, object request) { return CallWithMeta(op, request).Data; }

        /// <summary><see cref="Call"/> with how the call was served (deployment, attempts, latency).</summary>
        public virtual CallResult CallWithMeta(string op, object request)
        {
            if (op == null) throw new ArgumentNullException("op");
            var body = Request(request);
            return WithHandle(h => Native.CheckResult(Native.Take(Native.Call(h, Native.Utf8Z(op), body))));
        }

        /// <summary>Any op of the C ABI without blocking a thread; the token cancels the upstream request.</summary>
        public async Task<object> CallAsync(string op, object request, CancellationToken token = default(CancellationToken))
        {
            return (await CallWithMetaAsync(op, request, token).ConfigureAwait(false)).Data;
        }

        /// <summary><see cref="CallAsync"/> with how the call was served.</summary>
        public virtual Task<CallResult> CallWithMetaAsync(string op, object request, CancellationToken token = default(CancellationToken))
        {
            if (op == null) throw new ArgumentNullException("op");
            var body = Request(request);
            token.ThrowIfCancellationRequested();
            var tcs = new TaskCompletionSource<object>(TaskCreationOptions.RunContinuationsAsynchronously);
            var gc = GCHandle.Alloc(tcs);
            ulong rid;
            try
            {
                var ack = (Dictionary<string, object>)WithHandle(h =>
                    Native.Check(Native.Take(Native.CallAsync(h, Native.Utf8Z(op), body, Native.DoneThunk, GCHandle.ToIntPtr(gc)))));
                rid = Convert.ToUInt64(ack["request_id"]);
            }
            catch { gc.Free(); throw; } // refused: the callback never runs
            if (token.CanBeCanceled)
            {
                var reg = token.Register(() =>
                {
                    try { WithHandle(h => Native.Take(Native.Cancel(h, rid))); } catch (LiterLlmException) { }
                });
                tcs.Task.ContinueWith(_ => reg.Dispose(), TaskScheduler.Default);
            }
            return tcs.Task.ContinueWith(t =>
            {
                if (t.IsFaulted && t.Exception.InnerException is CancelledException && token.IsCancellationRequested)
                    throw new OperationCanceledException(token);
                if (t.IsFaulted) System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(t.Exception.InnerException).Throw();
                return (CallResult)t.Result;
            }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        /// <summary><see cref="CallWithMeta(string, object)"/> with per-call options.</summary>
        public CallResult CallWithMeta(string op, object request, CallOptions options)
        {
            return CallWithMeta(op, CallOptions.Apply(request, options));
        }

        /// <summary><see cref="CallWithMetaAsync(string, object, CancellationToken)"/> with per-call options.</summary>
        public Task<CallResult> CallWithMetaAsync(string op, object request, CallOptions options, CancellationToken token = default(CancellationToken))
        {
            return CallWithMetaAsync(op, CallOptions.Apply(request, options), token);
        }

        /// <summary>A chat completion, blocking.</summary>
        public ChatCompletion Chat(ChatRequest request, CallOptions options = null)
        {
            if (request == null) throw new ArgumentNullException("request");
            var r = CallWithMeta("chat", request, options);
            return new ChatCompletion(r.Data) { Meta = r.Meta };
        }

        /// <summary>A chat completion without blocking a thread; the token cancels the upstream request.</summary>
        public Task<ChatCompletion> ChatAsync(ChatRequest request, CancellationToken token = default(CancellationToken))
        {
            return ChatAsync(request, null, token);
        }

        /// <summary><see cref="ChatAsync(ChatRequest, CancellationToken)"/> with per-call options.</summary>
        public async Task<ChatCompletion> ChatAsync(ChatRequest request, CallOptions options, CancellationToken token = default(CancellationToken))
        {
            if (request == null) throw new ArgumentNullException("request");
            var r = await CallWithMetaAsync("chat", request, options, token).ConfigureAwait(false);
            return new ChatCompletion(r.Data) { Meta = r.Meta };
        }

        /// <summary>What a usage (OpenAI's shape) costs for a "provider/model", offline, from
        /// the shipped catalog and the client's "pricing" overrides.</summary>
        public Cost Cost(string model, IDictionary<string, object> usage)
        {
            if (model == null) throw new ArgumentNullException("model");
            if (usage == null) throw new ArgumentNullException("usage");
            return LiterLlm.Cost.Of(Call("cost", new Dictionary<string, object> { { "model", model }, { "usage", usage } }));
        }

        /// <summary>How many tokens a request is for its model: "model" and "messages" (and
        /// "tools") or "text"; "exact": true asks the provider where it can.</summary>
        public TokenCount CountTokens(IDictionary<string, object> request)
        {
            return TokenCount.Of(Call("count_tokens", request));
        }

        /// <summary>Spend and counters of the client's budgets and rate limits: the global scope,
        /// every deployment, and the model and caller key given (null for none).</summary>
        public UsageReport Usage(string model = null, string key = null)
        {
            var req = new Dictionary<string, object>();
            if (model != null) req["model"] = model;
            if (key != null) req["key"] = key;
            return new UsageReport(Call("usage", req));
        }

        /// <summary>Embeddings; the request has "model" and "input".</summary>
        public Embeddings Embed(IDictionary<string, object> request, CallOptions options = null)
        {
            return Typed("embed", CallOptions.Apply(request, options), r => new Embeddings(r));
        }

        /// <summary>Embeddings without blocking a thread.</summary>
        public Task<Embeddings> EmbedAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken))
        {
            return EmbedAsync(request, null, token);
        }

        /// <summary><see cref="EmbedAsync(IDictionary{string, object}, CancellationToken)"/> with per-call options.</summary>
        public Task<Embeddings> EmbedAsync(IDictionary<string, object> request, CallOptions options, CancellationToken token = default(CancellationToken))
        {
            return TypedAsync("embed", CallOptions.Apply(request, options), r => new Embeddings(r), token);
        }

        static Dictionary<string, object> ProviderOf(string provider)
        {
            var req = new Dictionary<string, object>();
            if (provider != null) req["provider"] = provider;
            return req;
        }

        /// <summary>The model list of a provider (null: the client's default).</summary>
        public ModelList Models(string provider = null) { return Typed("models", ProviderOf(provider), r => new ModelList(r)); }

        /// <summary>The model list of a provider without blocking a thread.</summary>
        public Task<ModelList> ModelsAsync(string provider = null, CancellationToken token = default(CancellationToken))
        {
            return TypedAsync("models", ProviderOf(provider), r => new ModelList(r), token);
        }

        /// <summary>A streamed chat over the pull stream; the token or Dispose stops it.</summary>
        public ChatStream Stream(object request, CancellationToken token = default(CancellationToken))
        {
            return new ChatStream(OpenSource("chat", request), token);
        }

        /// <summary>A streamed chat with per-call options.</summary>
        public ChatStream Stream(object request, CallOptions options, CancellationToken token = default(CancellationToken))
        {
            return new ChatStream(OpenSource("chat", CallOptions.Apply(request, options)), token);
        }

        /// <summary>Any streamed op ("chat", "responses") as events; the token or Dispose stops it.</summary>
        public EventStream StreamOp(string op, object request, CancellationToken token = default(CancellationToken))
        {
            if (op == null) throw new ArgumentNullException("op");
            return new EventStream(OpenSource(op, request), token);
        }

        /// <summary>The envelopes of a streamed op (a fake's come from its canned events).</summary>
        internal virtual IStreamSource OpenSource(string op, object request)
        {
            var body = Request(request);
            return WithHandle(h =>
            {
                ulong s;
                Native.Check(Native.Take(Native.StreamOpen(h, Native.Utf8Z(op), body, out s)));
                return (IStreamSource)new NativeStreamSource(s);
            });
        }

        /// <summary>A request as the JSON object it is sent as.</summary>
        internal static object RequestJson(object request)
        {
            if (request == null) throw new ArgumentNullException("request");
            var cr = request as ChatRequest;
            return Json.Parse(request is string ? (string)request : Json.Write(cr != null ? cr.ToJson() : request));
        }

        /// <summary>Free the client; in-flight async calls end with CancelledException. Idempotent.</summary>
        public void Dispose()
        {
            if (handle != null) handle.Dispose();
            lock (hookGate) { if (hooksHandle.IsAllocated) hooksHandle.Free(); }
        }
    }
}
