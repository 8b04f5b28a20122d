using System;
using System.Collections.Generic;
using System.Linq;
using LiterLlm.Testing;
using NUnit.Framework;

namespace LiterLlm.Tests
{
    /// <summary>What a user's code looks like: it takes a LiterLlmClient; its tests pass the fake.</summary>
    sealed class Summarizer
    {
        readonly LiterLlmClient llm;
        public Summarizer(LiterLlmClient llm) { this.llm = llm; }

        public string Summarize(string text)
        {
            var req = new ChatRequest { Model = "openai/gpt-4o-mini", Messages = { Message.User("Summarize: " + text) } };
            try { return llm.ChatAsync(req).Result.Content; }
            catch (AggregateException e) when (e.InnerException is RateLimitedException) { return "(busy)"; }
        }

        public string Streamed(string text)
        {
            var req = new ChatRequest { Model = "m", Messages = { Message.User(text) } };
            using (var s = llm.Stream(req))
                return string.Concat(s.Select(c => c.Content));
        }
    }

    [TestFixture]
    public class FakeTests
    {
        static Dictionary<string, object> Answer(string text)
        {
            return (Dictionary<string, object>)Json.Parse("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"" + text + "\"}}]}");
        }

        [Test]
        public void CannedAnswersErrorsAndWhatWasSent()
        {
            var fake = new FakeLlmClient().Answer("chat", Answer("Short.")).Fail("chat", "rate_limited", "slow down");
            var s = new Summarizer(fake);
            Assert.AreEqual("Short.", s.Summarize("a long text"));
            Assert.AreEqual("(busy)", s.Summarize("another"));
            var sent = fake.SentTo("chat");
            Assert.AreEqual(2, sent.Count);
            var first = (Dictionary<string, object>)((List<object>)sent[0]["messages"])[0];
            Assert.AreEqual("Summarize: a long text", first["content"]);
            Assert.Catch<InvalidRequestException>(() => new FakeLlmClient().Fail("chat", "context_window_exceeded").Chat(
                new ChatRequest { Model = "m", Messages = { Message.User("x") } }));
        }

        [Test]
        public void StreamsAndTypedEndpoints()
        {
            Func<string, Dictionary<string, object>> chunk = t =>
                (Dictionary<string, object>)Json.Parse("{\"choices\":[{\"delta\":{\"content\":\"" + t + "\"}}]}");
            var fake = new FakeLlmClient()
                .Stream("chat", new[] { chunk("Hel"), chunk("lo") }, Answer("Hello"))
                .Answer("rerank", "{\"results\":[{\"index\":1,\"relevance_score\":0.9}]}");
            Assert.AreEqual("Hello", new Summarizer(fake).Streamed("hi"));
            var r = fake.RerankAsync(new Dictionary<string, object> { { "model", "m" }, { "query", "q" },
                { "documents", new List<object> { "a", "b" } } }).Result;
            Assert.AreEqual(1, Convert.ToInt32(((Dictionary<string, object>)((List<object>)r["results"])[0])["index"]));
            Assert.AreEqual(new[] { "chat", "rerank" }, fake.Sent.Select(x => x.Op).ToArray());
            Assert.Throws<InvalidOperationException>(() => fake.Call("embed", "{}"));
        }
    }
}
