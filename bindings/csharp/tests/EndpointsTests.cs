using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using NUnit.Framework;

namespace LiterLlm.Tests
{
    [TestFixture]
    public class EndpointsTests
    {
        static Dictionary<string, object> Speech()
        {
            return new Dictionary<string, object> { { "model", "tts-1" }, { "input", "hi" }, { "voice", "alloy" } };
        }

        static LiterLlmClient Client(string name, out string run, Dictionary<string, object> extra = null)
        {
            return new LiterLlmClient(LiterLlmTests.Config(name, out run, extra));
        }

        static Dictionary<string, object> Body(string name, string run)
        {
            return (Dictionary<string, object>)((Dictionary<string, object>)LiterLlmTests.Log(name, run)[0])["body"];
        }

        [Test]
        public void SpeechBytesAndFile()
        {
            string run;
            using (var c = Client("ep_audio", out run))
            {
                var audio = c.SpeechAsync(Speech()).Result;
                Assert.AreEqual("audio/mpeg", audio.ContentType);
                Assert.AreEqual(3 + 256 * 64, audio.Bytes.Length);
                var path = Path.Combine(Path.GetTempPath(), "speech-" + run + ".mp3");
                var saved = c.SpeechToFileAsync(Speech(), path).Result;
                Assert.AreEqual(path, saved.Path);
                Assert.AreEqual(audio.Bytes.Length, saved.Size);
                CollectionAssert.AreEqual(audio.Bytes, File.ReadAllBytes(path));
                File.Delete(path);
            }
        }

        [Test]
        public void TranscribeStreamsAFileFromDisk()
        {
            var wav = new byte[44];
            System.Text.Encoding.ASCII.GetBytes("RIFF$\0\0\0WAVEfmt ").CopyTo(wav, 0);
            string run;
            var path = Path.Combine(Path.GetTempPath(), "hello-" + Guid.NewGuid().ToString("N") + ".wav");
            File.WriteAllBytes(path, wav);
            using (var c = Client("transcribe_json", out run))
            {
                var t = c.TranscribeAsync(new Dictionary<string, object> {
                    { "model", "whisper-1" }, { "file", FileInput.FromPath(path) }, { "language", "en" },
                    { "temperature", 0 }, { "timestamp_granularities", new List<object> { "word", "segment" } } }).Result;
                Assert.AreEqual("Hello world.", t["text"]);
            }
            File.Delete(path);
            var sent = (Dictionary<string, object>)((Dictionary<string, object>)Body("transcribe_json", run)["files"])["file"];
            using (var sha = SHA256.Create())
                Assert.AreEqual(BitConverter.ToString(sha.ComputeHash(wav)).Replace("-", "").ToLowerInvariant(), sent["sha256"]);
            Assert.AreEqual(Path.GetFileName(path), sent["filename"]);
        }

        [Test]
        public void RerankFilesAndBatches()
        {
            string run;
            using (var c = Client("rerank_compatible", out run, new Dictionary<string, object> { { "provider", "together" } }))
            {
                var r = c.RerankAsync(new Dictionary<string, object> {
                    { "model", "Salesforce/Llama-Rank-V1" }, { "query", "capital of France?" }, { "top_n", 2 },
                    { "documents", new List<object> { "Paris is the capital.", "Berlin is big." } } }).Result;
                Assert.AreEqual(0, Convert.ToInt32(((Dictionary<string, object>)((List<object>)r["results"])[0])["index"]));
            }
            using (var c = Client("file_upload", out run))
                Assert.AreEqual("file-abc123", c.UploadFileAsync(FileInput.FromBytes("batch.jsonl", new byte[] { 123, 125, 10 }), "batch").Result["id"]);
            Assert.AreEqual(3, Convert.ToInt32(((Dictionary<string, object>)((Dictionary<string, object>)Body("file_upload", run)["files"])["file"])["size"]));
            using (var c = Client("file_content", out run))
                StringAssert.StartsWith("{\"custom_id\"", System.Text.Encoding.UTF8.GetString(c.FileContentAsync("file-abc123").Result.Bytes));
            using (var c = Client("batch_create", out run))
                Assert.AreEqual("validating", c.CreateBatchAsync(new Dictionary<string, object> {
                    { "input_file_id", "file-abc123" }, { "endpoint", "/v1/chat/completions" } }).Result["status"]);
            using (var c = Client("file_not_found", out run))
            {
                var e = Assert.Throws<AggregateException>(() => c.RetrieveFileAsync("file-nope").Wait());
                Assert.IsInstanceOf<NotFoundException>(e.InnerException);
                e = Assert.Throws<AggregateException>(() => c.RetrieveFileAsync("../models").Wait());
                Assert.IsInstanceOf<InvalidArgumentException>(e.InnerException);
            }
        }

        [Test]
        public void ResponsesCreateAndStream()
        {
            string run;
            var req = new Dictionary<string, object> { { "model", "gpt-4.1-mini" }, { "input", "Say hi" } };
            using (var c = Client("responses_create", out run))
            {
                var r = c.CreateResponseAsync(new Dictionary<string, object>(req) { { "instructions", "Be brief." }, { "max_output_tokens", 20 } }).Result;
                Assert.AreEqual("Hi!", r.OutputText);
                Assert.AreEqual("completed", r.Status);
            }
            using (var c = Client("responses_stream", out run))
            using (var s = c.ResponseStream(req))
            {
                var text = string.Concat(s.Where(ev => (string)ev["type"] == "response.output_text.delta").Select(ev => (string)ev["delta"]));
                Assert.AreEqual("Hi!", text);
                Assert.AreEqual("Hi!", s.Response.OutputText);
            }
            using (var c = Client("responses_stream_cut", out run))
            using (var s = c.ResponseStream(req))
                Assert.Throws<StreamIncompleteException>(() => { foreach (var _ in s) { } });
        }

        [Test]
        public void UndeclaredEndpointIsUnsupported()
        {
            string run;
            using (var c = Client("endpoint_undeclared", out run, new Dictionary<string, object> { { "provider", "deepseek" } }))
            {
                var e = Assert.Throws<AggregateException>(() => c.SpeechAsync(new Dictionary<string, object> {
                    { "model", "deepseek-chat" }, { "input", "hi" }, { "voice", "alloy" } }).Wait());
                Assert.IsInstanceOf<UnsupportedException>(e.InnerException);
                StringAssert.Contains("'deepseek'", e.InnerException.Message);
                StringAssert.Contains("'speech'", e.InnerException.Message);
            }
            Assert.AreEqual(0, LiterLlmTests.Log("endpoint_undeclared", run).Count);
        }
    }
}
