using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace LiterLlm
{
    /// <summary>A file sent to a provider (audio, an image, an upload): the C ABI's file object.
    /// A path is streamed from disk by the library and never read into the process's managed
    /// memory; bytes travel base64-encoded in the request's JSON.</summary>
    public sealed class FileInput : Dictionary<string, object>
    {
        FileInput() { }

        /// <summary>A file on disk (its name tells the provider the format).</summary>
        public static FileInput FromPath(string path, string contentType = null)
        {
            if (path == null) throw new ArgumentNullException("path");
            var f = new FileInput { { "path", Path.GetFullPath(path) } };
            if (contentType != null) f["content_type"] = contentType;
            return f;
        }

        /// <summary>Bytes held in memory under a file name (its extension tells the format).</summary>
        public static FileInput FromBytes(string filename, byte[] data, string contentType = null)
        {
            if (filename == null) throw new ArgumentNullException("filename");
            if (data == null) throw new ArgumentNullException("data");
            var f = new FileInput { { "data", Convert.ToBase64String(data) }, { "filename", filename } };
            if (contentType != null) f["content_type"] = contentType;
            return f;
        }
    }

    /// <summary>An answer of bytes (speech audio, a file's content), or where it was written.</summary>
    public sealed class Binary
    {
        /// <summary>The provider's content type.</summary>
        public string ContentType { get; private set; }
        /// <summary>The bytes (empty when they were written to <see cref="Path"/>).</summary>
        public byte[] Bytes { get; private set; }
        /// <summary>How many bytes.</summary>
        public long Size { get; private set; }
        /// <summary>The file the bytes were written to, or null.</summary>
        public string Path { get; private set; }
        /// <summary>How the call was served.</summary>
        public Meta Meta { get; private set; }

        internal static Binary Of(CallResult r)
        {
            var d = (Dictionary<string, object>)r.Data;
            object data, ct, size, path;
            byte[] raw;
            try { raw = d.TryGetValue("data", out data) && data is string ? Convert.FromBase64String((string)data) : new byte[0]; }
            catch (FormatException) { throw LiterLlmException.Of("invalid_response", "bytes answer is not base64"); }
            return new Binary
            {
                ContentType = d.TryGetValue("content_type", out ct) ? ct as string : null,
                Bytes = raw,
                Size = d.TryGetValue("bytes", out size) ? Convert.ToInt64(size) : raw.Length,
                Path = d.TryGetValue("path", out path) ? path as string : null,
                Meta = r.Meta,
            };
        }
    }

    /// <summary>A Responses API response.</summary>
    public sealed class ResponseResult : Response
    {
        /// <summary>Wrap a parsed response.</summary>
        public ResponseResult(object raw) : base(raw) { }

        /// <summary>The response's id.</summary>
        public string Id { get { return this["id"] as string; } }

        /// <summary>"completed", "in_progress", "cancelled", ...</summary>
        public string Status { get { return this["status"] as string; } }

        /// <summary>The text of the output messages.</summary>
        public string OutputText
        {
            get
            {
                var b = new System.Text.StringBuilder();
                var output = this["output"] as List<object>;
                if (output == null) return "";
                foreach (var o in output)
                {
                    var item = o as Dictionary<string, object>;
                    if (item == null || !"message".Equals(Get(item, "type"))) continue;
                    var parts = Get(item, "content") as List<object>;
                    if (parts == null) continue;
                    foreach (var p in parts)
                    {
                        var part = p as Dictionary<string, object>;
                        if (part != null && "output_text".Equals(Get(part, "type"))) b.Append(Get(part, "text") as string);
                    }
                }
                return b.ToString();
            }
        }

        static object Get(Dictionary<string, object> d, string k) { object v; return d.TryGetValue(k, out v) ? v : null; }
    }

    /// <summary>A streamed response: its events (each with a "type"), then <see cref="Response"/>.</summary>
    public sealed class ResponseStream : EventStream
    {
        internal ResponseStream(IStreamSource source, CancellationToken token) : base(source, token) { }

        /// <summary>The final response once enumeration ended.</summary>
        public ResponseResult Response { get { return (ResponseResult)Final; } }

        /// <inheritdoc/>
        protected override Response Wrap(object raw) { return new ResponseResult(raw); }
    }

    // Requests are dictionaries (or JSON text) in OpenAI's shape; a file field ("file",
    // "image", "mask") takes a FileInput. Every call is async and the token cancels the
    // upstream request.
    public partial class LiterLlmClient
    {
        async Task<Response> As(string op, object request, CancellationToken token)
        {
            var r = await CallWithMetaAsync(op, request, token).ConfigureAwait(false);
            return new Response(r.Data) { Meta = r.Meta };
        }

        async Task<ResponseResult> AsResponse(string op, object request, CancellationToken token)
        {
            var r = await CallWithMetaAsync(op, request, token).ConfigureAwait(false);
            return new ResponseResult(r.Data) { Meta = r.Meta };
        }

        async Task<Binary> AsBinary(string op, object request, CancellationToken token)
        {
            return Binary.Of(await CallWithMetaAsync(op, request, token).ConfigureAwait(false));
        }

        static Dictionary<string, object> Id(string key, string value)
        {
            if (value == null) throw new ArgumentNullException(key);
            return new Dictionary<string, object> { { key, value } };
        }

        /// <summary>Image generation: "model", "prompt", "n", "size", ...</summary>
        public Task<Response> ImagesAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return As("images", request, token); }

        /// <summary>Image edit: "model", "prompt", "image" (a FileInput or a list), "mask".</summary>
        public Task<Response> ImageEditAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return As("image_edit", request, token); }

        /// <summary>Text to speech: "model", "input", "voice", ...; the audio bytes.</summary>
        public Task<Binary> SpeechAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return AsBinary("speech", request, token); }

        /// <summary>Text to speech streamed into a file (complete, or not there at all).</summary>
        public Task<Binary> SpeechToFileAsync(IDictionary<string, object> request, string path, CancellationToken token = default(CancellationToken))
        {
            if (request == null) throw new ArgumentNullException("request");
            var req = new Dictionary<string, object>(request);
            req["output_file"] = Path.GetFullPath(path);
            return AsBinary("speech", req, token);
        }

        /// <summary>Audio to text: "model", "file" (a FileInput), "language", "response_format", ...</summary>
        public Task<Response> TranscribeAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return As("transcribe", request, token); }

        /// <summary>Audio to English text.</summary>
        public Task<Response> TranslateAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return As("translate", request, token); }

        /// <summary>Moderation: "model", "input".</summary>
        public Task<Response> ModerateAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return As("moderate", request, token); }

        /// <summary>Rerank: "model", "query", "documents", "top_n"; results best first.</summary>
        public Task<Response> RerankAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return As("rerank", request, token); }

        /// <summary>Upload a file for a purpose ("batch", "fine-tune", ...).</summary>
        public Task<Response> UploadFileAsync(FileInput file, string purpose, CancellationToken token = default(CancellationToken))
        {
            if (file == null) throw new ArgumentNullException("file");
            return As("file_upload", new Dictionary<string, object> { { "file", file }, { "purpose", purpose } }, token);
        }

        /// <summary>Uploaded files ("purpose", "limit", "after", "order"; null for all).</summary>
        public Task<Response> ListFilesAsync(IDictionary<string, object> query = null, CancellationToken token = default(CancellationToken)) { return As("file_list", query ?? new Dictionary<string, object>(), token); }

        /// <summary>A file's description.</summary>
        public Task<Response> RetrieveFileAsync(string fileId, CancellationToken token = default(CancellationToken)) { return As("file_retrieve", Id("file_id", fileId), token); }

        /// <summary>A file's bytes.</summary>
        public Task<Binary> FileContentAsync(string fileId, CancellationToken token = default(CancellationToken)) { return AsBinary("file_content", Id("file_id", fileId), token); }

        /// <summary>Delete a file.</summary>
        public Task<Response> DeleteFileAsync(string fileId, CancellationToken token = default(CancellationToken)) { return As("file_delete", Id("file_id", fileId), token); }

        /// <summary>A batch: "input_file_id", "endpoint", "completion_window" ("24h" when absent).</summary>
        public Task<Response> CreateBatchAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken))
        {
            if (request == null) throw new ArgumentNullException("request");
            var req = new Dictionary<string, object>(request);
            if (!req.ContainsKey("completion_window")) req["completion_window"] = "24h";
            return As("batch_create", req, token);
        }

        /// <summary>A batch's state.</summary>
        public Task<Response> RetrieveBatchAsync(string batchId, CancellationToken token = default(CancellationToken)) { return As("batch_retrieve", Id("batch_id", batchId), token); }

        /// <summary>Batches ("limit", "after"; null for the first page).</summary>
        public Task<Response> ListBatchesAsync(IDictionary<string, object> query = null, CancellationToken token = default(CancellationToken)) { return As("batch_list", query ?? new Dictionary<string, object>(), token); }

        /// <summary>Cancel a batch.</summary>
        public Task<Response> CancelBatchAsync(string batchId, CancellationToken token = default(CancellationToken)) { return As("batch_cancel", Id("batch_id", batchId), token); }

        /// <summary>The Responses API: "model", "input", "instructions", ...</summary>
        public Task<ResponseResult> CreateResponseAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return AsResponse("responses", request, token); }

        /// <summary>A streamed response; the token or Dispose stops it.</summary>
        public ResponseStream ResponseStream(IDictionary<string, object> request, CancellationToken token = default(CancellationToken))
        {
            return new ResponseStream(OpenSource("responses", request), token);
        }

        /// <summary>A stored response.</summary>
        public Task<ResponseResult> RetrieveResponseAsync(string id, CancellationToken token = default(CancellationToken)) { return AsResponse("response_retrieve", Id("response_id", id), token); }

        /// <summary>Cancel a background response.</summary>
        public Task<ResponseResult> CancelResponseAsync(string id, CancellationToken token = default(CancellationToken)) { return AsResponse("response_cancel", Id("response_id", id), token); }

        /// <summary>Delete a stored response.</summary>
        public Task<Response> DeleteResponseAsync(string id, CancellationToken token = default(CancellationToken)) { return As("response_delete", Id("response_id", id), token); }
    }
}
