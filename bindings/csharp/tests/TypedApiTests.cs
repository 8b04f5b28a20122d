using System;
using System.Collections.Generic;
using System.Linq;
using LiterLlm.Testing;
using NUnit.Framework;

namespace LiterLlm.Tests
{
    [TestFixture]
    public class TypedApiTests
    {
        static ChatRequest Hi() { return new ChatRequest { Model = "openai/gpt-4o-mini", Messages = { Message.User("hi") } }; }

        [Test]
        public void CallOptionsReachTheCall()
        {
            string run;
            using (var c = new LiterLlmClient(LiterLlmTests.Config("retry_503_then_ok", out run)))
            {
                var e = Assert.Throws<ServiceUnavailableException>(() => c.Chat(Hi(), new CallOptions { MaxRetries = 0, Timeout = TimeSpan.FromSeconds(30) }));
                Assert.IsInstanceOf<ServerErrorException>(e);
            }
            Assert.AreEqual(1, LiterLlmTests.Log("retry_503_then_ok", run).Count);
            using (var c = new LiterLlmClient(LiterLlmTests.Config("chat_basic", out run)))
            {
                var opts = new CallOptions { ExtraHeaders = new Dictionary<string, string> { { "x-team", "search" } } };
                Assert.AreEqual("Hello there!", c.ChatAsync(Hi(), opts).Result.Content);
            }
            var headers = (Dictionary<string, object>)((Dictionary<string, object>)LiterLlmTests.Log("chat_basic", run)[0])["headers"];
            Assert.AreEqual("search", headers["x-team"]);
        }

        [Test]
        public void OptionsAreChecked()
        {
            Assert.Throws<ArgumentOutOfRangeException>(() => new CallOptions { Timeout = TimeSpan.Zero }.ToDictionary());
            Assert.Throws<ArgumentOutOfRangeException>(() => new CallOptions { MaxRetries = 21 }.ToDictionary());
            Assert.Throws<ArgumentOutOfRangeException>(() => new LiterLlmOptions { ConnectTimeout = TimeSpan.FromSeconds(-1) }.ToDictionary());
            var clash = new LiterLlmOptions { BaseUrl = "http://x", Extra = new Dictionary<string, object> { { "base_url", "http://y" } } };
            Assert.Throws<InvalidArgumentException>(() => clash.ToDictionary());
            var fake = new FakeLlmClient().Answer("chat", new Dictionary<string, object>());
            var req = new Dictionary<string, object> { { "model", "m" }, { "max_retries", 3 } };
            var e = Assert.Throws<InvalidArgumentException>(() => fake.CallWithMeta("chat", req, new CallOptions { MaxRetries = 1 }));
            StringAssert.Contains("max_retries", e.Message);
            fake.Chat(Hi(), new CallOptions { MaxRetries = 1, Timeout = TimeSpan.FromMilliseconds(2500) });
            var sent = fake.SentTo("chat")[0];
            Assert.AreEqual(1L, sent["max_retries"]);
            Assert.AreEqual(2.5, Convert.ToDouble(sent["timeout"]));
        }

        [Test]
        public void ClientFromTypedOptions()
        {
            string run;
            var raw = LiterLlmTests.Config("chat_basic", out run);
            var opts = new LiterLlmOptions
            {
                BaseUrl = (string)raw["base_url"], ApiKey = "k", MaxRetries = 1,
                Timeout = TimeSpan.FromSeconds(20), ConnectTimeout = TimeSpan.FromSeconds(1.5),
                ReadTimeout = TimeSpan.FromSeconds(10), StreamIdleTimeout = TimeSpan.FromSeconds(10),
            };
            using (var c = new LiterLlmClient(opts))
            {
                var r = c.Chat(Hi());
                Assert.AreEqual("Hello there!", r.Choices[0].Message.Content);
                Assert.AreEqual("assistant", r.ToMessage().Role);
            }
        }

        [Test]
        public void SyncAndAsyncPairsAreTyped()
        {
            string run;
            var req = new Dictionary<string, object> { { "model", "openai/text-embedding-3-small" }, { "input", "hi" } };
            using (var c = new LiterLlmClient(LiterLlmTests.Config("embed_basic", out run)))
            {
                Embeddings a = c.Embed(req), b = c.EmbedAsync(req).Result;
                Assert.AreEqual(1, a.Data.Count);
                CollectionAssert.AreEqual(a.Data[0].Vector, b.Data[0].Vector);
                Assert.IsNotNull(a.Meta);
            }
            using (var c = new LiterLlmClient(LiterLlmTests.Config("models_list", out run)))
            {
                ModelList m = c.Models(), n = c.ModelsAsync().Result;
                CollectionAssert.AreEqual(m.Data.Select(x => x.Id).ToList(), n.Data.Select(x => x.Id).ToList());
            }
        }

        [Test]
        public void StreamsYieldTypedChunks()
        {
            string run;
            using (var c = new LiterLlmClient(LiterLlmTests.Config("stream_basic", out run)))
            using (var s = c.Stream(Hi()))
            {
                var text = string.Concat(s.Select(ch => ch.Content));
                Assert.AreEqual("Hello world!", text);
                Assert.AreEqual("Hello world!", s.Response.Content);
                Assert.AreEqual("req_stream_basic", s.Response.Meta.RequestId);
            }
        }

        [Test]
        public void WrongTypeIsInvalidResponse()
        {
            var e = Assert.Throws<InvalidResponseException>(() => new ChatCompletion(Json.Parse("{\"choices\":[{\"index\":\"zero\"}]}")));
            StringAssert.Contains("index", e.Message);
            var unknown = new ChatCompletion(Json.Parse("{\"choices\":[],\"x_vendor\":{\"a\":1}}"));
            Assert.IsNotNull(unknown["x_vendor"]);
        }
    }
}
