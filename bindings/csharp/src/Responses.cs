// Typed responses: classes with read-only properties over the parsed JSON. Raw keeps every
// field (also ones not typed here) and Meta how the library served the call.
using System;
using System.Collections.Generic;
using System.Linq;

namespace LiterLlm
{
    /// <summary>Typed reads of parsed JSON; a field of the wrong type is an InvalidResponseException.</summary>
    internal static class J
    {
        internal static Dictionary<string, object> Obj(object o) { return o as Dictionary<string, object>; }

        internal static object Get(Dictionary<string, object> d, string k)
        {
            object v;
            return d != null && d.TryGetValue(k, out v) ? v : null;
        }

        internal static string Str(Dictionary<string, object> d, string k)
        {
            var v = Get(d, k);
            if (v == null || v is string) return (string)v;
            throw Bad(k, "text", v);
        }

        internal static long? Long(Dictionary<string, object> d, string k)
        {
            var v = Get(d, k);
            if (v == null) return null;
            if (v is long) return (long)v;
            if (v is double && Math.Floor((double)v) == (double)v) return (long)(double)v;
            throw Bad(k, "an integer", v);
        }

        internal static int? Int(Dictionary<string, object> d, string k)
        {
            var v = Long(d, k);
            return v.HasValue ? (int)v.Value : (int?)null;
        }

        internal static double? Num(Dictionary<string, object> d, string k)
        {
            var v = Get(d, k);
            if (v == null) return null;
            if (v is long || v is double) return Convert.ToDouble(v);
            throw Bad(k, "a number", v);
        }

        internal static bool? Bool(Dictionary<string, object> d, string k)
        {
            var v = Get(d, k);
            if (v == null || v is bool) return (bool?)v;
            throw Bad(k, "true or false", v);
        }

        internal static Dictionary<string, object> Dict(Dictionary<string, object> d, string k)
        {
            var v = Get(d, k);
            if (v == null || v is Dictionary<string, object>) return (Dictionary<string, object>)v;
            throw Bad(k, "an object", v);
        }

        /// <summary>The items of an array field, each made by <paramref name="make"/> (empty when absent).</summary>
        internal static IReadOnlyList<T> List<T>(Dictionary<string, object> d, string k, Func<Dictionary<string, object>, T> make)
        {
            var v = Get(d, k);
            if (v == null) return new T[0];
            var l = v as List<object>;
            if (l == null) throw Bad(k, "an array", v);
            var out_ = new List<T>(l.Count);
            foreach (var o in l)
            {
                var item = o as Dictionary<string, object>;
                if (item == null) throw Bad(k, "an array of objects", o);
                out_.Add(make(item));
            }
            return out_.AsReadOnly();
        }

        static LiterLlmException Bad(string k, string want, object got)
        {
            return LiterLlmException.Of("invalid_response", "\"" + k + "\" should be " + want + ", got " + Json.Write(got));
        }
    }

    /// <summary>A response in OpenAI's shape; <see cref="Raw"/> keeps every field.</summary>
    public class Response
    {
        /// <summary>The whole response as parsed JSON.</summary>
        public readonly Dictionary<string, object> Raw;
        /// <summary>Wrap a parsed response.</summary>
        public Response(object raw) { Raw = raw as Dictionary<string, object> ?? new Dictionary<string, object>(); }
        /// <summary>A top-level field, or null.</summary>
        public object this[string key] { get { object v; return Raw.TryGetValue(key, out v) ? v : null; } }
        /// <summary>How the library served it (deployment, attempts, cost, request id), or null.</summary>
        public Meta Meta { get; internal set; }
    }

    /// <summary>Token usage: chat and embeddings count prompt and completion tokens, the
    /// Responses API and images input and output tokens (the other pair is null).</summary>
    public sealed class Usage
    {
        /// <summary>Tokens in the prompt, or null.</summary>
        public int? PromptTokens { get; private set; }
        /// <summary>Tokens generated, or null.</summary>
        public int? CompletionTokens { get; private set; }
        /// <summary>Both together, or null.</summary>
        public int? TotalTokens { get; private set; }
        /// <summary>The Responses API's and images' input tokens, or null.</summary>
        public int? InputTokens { get; private set; }
        /// <summary>Their output tokens, or null.</summary>
        public int? OutputTokens { get; private set; }
        /// <summary>Prompt tokens read from the provider's cache (0 when it said none).</summary>
        public int CachedTokens { get; private set; }
        /// <summary>Completion tokens spent reasoning (0 when it said none).</summary>
        public int ReasoningTokens { get; private set; }
        /// <summary>The usage as parsed JSON (every detail).</summary>
        public Dictionary<string, object> Raw { get; private set; }

        internal static Usage Of(Dictionary<string, object> d)
        {
            if (d == null) return null;
            var pd = J.Dict(d, "prompt_tokens_details") ?? J.Dict(d, "input_tokens_details");
            var cd = J.Dict(d, "completion_tokens_details") ?? J.Dict(d, "output_tokens_details");
            return new Usage
            {
                PromptTokens = J.Int(d, "prompt_tokens"),
                CompletionTokens = J.Int(d, "completion_tokens"),
                TotalTokens = J.Int(d, "total_tokens"),
                InputTokens = J.Int(d, "input_tokens"),
                OutputTokens = J.Int(d, "output_tokens"),
                CachedTokens = J.Int(pd, "cached_tokens") ?? 0,
                ReasoningTokens = J.Int(cd, "reasoning_tokens") ?? 0,
                Raw = d,
            };
        }
    }

    /// <summary>The model's message in a chat response.</summary>
    public sealed class ResponseMessage
    {
        /// <summary>"assistant".</summary>
        public string Role { get; private set; }
        /// <summary>The text, or null (a turn of tool calls only).</summary>
        public string Content { get; private set; }
        /// <summary>A refusal's text, or null.</summary>
        public string Refusal { get; private set; }
        /// <summary>The tools the model called (empty when none).</summary>
        public IReadOnlyList<ToolCall> ToolCalls { get; private set; }

        internal ResponseMessage(Dictionary<string, object> d)
        {
            Role = J.Str(d, "role");
            Content = J.Str(d, "content");
            Refusal = J.Str(d, "refusal");
            ToolCalls = J.List(d, "tool_calls", c =>
            {
                var f = J.Dict(c, "function");
                return new ToolCall(J.Str(c, "id"), J.Str(f, "name"), J.Str(f, "arguments"));
            });
        }

        /// <summary>This answer as a request message, to send back in the next turn.</summary>
        public Message ToParam() { return Message.Assistant(Content, ToolCalls.Count > 0 ? ToolCalls.ToList() : null); }
    }

    /// <summary>One choice of a chat completion.</summary>
    public sealed class Choice
    {
        /// <summary>Its index.</summary>
        public int Index { get; private set; }
        /// <summary>The answer.</summary>
        public ResponseMessage Message { get; private set; }
        /// <summary>Why generation stopped (stop, length, tool_calls, content_filter), or null.</summary>
        public string FinishReason { get; private set; }

        internal Choice(Dictionary<string, object> d)
        {
            Index = J.Int(d, "index") ?? 0;
            Message = new ResponseMessage(J.Dict(d, "message") ?? new Dictionary<string, object>());
            FinishReason = J.Str(d, "finish_reason");
        }
    }

    /// <summary>A chat completion (also the accumulated result of a stream).</summary>
    public sealed class ChatCompletion : Response
    {
        /// <summary>The provider's id, or null.</summary>
        public string Id { get; private set; }
        /// <summary>The model that answered.</summary>
        public string Model { get; private set; }
        /// <summary>Unix seconds, or null.</summary>
        public long? Created { get; private set; }
        /// <summary>The choices (one unless "n" asked for more).</summary>
        public IReadOnlyList<Choice> Choices { get; private set; }
        /// <summary>Token usage, or null when the provider sent none.</summary>
        public Usage Usage { get; private set; }
        /// <summary>The backend configuration, or null.</summary>
        public string SystemFingerprint { get; private set; }

        /// <summary>Read a parsed completion (a field of the wrong type is an InvalidResponseException).</summary>
        public ChatCompletion(object raw) : base(raw)
        {
            Id = J.Str(Raw, "id");
            Model = J.Str(Raw, "model");
            Created = J.Long(Raw, "created");
            Choices = J.List(Raw, "choices", c => new Choice(c));
            Usage = Usage.Of(J.Dict(Raw, "usage"));
            SystemFingerprint = J.Str(Raw, "system_fingerprint");
        }

        ResponseMessage First { get { return Choices.Count > 0 ? Choices[0].Message : null; } }
        /// <summary>The first choice's text, or null.</summary>
        public string Content { get { return First == null ? null : First.Content; } }
        /// <summary>Why the first choice stopped, or null.</summary>
        public string FinishReason { get { return Choices.Count > 0 ? Choices[0].FinishReason : null; } }
        /// <summary>The first choice's tool calls (empty when it called none).</summary>
        public IReadOnlyList<ToolCall> ToolCalls { get { return First == null ? new ToolCall[0] : First.ToolCalls; } }
        /// <summary>The first choice's message as a request message, to send back in the next turn.</summary>
        public Message ToMessage() { return First == null ? Message.Assistant(null) : First.ToParam(); }
    }

    /// <summary>A piece of a tool call in a stream: the first names it, the rest append to its arguments.</summary>
    public sealed class ToolCallDelta
    {
        /// <summary>Which tool call of the message.</summary>
        public int Index { get; private set; }
        /// <summary>The call's id (first piece), or null.</summary>
        public string Id { get; private set; }
        /// <summary>The function's name (first piece), or null.</summary>
        public string Name { get; private set; }
        /// <summary>A piece of the arguments, or null.</summary>
        public string Arguments { get; private set; }

        internal ToolCallDelta(Dictionary<string, object> d)
        {
            var f = J.Dict(d, "function");
            Index = J.Int(d, "index") ?? 0;
            Id = J.Str(d, "id");
            Name = J.Str(f, "name");
            Arguments = J.Str(f, "arguments");
        }
    }

    /// <summary>What a chunk adds to a message.</summary>
    public sealed class Delta
    {
        /// <summary>"assistant" on the first chunk, else null.</summary>
        public string Role { get; private set; }
        /// <summary>Text to append, or null.</summary>
        public string Content { get; private set; }
        /// <summary>Refusal text to append, or null.</summary>
        public string Refusal { get; private set; }
        /// <summary>Pieces of tool calls (empty when none).</summary>
        public IReadOnlyList<ToolCallDelta> ToolCalls { get; private set; }

        internal Delta(Dictionary<string, object> d)
        {
            Role = J.Str(d, "role");
            Content = J.Str(d, "content");
            Refusal = J.Str(d, "refusal");
            ToolCalls = J.List(d, "tool_calls", c => new ToolCallDelta(c));
        }
    }

    /// <summary>One choice's delta in a chunk.</summary>
    public sealed class ChunkChoice
    {
        /// <summary>The choice.</summary>
        public int Index { get; private set; }
        /// <summary>What this chunk adds.</summary>
        public Delta Delta { get; private set; }
        /// <summary>Set on the choice's last chunk, else null.</summary>
        public string FinishReason { get; private set; }

        internal ChunkChoice(Dictionary<string, object> d)
        {
            Index = J.Int(d, "index") ?? 0;
            Delta = new Delta(J.Dict(d, "delta") ?? new Dictionary<string, object>());
            FinishReason = J.Str(d, "finish_reason");
        }
    }

    /// <summary>One chunk of a streamed chat (OpenAI's chunk shape).</summary>
    public sealed class ChatChunk : Response
    {
        /// <summary>The stream's id, or null.</summary>
        public string Id { get; private set; }
        /// <summary>The model, or null.</summary>
        public string Model { get; private set; }
        /// <summary>The choices' deltas (empty in a usage-only chunk).</summary>
        public IReadOnlyList<ChunkChoice> Choices { get; private set; }
        /// <summary>Token usage (the last chunk, when the provider sends it), or null.</summary>
        public Usage Usage { get; private set; }

        /// <summary>Read a parsed chunk.</summary>
        public ChatChunk(object raw) : base(raw)
        {
            Id = J.Str(Raw, "id");
            Model = J.Str(Raw, "model");
            Choices = J.List(Raw, "choices", c => new ChunkChoice(c));
            Usage = Usage.Of(J.Dict(Raw, "usage"));
        }

        /// <summary>The first choice's text in this chunk ("" when none).</summary>
        public string Content { get { return Choices.Count > 0 ? Choices[0].Delta.Content ?? "" : ""; } }
    }

    /// <summary>One input's embedding.</summary>
    public sealed class Embedding
    {
        /// <summary>The input's index.</summary>
        public int Index { get; private set; }
        /// <summary>The vector (base64 answers decoded as little-endian float32).</summary>
        public float[] Vector { get; private set; }

        internal Embedding(Dictionary<string, object> d)
        {
            Index = J.Int(d, "index") ?? 0;
            var v = J.Get(d, "embedding");
            var b64 = v as string;
            if (b64 != null)
            {
                var bytes = Convert.FromBase64String(b64);
                Vector = new float[bytes.Length / 4];
                for (int i = 0; i < Vector.Length; i++) Vector[i] = BitConverter.ToSingle(bytes, i * 4);
            }
            else
            {
                var l = v as List<object> ?? new List<object>();
                Vector = l.Select(x => Convert.ToSingle(x)).ToArray();
            }
        }
    }

    /// <summary>An embeddings response.</summary>
    public sealed class Embeddings : Response
    {
        /// <summary>One embedding per input, in input order.</summary>
        public IReadOnlyList<Embedding> Data { get; private set; }
        /// <summary>The model that answered.</summary>
        public string Model { get; private set; }
        /// <summary>Token usage, or null.</summary>
        public Usage Usage { get; private set; }

        /// <summary>Read a parsed response.</summary>
        public Embeddings(object raw) : base(raw)
        {
            Data = J.List(Raw, "data", d => new Embedding(d));
            Model = J.Str(Raw, "model");
            Usage = Usage.Of(J.Dict(Raw, "usage"));
        }
    }

    /// <summary>One model of a provider.</summary>
    public sealed class ModelInfo
    {
        /// <summary>Its id, as a request names it.</summary>
        public string Id { get; private set; }
        /// <summary>Its owner, or null.</summary>
        public string OwnedBy { get; private set; }
        /// <summary>Unix seconds, or null.</summary>
        public long? Created { get; private set; }

        internal ModelInfo(Dictionary<string, object> d)
        {
            Id = J.Str(d, "id");
            OwnedBy = J.Str(d, "owned_by");
            Created = J.Long(d, "created");
        }
    }

    /// <summary>A provider's models.</summary>
    public sealed class ModelList : Response
    {
        /// <summary>The models.</summary>
        public IReadOnlyList<ModelInfo> Data { get; private set; }

        /// <summary>Read a parsed response.</summary>
        public ModelList(object raw) : base(raw) { Data = J.List(Raw, "data", d => new ModelInfo(d)); }
    }

    /// <summary>One generated image: a URL or base64 data.</summary>
    public sealed class Image
    {
        /// <summary>Where to fetch it, or null.</summary>
        public string Url { get; private set; }
        /// <summary>The image as base64, or null.</summary>
        public string B64Json { get; private set; }
        /// <summary>The prompt the model used, or null.</summary>
        public string RevisedPrompt { get; private set; }
        /// <summary>The image's bytes, or null when it came as a URL.</summary>
        public byte[] Bytes { get { return B64Json == null ? null : Convert.FromBase64String(B64Json); } }

        internal Image(Dictionary<string, object> d)
        {
            Url = J.Str(d, "url");
            B64Json = J.Str(d, "b64_json");
            RevisedPrompt = J.Str(d, "revised_prompt");
        }
    }

    /// <summary>Generated or edited images.</summary>
    public sealed class ImagesResponse : Response
    {
        /// <summary>Unix seconds, or null.</summary>
        public long? Created { get; private set; }
        /// <summary>The images.</summary>
        public IReadOnlyList<Image> Data { get; private set; }
        /// <summary>Token usage (gpt-image models), or null.</summary>
        public Usage Usage { get; private set; }

        /// <summary>Read a parsed response.</summary>
        public ImagesResponse(object raw) : base(raw)
        {
            Created = J.Long(Raw, "created");
            Data = J.List(Raw, "data", d => new Image(d));
            Usage = Usage.Of(J.Dict(Raw, "usage"));
        }
    }

    /// <summary>Audio as text (a transcription or a translation).</summary>
    public sealed class Transcription : Response
    {
        /// <summary>The text.</summary>
        public string Text { get; private set; }
        /// <summary>The detected language (verbose_json), or null.</summary>
        public string Language { get; private set; }
        /// <summary>The audio's seconds (verbose_json), or null.</summary>
        public double? Duration { get; private set; }

        /// <summary>Read a parsed response.</summary>
        public Transcription(object raw) : base(raw)
        {
            Text = J.Str(Raw, "text");
            Language = J.Str(Raw, "language");
            Duration = J.Num(Raw, "duration");
        }
    }

    /// <summary>One input's moderation verdict.</summary>
    public sealed class ModerationResult
    {
        /// <summary>Whether any category was flagged.</summary>
        public bool Flagged { get; private set; }
        /// <summary>Each category's verdict (empty when not sent).</summary>
        public IReadOnlyDictionary<string, bool> Categories { get; private set; }
        /// <summary>Each category's score (empty when not sent).</summary>
        public IReadOnlyDictionary<string, double> CategoryScores { get; private set; }

        internal ModerationResult(Dictionary<string, object> d)
        {
            Flagged = J.Bool(d, "flagged") ?? false;
            var c = J.Dict(d, "categories") ?? new Dictionary<string, object>();
            Categories = c.Where(kv => kv.Value is bool).ToDictionary(kv => kv.Key, kv => (bool)kv.Value);
            var s = J.Dict(d, "category_scores") ?? new Dictionary<string, object>();
            CategoryScores = s.Keys.ToDictionary(k => k, k => J.Num(s, k) ?? 0.0);
        }
    }

    /// <summary>A moderation verdict per input.</summary>
    public sealed class Moderation : Response
    {
        /// <summary>The provider's id, or null.</summary>
        public string Id { get; private set; }
        /// <summary>The model, or null.</summary>
        public string Model { get; private set; }
        /// <summary>One result per input.</summary>
        public IReadOnlyList<ModerationResult> Results { get; private set; }
        /// <summary>Whether any input was flagged.</summary>
        public bool Flagged { get { return Results.Any(r => r.Flagged); } }

        /// <summary>Read a parsed response.</summary>
        public Moderation(object raw) : base(raw)
        {
            Id = J.Str(Raw, "id");
            Model = J.Str(Raw, "model");
            Results = J.List(Raw, "results", d => new ModerationResult(d));
        }
    }

    /// <summary>One document's place in a ranking.</summary>
    public sealed class RerankResult
    {
        /// <summary>The document's index in the request.</summary>
        public int Index { get; private set; }
        /// <summary>Its score (higher is more relevant).</summary>
        public double RelevanceScore { get; private set; }
        /// <summary>The document when "return_documents" asked for it, else null.</summary>
        public object Document { get; private set; }

        internal RerankResult(Dictionary<string, object> d)
        {
            Index = J.Int(d, "index") ?? 0;
            RelevanceScore = J.Num(d, "relevance_score") ?? 0.0;
            Document = J.Get(d, "document");
        }
    }

    /// <summary>Documents ranked by relevance to a query, best first.</summary>
    public sealed class RerankResponse : Response
    {
        /// <summary>The provider's id, or null.</summary>
        public string Id { get; private set; }
        /// <summary>The ranking.</summary>
        public IReadOnlyList<RerankResult> Results { get; private set; }
        /// <summary>Token usage, or null.</summary>
        public Usage Usage { get; private set; }

        /// <summary>Read a parsed response.</summary>
        public RerankResponse(object raw) : base(raw)
        {
            Id = J.Str(Raw, "id");
            Results = J.List(Raw, "results", d => new RerankResult(d));
            Usage = Usage.Of(J.Dict(Raw, "usage"));
        }
    }

    /// <summary>An uploaded file.</summary>
    public sealed class FileObject : Response
    {
        /// <summary>Its id.</summary>
        public string Id { get; private set; }
        /// <summary>Its size, or null.</summary>
        public long? Bytes { get; private set; }
        /// <summary>Unix seconds, or null.</summary>
        public long? CreatedAt { get; private set; }
        /// <summary>Its name, or null.</summary>
        public string Filename { get; private set; }
        /// <summary>What it is for (batch, fine-tune, ...), or null.</summary>
        public string Purpose { get; private set; }
        /// <summary>Its processing status, or null.</summary>
        public string Status { get; private set; }

        /// <summary>Read a parsed file object.</summary>
        public FileObject(object raw) : base(raw)
        {
            Id = J.Str(Raw, "id");
            Bytes = J.Long(Raw, "bytes");
            CreatedAt = J.Long(Raw, "created_at");
            Filename = J.Str(Raw, "filename");
            Purpose = J.Str(Raw, "purpose");
            Status = J.Str(Raw, "status");
        }
    }

    /// <summary>A page of uploaded files.</summary>
    public sealed class FileList : Response
    {
        /// <summary>The files.</summary>
        public IReadOnlyList<FileObject> Data { get; private set; }
        /// <summary>Whether another page follows, or null.</summary>
        public bool? HasMore { get; private set; }

        /// <summary>Read a parsed response.</summary>
        public FileList(object raw) : base(raw)
        {
            Data = J.List(Raw, "data", d => new FileObject(d));
            HasMore = J.Bool(Raw, "has_more");
        }
    }

    /// <summary>A batch of requests run offline.</summary>
    public sealed class Batch : Response
    {
        /// <summary>Its id.</summary>
        public string Id { get; private set; }
        /// <summary>validating, in_progress, finalizing, completed, failed, expired, cancelling, cancelled.</summary>
        public string Status { get; private set; }
        /// <summary>The endpoint its requests call, or null.</summary>
        public string Endpoint { get; private set; }
        /// <summary>The file of requests, or null.</summary>
        public string InputFileId { get; private set; }
        /// <summary>The file of results once there is one, or null.</summary>
        public string OutputFileId { get; private set; }
        /// <summary>The file of failed requests once there is one, or null.</summary>
        public string ErrorFileId { get; private set; }
        /// <summary>Unix seconds, or null.</summary>
        public long? CreatedAt { get; private set; }
        /// <summary>Requests in the batch, or null.</summary>
        public int? Total { get; private set; }
        /// <summary>Requests done, or null.</summary>
        public int? Completed { get; private set; }
        /// <summary>Requests failed, or null.</summary>
        public int? Failed { get; private set; }

        /// <summary>Read a parsed batch.</summary>
        public Batch(object raw) : base(raw)
        {
            Id = J.Str(Raw, "id");
            Status = J.Str(Raw, "status");
            Endpoint = J.Str(Raw, "endpoint");
            InputFileId = J.Str(Raw, "input_file_id");
            OutputFileId = J.Str(Raw, "output_file_id");
            ErrorFileId = J.Str(Raw, "error_file_id");
            CreatedAt = J.Long(Raw, "created_at");
            var rc = J.Dict(Raw, "request_counts");
            Total = J.Int(rc, "total");
            Completed = J.Int(rc, "completed");
            Failed = J.Int(rc, "failed");
        }
    }

    /// <summary>A page of batches.</summary>
    public sealed class BatchList : Response
    {
        /// <summary>The batches.</summary>
        public IReadOnlyList<Batch> Data { get; private set; }
        /// <summary>Whether another page follows, or null.</summary>
        public bool? HasMore { get; private set; }

        /// <summary>Read a parsed response.</summary>
        public BatchList(object raw) : base(raw)
        {
            Data = J.List(Raw, "data", d => new Batch(d));
            HasMore = J.Bool(Raw, "has_more");
        }
    }

    /// <summary>The answer to a delete (a file, a stored response).</summary>
    public sealed class Deleted : Response
    {
        /// <summary>What was deleted, or null.</summary>
        public string Id { get; private set; }
        /// <summary>Whether it was deleted.</summary>
        public bool IsDeleted { get; private set; }

        /// <summary>Read a parsed response.</summary>
        public Deleted(object raw) : base(raw)
        {
            Id = J.Str(Raw, "id");
            IsDeleted = J.Bool(Raw, "deleted") ?? false;
        }
    }

    /// <summary>A Responses API response.</summary>
    public sealed class ResponseResult : Response
    {
        /// <summary>The response's id.</summary>
        public string Id { get; private set; }
        /// <summary>"completed", "in_progress", "cancelled", ...</summary>
        public string Status { get; private set; }
        /// <summary>The model, or null.</summary>
        public string Model { get; private set; }
        /// <summary>The output items as parsed JSON (messages, function calls, reasoning, ...).</summary>
        public IReadOnlyList<Dictionary<string, object>> Output { get; private set; }
        /// <summary>Token usage (input and output tokens), or null.</summary>
        public Usage Usage { get; private set; }

        /// <summary>Read a parsed response.</summary>
        public ResponseResult(object raw) : base(raw)
        {
            Id = J.Str(Raw, "id");
            Status = J.Str(Raw, "status");
            Model = J.Str(Raw, "model");
            Output = J.List(Raw, "output", d => d);
            Usage = Usage.Of(J.Dict(Raw, "usage"));
        }

        /// <summary>The text of the output messages.</summary>
        public string OutputText
        {
            get
            {
                var b = new System.Text.StringBuilder();
                foreach (var item in Output)
                {
                    if (!"message".Equals(J.Get(item, "type"))) continue;
                    foreach (var p in (J.Get(item, "content") as List<object>) ?? new List<object>())
                    {
                        var part = p as Dictionary<string, object>;
                        if (part != null && "output_text".Equals(J.Get(part, "type"))) b.Append(J.Get(part, "text") as string);
                    }
                }
                return b.ToString();
            }
        }
    }
}

namespace LiterLlm
{
    /// <summary>One budget's spend (USD amounts exact decimals).</summary>
    public sealed class BudgetUsage
    {
        /// <summary>global, deployment, model or key.</summary>
        public string Scope { get; private set; }
        /// <summary>The deployment, model or key it counts for ("" for global).</summary>
        public string Id { get; private set; }
        /// <summary>total, daily, monthly or rolling_Nh.</summary>
        public string Window { get; private set; }
        /// <summary>hard or soft.</summary>
        public string Mode { get; private set; }
        /// <summary>The limit.</summary>
        public decimal? LimitUsd { get; private set; }
        /// <summary>Spent in the current window.</summary>
        public decimal? SpentUsd { get; private set; }
        /// <summary>Reserved by calls in flight.</summary>
        public decimal? HeldUsd { get; private set; }

        internal BudgetUsage(System.Collections.Generic.Dictionary<string, object> d)
        {
            Scope = J.Str(d, "scope");
            Id = J.Str(d, "id");
            Window = J.Str(d, "window");
            Mode = J.Str(d, "mode");
            LimitUsd = Usd(J.Str(d, "limit_usd"));
            SpentUsd = Usd(J.Str(d, "spent_usd"));
            HeldUsd = Usd(J.Str(d, "held_usd"));
        }

        static decimal? Usd(string s)
        {
            return s == null ? (decimal?)null : decimal.Parse(s, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    /// <summary>One rate limit's counter.</summary>
    public sealed class RateLimitUsage
    {
        /// <summary>global, deployment, model or key.</summary>
        public string Scope { get; private set; }
        /// <summary>What it counts for.</summary>
        public string Id { get; private set; }
        /// <summary>rpm or tpm.</summary>
        public string Kind { get; private set; }
        /// <summary>The limit per window.</summary>
        public long Limit { get; private set; }
        /// <summary>The window.</summary>
        public System.TimeSpan Window { get; private set; }
        /// <summary>Used in the current window.</summary>
        public long Used { get; private set; }

        internal RateLimitUsage(System.Collections.Generic.Dictionary<string, object> d)
        {
            Scope = J.Str(d, "scope");
            Id = J.Str(d, "id");
            Kind = J.Str(d, "kind");
            Limit = J.Long(d, "limit") ?? 0;
            Window = System.TimeSpan.FromSeconds(J.Num(d, "window") ?? 0);
            Used = J.Long(d, "used") ?? 0;
        }
    }

    /// <summary>Spend and counters of a client's budgets and rate limits.</summary>
    public sealed class UsageReport : Response
    {
        /// <summary>Where the state lives: "memory" or "redis".</summary>
        public string State { get; private set; }
        /// <summary>Each budget that applies.</summary>
        public System.Collections.Generic.IReadOnlyList<BudgetUsage> Budgets { get; private set; }
        /// <summary>Each rate limit that applies.</summary>
        public System.Collections.Generic.IReadOnlyList<RateLimitUsage> RateLimits { get; private set; }

        /// <summary>Read a parsed answer.</summary>
        public UsageReport(object raw) : base(raw)
        {
            State = J.Str(Raw, "state");
            Budgets = J.List(Raw, "budgets", d => new BudgetUsage(d));
            RateLimits = J.List(Raw, "rate_limits", d => new RateLimitUsage(d));
        }
    }
}
