using System;
using System.Collections.Generic;
using System.Linq;
using LiterLlm;
using NUnit.Framework;

namespace LiterLlm.Tests
{
    /// <summary>Every fixture's answer read into its typed response, checked field by field against the raw JSON.</summary>
    static class TypedFixtures
    {
        static Dictionary<string, object> D(object o) { return o as Dictionary<string, object>; }

        static object G(object o, string k)
        {
            object v;
            var d = D(o);
            return d != null && d.TryGetValue(k, out v) ? v : null;
        }

        static List<object> L(object o, string k) { return G(o, k) as List<object> ?? new List<object>(); }

        static int? I(object o, string k) { var v = G(o, k); return v == null ? (int?)null : Convert.ToInt32(v); }

        internal static void Check(string op, object data, Meta meta, CallResult r)
        {
            switch (op)
            {
                case "chat":
                {
                    var t = new ChatCompletion(data);
                    Assert.AreEqual(G(data, "id"), t.Id);
                    Assert.AreEqual(G(data, "model"), t.Model);
                    Assert.AreEqual(L(data, "choices").Count, t.Choices.Count);
                    for (int i = 0; i < t.Choices.Count; i++)
                    {
                        var c = L(data, "choices")[i];
                        Assert.AreEqual(G(c, "finish_reason"), t.Choices[i].FinishReason);
                        Assert.AreEqual(G(G(c, "message"), "content"), t.Choices[i].Message.Content);
                        var calls = L(G(c, "message"), "tool_calls");
                        Assert.AreEqual(calls.Count, t.Choices[i].Message.ToolCalls.Count);
                        for (int j = 0; j < calls.Count; j++)
                        {
                            Assert.AreEqual(G(calls[j], "id"), t.Choices[i].Message.ToolCalls[j].Id);
                            Assert.AreEqual(G(G(calls[j], "function"), "arguments"), t.Choices[i].Message.ToolCalls[j].Arguments);
                        }
                    }
                    CheckUsage(G(data, "usage"), t.Usage);
                    break;
                }
                case "embed":
                {
                    var t = new Embeddings(data);
                    Assert.AreEqual(L(data, "data").Count, t.Data.Count);
                    for (int i = 0; i < t.Data.Count; i++)
                    {
                        var v = G(L(data, "data")[i], "embedding") as List<object>;
                        if (v != null) CollectionAssert.AreEqual(v.Select(x => Convert.ToSingle(x)).ToArray(), t.Data[i].Vector);
                    }
                    CheckUsage(G(data, "usage"), t.Usage);
                    break;
                }
                case "models":
                {
                    var t = new ModelList(data);
                    CollectionAssert.AreEqual(L(data, "data").Select(m => G(m, "id")).ToList(), t.Data.Select(m => (object)m.Id).ToList());
                    break;
                }
                case "images":
                case "image_edit":
                {
                    var t = new ImagesResponse(data);
                    CollectionAssert.AreEqual(L(data, "data").Select(m => G(m, "b64_json")).ToList(), t.Data.Select(m => (object)m.B64Json).ToList());
                    CollectionAssert.AreEqual(L(data, "data").Select(m => G(m, "url")).ToList(), t.Data.Select(m => (object)m.Url).ToList());
                    CheckUsage(G(data, "usage"), t.Usage);
                    break;
                }
                case "transcribe":
                case "translate":
                    Assert.AreEqual(G(data, "text"), new Transcription(data).Text);
                    break;
                case "moderate":
                {
                    var t = new Moderation(data);
                    CollectionAssert.AreEqual(L(data, "results").Select(x => (bool)G(x, "flagged")).ToList(), t.Results.Select(x => x.Flagged).ToList());
                    break;
                }
                case "rerank":
                {
                    var t = new RerankResponse(data);
                    CollectionAssert.AreEqual(L(data, "results").Select(x => I(x, "index")).ToList(), t.Results.Select(x => (int?)x.Index).ToList());
                    CollectionAssert.AreEqual(L(data, "results").Select(x => Convert.ToDouble(G(x, "relevance_score"))).ToList(), t.Results.Select(x => x.RelevanceScore).ToList());
                    break;
                }
                case "file_upload":
                case "file_retrieve":
                {
                    var t = new FileObject(data);
                    Assert.AreEqual(G(data, "id"), t.Id);
                    Assert.AreEqual(G(data, "bytes") == null ? (long?)null : Convert.ToInt64(G(data, "bytes")), t.Bytes);
                    break;
                }
                case "file_list":
                    CollectionAssert.AreEqual(L(data, "data").Select(m => G(m, "id")).ToList(), new FileList(data).Data.Select(m => (object)m.Id).ToList());
                    break;
                case "file_delete":
                case "response_delete":
                    Assert.AreEqual(G(data, "deleted"), new Deleted(data).IsDeleted);
                    break;
                case "batch_create":
                case "batch_retrieve":
                case "batch_cancel":
                {
                    var t = new Batch(data);
                    Assert.AreEqual(G(data, "id"), t.Id);
                    Assert.AreEqual(G(data, "status"), t.Status);
                    Assert.AreEqual(G(data, "input_file_id"), t.InputFileId);
                    break;
                }
                case "batch_list":
                    CollectionAssert.AreEqual(L(data, "data").Select(m => G(m, "status")).ToList(), new BatchList(data).Data.Select(m => (object)m.Status).ToList());
                    break;
                case "responses":
                case "response_retrieve":
                case "response_cancel":
                {
                    var t = new ResponseResult(data);
                    Assert.AreEqual(G(data, "id"), t.Id);
                    Assert.AreEqual(G(data, "status"), t.Status);
                    Assert.AreEqual(L(data, "output").Count, t.Output.Count);
                    CheckUsage(G(data, "usage"), t.Usage);
                    break;
                }
                case "speech":
                case "file_content":
                {
                    Assert.IsNotNull(r, "bytes answers are not streamed");
                    var b = Binary.Of(r);
                    Assert.AreEqual(G(data, "content_type"), b.ContentType);
                    Assert.AreEqual(Convert.ToInt64(G(data, "bytes")), b.Size);
                    break;
                }
                case "count_tokens":
                    Assert.AreEqual(I(data, "input_tokens"), TokenCount.Of(data).InputTokens);
                    break;
                case "cost":
                {
                    var c = Cost.Of(data);
                    Assert.AreEqual(G(data, "usd"), c.Usd.HasValue ? c.Usd.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
                    break;
                }
                default:
                    Assert.Fail("no typed response for op " + op);
                    break;
            }
        }

        internal static void Chunk(Dictionary<string, object> chunk)
        {
            var t = new ChatChunk(chunk);
            Assert.AreEqual(L(chunk, "choices").Count, t.Choices.Count);
            for (int i = 0; i < t.Choices.Count; i++)
            {
                var delta = G(L(chunk, "choices")[i], "delta");
                Assert.AreEqual(G(delta, "content"), t.Choices[i].Delta.Content);
                Assert.AreEqual(L(delta, "tool_calls").Count, t.Choices[i].Delta.ToolCalls.Count);
            }
            CheckUsage(G(chunk, "usage"), t.Usage);
        }

        static void CheckUsage(object u, Usage t)
        {
            if (u == null) { Assert.IsNull(t); return; }
            Assert.AreEqual(I(u, "prompt_tokens"), t.PromptTokens);
            Assert.AreEqual(I(u, "completion_tokens"), t.CompletionTokens);
            Assert.AreEqual(I(u, "total_tokens"), t.TotalTokens);
            Assert.AreEqual(I(u, "input_tokens"), t.InputTokens);
            Assert.AreEqual(I(u, "output_tokens"), t.OutputTokens);
        }
    }
}
