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

        /// <summary>The bytes answer of a call (its "data" base64-decoded, or the file it went to).</summary>
        public static Binary Of(CallResult r)
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
    // "image", "mask") takes a FileInput. Each endpoint has a blocking method and an async
    // one whose token cancels the upstream request.
    public partial class LiterLlmClient
    {
        T Typed<T>(string op, object request, Func<object, T> make) where T : Response
        {
            var r = CallWithMeta(op, request);
            var t = make(r.Data);
            t.Meta = r.Meta;
            return t;
        }

        async Task<T> TypedAsync<T>(string op, object request, Func<object, T> make, CancellationToken token) where T : Response
        {
            var r = await CallWithMetaAsync(op, request, token).ConfigureAwait(false);
            var t = make(r.Data);
            t.Meta = r.Meta;
            return t;
        }

        static Dictionary<string, object> Id(string key, string value)
        {
            if (value == null) throw new ArgumentNullException(key);
            return new Dictionary<string, object> { { key, value } };
        }

        static Dictionary<string, object> ToFile(IDictionary<string, object> request, string path)
        {
            if (request == null) throw new ArgumentNullException("request");
            if (path == null) throw new ArgumentNullException("path");
            var req = new Dictionary<string, object>(request);
            req["output_file"] = Path.GetFullPath(path);
            return req;
        }

        static Dictionary<string, object> Upload(FileInput file, string purpose)
        {
            if (file == null) throw new ArgumentNullException("file");
            return new Dictionary<string, object> { { "file", file }, { "purpose", purpose } };
        }

        static Dictionary<string, object> WithWindow(IDictionary<string, object> request)
        {
            if (request == null) throw new ArgumentNullException("request");
            var req = new Dictionary<string, object>(request);
            if (!req.ContainsKey("completion_window")) req["completion_window"] = "24h";
            return req;
        }

        /// <summary>Image generation: "model", "prompt", "n", "size", ...</summary>
        public ImagesResponse Images(IDictionary<string, object> request) { return Typed("images", request, r => new ImagesResponse(r)); }

        /// <summary>Image generation: "model", "prompt", "n", "size", ... Without blocking a thread.</summary>
        public Task<ImagesResponse> ImagesAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return TypedAsync("images", request, r => new ImagesResponse(r), token); }

        /// <summary>Image edit: "model", "prompt", "image" (a FileInput or a list), "mask".</summary>
        public ImagesResponse ImageEdit(IDictionary<string, object> request) { return Typed("image_edit", request, r => new ImagesResponse(r)); }

        /// <summary>Image edit: "model", "prompt", "image" (a FileInput or a list), "mask". Without blocking a thread.</summary>
        public Task<ImagesResponse> ImageEditAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return TypedAsync("image_edit", request, r => new ImagesResponse(r), token); }

        /// <summary>Text to speech: "model", "input", "voice", ...; the audio bytes.</summary>
        public Binary Speech(IDictionary<string, object> request) { return Binary.Of(CallWithMeta("speech", request)); }

        /// <summary>Text to speech: "model", "input", "voice", ...; the audio bytes. Without blocking a thread.</summary>
        public async Task<Binary> SpeechAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return Binary.Of(await CallWithMetaAsync("speech", request, token).ConfigureAwait(false)); }

        /// <summary>Text to speech streamed into a file (complete, or not there at all); the bytes never enter the process.</summary>
        public Binary SpeechToFile(IDictionary<string, object> request, string path) { return Binary.Of(CallWithMeta("speech", ToFile(request, path))); }

        /// <summary>Text to speech streamed into a file (complete, or not there at all); the bytes never enter the process. Without blocking a thread.</summary>
        public async Task<Binary> SpeechToFileAsync(IDictionary<string, object> request, string path, CancellationToken token = default(CancellationToken)) { return Binary.Of(await CallWithMetaAsync("speech", ToFile(request, path), token).ConfigureAwait(false)); }

        /// <summary>Audio to text: "model", "file" (a FileInput), "language", "response_format", ...</summary>
        public Transcription Transcribe(IDictionary<string, object> request) { return Typed("transcribe", request, r => new Transcription(r)); }

        /// <summary>Audio to text: "model", "file" (a FileInput), "language", "response_format", ... Without blocking a thread.</summary>
        public Task<Transcription> TranscribeAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return TypedAsync("transcribe", request, r => new Transcription(r), token); }

        /// <summary>Audio to English text.</summary>
        public Transcription Translate(IDictionary<string, object> request) { return Typed("translate", request, r => new Transcription(r)); }

        /// <summary>Audio to English text. Without blocking a thread.</summary>
        public Task<Transcription> TranslateAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return TypedAsync("translate", request, r => new Transcription(r), token); }

        /// <summary>Moderation: "model", "input".</summary>
        public Moderation Moderate(IDictionary<string, object> request) { return Typed("moderate", request, r => new Moderation(r)); }

        /// <summary>Moderation: "model", "input". Without blocking a thread.</summary>
        public Task<Moderation> ModerateAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return TypedAsync("moderate", request, r => new Moderation(r), token); }

        /// <summary>Rerank: "model", "query", "documents", "top_n"; results best first.</summary>
        public RerankResponse Rerank(IDictionary<string, object> request) { return Typed("rerank", request, r => new RerankResponse(r)); }

        /// <summary>Rerank: "model", "query", "documents", "top_n"; results best first. Without blocking a thread.</summary>
        public Task<RerankResponse> RerankAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return TypedAsync("rerank", request, r => new RerankResponse(r), token); }

        /// <summary>Upload a file for a purpose ("batch", "fine-tune", ...).</summary>
        public FileObject UploadFile(FileInput file, string purpose) { return Typed("file_upload", Upload(file, purpose), r => new FileObject(r)); }

        /// <summary>Upload a file for a purpose ("batch", "fine-tune", ...). Without blocking a thread.</summary>
        public Task<FileObject> UploadFileAsync(FileInput file, string purpose, CancellationToken token = default(CancellationToken)) { return TypedAsync("file_upload", Upload(file, purpose), r => new FileObject(r), token); }

        /// <summary>Uploaded files ("purpose", "limit", "after", "order"; null for all).</summary>
        public FileList ListFiles(IDictionary<string, object> query = null) { return Typed("file_list", query ?? new Dictionary<string, object>(), r => new FileList(r)); }

        /// <summary>Uploaded files ("purpose", "limit", "after", "order"; null for all). Without blocking a thread.</summary>
        public Task<FileList> ListFilesAsync(IDictionary<string, object> query = null, CancellationToken token = default(CancellationToken)) { return TypedAsync("file_list", query ?? new Dictionary<string, object>(), r => new FileList(r), token); }

        /// <summary>A file's description.</summary>
        public FileObject RetrieveFile(string fileId) { return Typed("file_retrieve", Id("file_id", fileId), r => new FileObject(r)); }

        /// <summary>A file's description. Without blocking a thread.</summary>
        public Task<FileObject> RetrieveFileAsync(string fileId, CancellationToken token = default(CancellationToken)) { return TypedAsync("file_retrieve", Id("file_id", fileId), r => new FileObject(r), token); }

        /// <summary>A file's bytes.</summary>
        public Binary FileContent(string fileId) { return Binary.Of(CallWithMeta("file_content", Id("file_id", fileId))); }

        /// <summary>A file's bytes. Without blocking a thread.</summary>
        public async Task<Binary> FileContentAsync(string fileId, CancellationToken token = default(CancellationToken)) { return Binary.Of(await CallWithMetaAsync("file_content", Id("file_id", fileId), token).ConfigureAwait(false)); }

        /// <summary>Delete a file.</summary>
        public Deleted DeleteFile(string fileId) { return Typed("file_delete", Id("file_id", fileId), r => new Deleted(r)); }

        /// <summary>Delete a file. Without blocking a thread.</summary>
        public Task<Deleted> DeleteFileAsync(string fileId, CancellationToken token = default(CancellationToken)) { return TypedAsync("file_delete", Id("file_id", fileId), r => new Deleted(r), token); }

        /// <summary>A batch: "input_file_id", "endpoint", "completion_window" ("24h" when absent).</summary>
        public Batch CreateBatch(IDictionary<string, object> request) { return Typed("batch_create", WithWindow(request), r => new Batch(r)); }

        /// <summary>A batch: "input_file_id", "endpoint", "completion_window" ("24h" when absent). Without blocking a thread.</summary>
        public Task<Batch> CreateBatchAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return TypedAsync("batch_create", WithWindow(request), r => new Batch(r), token); }

        /// <summary>A batch's state.</summary>
        public Batch RetrieveBatch(string batchId) { return Typed("batch_retrieve", Id("batch_id", batchId), r => new Batch(r)); }

        /// <summary>A batch's state. Without blocking a thread.</summary>
        public Task<Batch> RetrieveBatchAsync(string batchId, CancellationToken token = default(CancellationToken)) { return TypedAsync("batch_retrieve", Id("batch_id", batchId), r => new Batch(r), token); }

        /// <summary>Batches ("limit", "after"; null for the first page).</summary>
        public BatchList ListBatches(IDictionary<string, object> query = null) { return Typed("batch_list", query ?? new Dictionary<string, object>(), r => new BatchList(r)); }

        /// <summary>Batches ("limit", "after"; null for the first page). Without blocking a thread.</summary>
        public Task<BatchList> ListBatchesAsync(IDictionary<string, object> query = null, CancellationToken token = default(CancellationToken)) { return TypedAsync("batch_list", query ?? new Dictionary<string, object>(), r => new BatchList(r), token); }

        /// <summary>Cancel a batch.</summary>
        public Batch CancelBatch(string batchId) { return Typed("batch_cancel", Id("batch_id", batchId), r => new Batch(r)); }

        /// <summary>Cancel a batch. Without blocking a thread.</summary>
        public Task<Batch> CancelBatchAsync(string batchId, CancellationToken token = default(CancellationToken)) { return TypedAsync("batch_cancel", Id("batch_id", batchId), r => new Batch(r), token); }

        /// <summary>The Responses API: "model", "input", "instructions", ...</summary>
        public ResponseResult CreateResponse(IDictionary<string, object> request) { return Typed("responses", request, r => new ResponseResult(r)); }

        /// <summary>The Responses API: "model", "input", "instructions", ... Without blocking a thread.</summary>
        public Task<ResponseResult> CreateResponseAsync(IDictionary<string, object> request, CancellationToken token = default(CancellationToken)) { return TypedAsync("responses", request, r => new ResponseResult(r), token); }

        /// <summary>A streamed response; the token or Dispose stops it.</summary>
        public ResponseStream ResponseStream(IDictionary<string, object> request, CancellationToken token = default(CancellationToken))
        {
            return new ResponseStream(OpenSource("responses", request), token);
        }

        /// <summary>A stored response.</summary>
        public ResponseResult RetrieveResponse(string id) { return Typed("response_retrieve", Id("response_id", id), r => new ResponseResult(r)); }

        /// <summary>A stored response. Without blocking a thread.</summary>
        public Task<ResponseResult> RetrieveResponseAsync(string id, CancellationToken token = default(CancellationToken)) { return TypedAsync("response_retrieve", Id("response_id", id), r => new ResponseResult(r), token); }

        /// <summary>Cancel a background response.</summary>
        public ResponseResult CancelResponse(string id) { return Typed("response_cancel", Id("response_id", id), r => new ResponseResult(r)); }

        /// <summary>Cancel a background response. Without blocking a thread.</summary>
        public Task<ResponseResult> CancelResponseAsync(string id, CancellationToken token = default(CancellationToken)) { return TypedAsync("response_cancel", Id("response_id", id), r => new ResponseResult(r), token); }

        /// <summary>Delete a stored response.</summary>
        public Deleted DeleteResponse(string id) { return Typed("response_delete", Id("response_id", id), r => new Deleted(r)); }

        /// <summary>Delete a stored response. Without blocking a thread.</summary>
        public Task<Deleted> DeleteResponseAsync(string id, CancellationToken token = default(CancellationToken)) { return TypedAsync("response_delete", Id("response_id", id), r => new Deleted(r), token); }
    }
}
