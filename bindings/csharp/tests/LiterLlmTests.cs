using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using NUnit.Framework;

namespace LiterLlm.Tests
{
    [TestFixture]
    public class LiterLlmTests
    {
        static string Mock
        {
            get
            {
                var u = Environment.GetEnvironmentVariable("LITER_LLM_MOCK_URL");
                if (string.IsNullOrEmpty(u)) Assert.Fail("LITER_LLM_MOCK_URL is not set: run through `make test-csharp`");
                return u;
            }
        }

        static string Root
        {
            get { return Environment.GetEnvironmentVariable("LITER_LLM_ROOT") ?? Path.GetFullPath("../.."); }
        }

        internal static Dictionary<string, object> Config(string name, out string run, Dictionary<string, object> extra = null)
        {
            run = "cs" + Guid.NewGuid().ToString("N").Substring(0, 12);
            var cfg = extra != null ? new Dictionary<string, object>(extra) : new Dictionary<string, object>();
            cfg["base_url"] = Mock + "/s/" + name + "/" + run + "/v1";
            cfg["api_key"] = "test-key";
            return cfg;
        }

        internal static List<object> Log(string name, string run)
        {
            using (var wc = new WebClient())
                return (List<object>)Json.Parse(wc.DownloadString(Mock + "/_log/" + name + "/" + run));
        }

        /// <summary>The most requests of a run the mock had in flight at once.</summary>
        static int Peak(string name, string run)
        {
            using (var wc = new WebClient())
                return Convert.ToInt32(((Dictionary<string, object>)Json.Parse(
                    wc.DownloadString(Mock + "/_peak/" + name + "/" + run)))["peak"]);
        }

        static string Subset(object expected, object actual, string path)
        {
            var ed = expected as Dictionary<string, object>;
            if (ed != null)
            {
                var ad = actual as Dictionary<string, object>;
                if (ad == null) return path + ": expected object";
                foreach (var kv in ed)
                {
                    if (!ad.ContainsKey(kv.Key)) return path + "." + kv.Key + ": missing";
                    var d = Subset(kv.Value, ad[kv.Key], path + "." + kv.Key);
                    if (d != null) return d;
                }
                return null;
            }
            var el = expected as List<object>;
            if (el != null)
            {
                var al = actual as List<object>;
                if (al == null || al.Count != el.Count) return path + ": list length differs";
                for (int i = 0; i < el.Count; i++) { var d = Subset(el[i], al[i], path + "[" + i + "]"); if (d != null) return d; }
                return null;
            }
            if (expected == null ? actual == null : (expected is long || expected is double)
                ? actual != null && Convert.ToDouble(expected) == Convert.ToDouble(actual) : expected.Equals(actual)) return null;
            return path + ": expected " + Json.Write(expected) + ", got " + (actual == null ? "null" : Json.Write(actual));
        }

        public static IEnumerable<TestCaseData> Fixtures()
        {
            foreach (var f in Directory.GetFiles(Path.Combine(Root, "tests/fixtures"), "*.json").OrderBy(x => x))
                foreach (Dictionary<string, object> c in (List<object>)Json.Parse(File.ReadAllText(f)))
                    yield return new TestCaseData(c).SetName("Fixture_" + c["name"]);
        }

        public static IEnumerable<TestCaseData> StreamFixtures()
        {
            foreach (var t in Fixtures())
                if ((bool)((Dictionary<string, object>)t.Arguments[0])["stream"])
                    yield return new TestCaseData(t.Arguments[0]).SetName("FixtureNextAsync_" + ((Dictionary<string, object>)t.Arguments[0])["name"]);
        }

        [Test, TestCaseSource("Fixtures")]
        public void Fixture(Dictionary<string, object> c) { RunFixture(c, false); }

        /// The stream fixtures again, through the non-blocking NextAsync.
        [Test, TestCaseSource("StreamFixtures")]
        public void FixtureNextAsync(Dictionary<string, object> c) { RunFixture(c, true); }

        static void DrainAsync(EventStream s, ref int n)
        {
            while (s.NextAsync().Result != null) n++;
            Assert.IsNull(s.NextAsync().Result, "NextAsync after the end");
        }

        void RunFixture(Dictionary<string, object> c, bool nextAsync)
        {
            string name = (string)c["name"], run;
            object extra;
            var cfg = Config(name, out run, c.TryGetValue("config", out extra) ? (Dictionary<string, object>)extra : null);
            var ex = (Dictionary<string, object>)c["expect"];
            object data = null;
            Meta meta = null;
            LiterLlmException error = null;
            int chunks = 0;
            CallResult result = null;
            using (var client = new LiterLlmClient(cfg))
            {
                try
                {
                    if ((bool)c["stream"])
                    {
                        using (var s = client.StreamOp((string)c["op"], Json.Write(c["request"])))
                        {
                            if (nextAsync) DrainAsync(s, ref chunks);
                            else foreach (var ev in s)
                            {
                                if ((string)c["op"] == "chat") TypedFixtures.Chunk(ev);
                                chunks++;
                            }
                            data = s.Final.Raw;
                            meta = s.Final.Meta;
                        }
                    }
                    else
                    {
                        var r = client.CallWithMetaAsync((string)c["op"], Json.Write(c["request"])).Result;
                        result = r;
                        data = r.Data;
                        meta = r.Meta;
                    }
                }
                catch (AggregateException ae) { error = ae.InnerException as LiterLlmException; if (error == null) throw; }
                catch (LiterLlmException e) { error = e; }
            }
            if (error != null) meta = error.Meta;
            if ((bool)ex["ok"])
            {
                Assert.IsNull(error, error == null ? "" : error.Label + ": " + error.Message);
                object want;
                if (ex.TryGetValue("response", out want)) Assert.IsNull(Subset(want, data, "response"));
                TypedFixtures.Check((string)c["op"], data, meta, result);
            }
            else
            {
                Assert.IsNotNull(error, "expected an error");
                var label = (string)ex["label"];
                Assert.AreEqual(Map.Classes[label](new Dictionary<string, object>()).GetType(), error.GetType());
                Assert.AreEqual(label, error.Label);
                object st;
                if (ex.TryGetValue("status", out st)) Assert.AreEqual(Convert.ToInt32(st), error.Status);
            }
            object n;
            if (ex.TryGetValue("chunks", out n)) Assert.AreEqual(Convert.ToInt32(n), chunks);
            if (ex.TryGetValue("attempts", out n)) Assert.AreEqual(Convert.ToInt32(n), Log(name, run).Count);
            if (ex.TryGetValue("meta", out n))
            {
                Assert.IsNotNull(meta, "no meta");
                Assert.IsNull(Subset(n, meta.Raw, "meta"));
            }
        }

        [Test]
        public void TypedCountTokens()
        {
            string run;
            using (var client = new LiterLlmClient(Config("tokens_local_openai", out run)))
            {
                var msgs = new List<object> {
                    new Dictionary<string, object> { { "role", "system" }, { "content", "You are terse." } },
                    new Dictionary<string, object> { { "role", "user" }, { "content", "Hello, world!" } } };
                var n = client.CountTokens(new Dictionary<string, object> { { "model", "openai/gpt-4o" }, { "messages", msgs } });
                Assert.AreEqual(19, n.InputTokens);
                Assert.AreEqual("o200k", n.Tokenizer);
                Assert.IsFalse(n.IsEstimate);
                Assert.AreEqual(128000, n.ContextWindow);
                Assert.AreEqual(true, n.Fits);
                Assert.Throws<UnsupportedException>(() => client.CountTokens(new Dictionary<string, object> {
                    { "model", "cohere/command-r-plus" }, { "text", "x" }, { "exact", true } }));
            }
        }

        [Test]
        public void BudgetAndUsage()
        {
            string run;
            var cfg = Config("budget_within_hard", out run);
            cfg["pricing"] = new Dictionary<string, object> { { "openai/budget-m", new Dictionary<string, object> { { "input_mtok", "1000" }, { "output_mtok", "1000" } } } };
            cfg["budgets"] = new List<object> { new Dictionary<string, object> { { "scope", "global" }, { "limit_usd", "1.00" }, { "window", "daily" } } };
            using (var client = new LiterLlmClient(cfg))
            {
                var req = new ChatRequest { Model = "openai/budget-m" };
                req.Messages.Add(new Message("user", "hi"));
                req.Extra["max_tokens"] = 3;  // a hard budget reserves the worst case
                var r = client.Chat(req);
                Assert.AreEqual(0.012m, r.Meta.Cost.Usd);
                Assert.IsFalse(r.Meta.CacheHit);
                var u = client.Usage();
                Assert.AreEqual(0.012m, u.Budgets[0].SpentUsd);
                Assert.AreEqual("global", u.Budgets[0].Scope);
                Assert.AreEqual("memory", u.State);
            }
        }

        [Test]
        public void TypedCost()
        {
            string run;
            using (var client = new LiterLlmClient(Config("chat_meta_cost", out run)))
            {
                var usage = new Dictionary<string, object> {
                    { "prompt_tokens", 1200 }, { "completion_tokens", 300 },
                    { "prompt_tokens_details", new Dictionary<string, object> { { "cached_tokens", 200 } } } };
                var cost = client.Cost("openai/gpt-4o", usage);
                Assert.AreEqual(0.00575m, cost.Usd);
                Assert.AreEqual(0.003m, cost.Breakdown["output"]);
                Assert.AreEqual("openai/gpt-4o", cost.PricedAs);
                var unknown = client.Cost("openai/my-private-model", usage);
                Assert.IsFalse(unknown.Known);
                Assert.IsNotNull(unknown.Reason);
                var r = client.Chat(Hi4o());
                Assert.AreEqual(0.00575m, r.Meta.Cost.Usd);
            }
        }

        static ChatRequest Hi4o()
        {
            var r = new ChatRequest { Model = "openai/gpt-4o" };
            r.Messages.Add(new Message("user", "hi"));
            return r;
        }

        [Test]
        public void RoutingMetaIsTyped()
        {
            string run;
            var cfg = Config("route_failover_503", out run, null);
            cfg["deployments"] = new List<object> {
                new Dictionary<string, object> { { "id", "east" }, { "model_name", "chat-default" }, { "model", "openai/east-m" }, { "priority", 0 } },
                new Dictionary<string, object> { { "id", "west" }, { "model_name", "chat-default" }, { "model", "openai/west-m" }, { "priority", 1 } },
            };
            cfg["router"] = new Dictionary<string, object> { { "strategy", "priority" } };
            using (var client = new LiterLlmClient(cfg))
            {
                var req = new ChatRequest { Model = "chat-default" };
                req.Messages.Add(new Message("user", "hi"));
                var r = client.ChatAsync(req).Result;
                Assert.AreEqual("west", r.Meta.Deployment);
                Assert.AreEqual("west-m", r.Meta.Model);
                Assert.AreEqual(2, r.Meta.Attempts.Count);
                Assert.AreEqual("east", r.Meta.Attempts[0].Deployment);
                Assert.AreEqual("service_unavailable", r.Meta.Attempts[0].Label);
                Assert.AreEqual(503, r.Meta.Attempts[0].Status);
                Assert.IsNull(r.Meta.Attempts[1].Label);
                var blocking = client.Chat(req);
                Assert.AreEqual("west", blocking.Meta.Deployment);
            }
        }

        static ChatRequest Hi()
        {
            var r = new ChatRequest { Model = "openai/gpt-4o-mini" };
            r.Messages.Add(new Message("user", "hi"));
            return r;
        }

        [Test]
        public void TypedChatSyncAndAsync()
        {
            string run;
            using (var c = new LiterLlmClient(Config("chat_basic", out run)))
            {
                Assert.AreEqual("Hello there!", c.Chat(Hi()).Content);
                var r = c.ChatAsync(Hi()).Result;
                Assert.AreEqual("stop", r.FinishReason);
                Assert.AreEqual(12, r.Usage.TotalTokens);
                Assert.AreEqual(4, r.Usage.CachedTokens);
                Assert.AreEqual("req_chat_basic", r.Meta.RequestId);
                Assert.AreEqual("4999", r.Meta.RateLimit["x-ratelimit-remaining-requests"]);
            }
        }

        [Test]
        public void ThousandConcurrentCallsOverlap()
        {
            string run;
            using (var c = new LiterLlmClient(Config("chat_slow_100ms", out run)))
            {
                c.ChatAsync(Hi()).Wait();
                var tasks = Enumerable.Range(0, 1000).Select(_ => c.ChatAsync(Hi())).ToArray();
                Task.WaitAll(tasks);
                Assert.IsTrue(tasks.All(t => t.Result.Content == "Hello there!"));
                // overlap as the mock saw it, not by a clock (each answer takes 100 ms there)
                var peak = Peak("chat_slow_100ms", run);
                Console.WriteLine("1000 concurrent ChatAsync: the mock saw " + peak + " in flight at once");
                Assert.GreaterOrEqual(peak, 16, "calls did not overlap");
            }
        }

        static void WaitDisconnected(string name, string run)
        {
            var until = DateTime.UtcNow.AddSeconds(3);
            while (DateTime.UtcNow < until)
            {
                var l = Log(name, run);
                if (l.Count > 0 && (bool)((Dictionary<string, object>)l[0])["disconnected"]) return;
                Thread.Sleep(20);
            }
            Assert.Fail("upstream connection was not closed");
        }

        [Test]
        public void CancelMidRequest()
        {
            string run;
            using (var c = new LiterLlmClient(Config("error_timeout_deadline", out run, new Dictionary<string, object> { { "max_retries", 0 } })))
            using (var cts = new CancellationTokenSource(150))
            {
                // the cancel lands while the upstream has not answered: the engine aborts the
                // request, so the mock sees the connection close (no wall-clock bound asserted)
                var t = c.ChatAsync(Hi(), cts.Token);
                var ae = Assert.Throws<AggregateException>(() => t.Wait());
                Assert.IsInstanceOf<OperationCanceledException>(ae.InnerException);
                WaitDisconnected("error_timeout_deadline", run);
                // prompt: closed before the mock's 2 s delay ended
                Assert.IsFalse((bool)((Dictionary<string, object>)Log("error_timeout_deadline", run)[0])["completed"]);
            }
        }

        [Test]
        public void CancelMidStream()
        {
            string run;
            using (var c = new LiterLlmClient(Config("stream_idle_timeout", out run, new Dictionary<string, object> { { "stream_idle_timeout", 30 } })))
            using (var cts = new CancellationTokenSource())
            {
                var s = c.Stream(Hi(), cts.Token);
                var it = s.GetEnumerator();
                Assert.IsTrue(it.MoveNext());
                cts.CancelAfter(50);
                var e = Assert.Catch<LiterLlmException>(() => it.MoveNext());
                Assert.IsTrue(e is CancelledException || e is InvalidArgumentException, e.GetType().Name);
                WaitDisconnected("stream_idle_timeout", run);
            }
        }

        [Test]
        public void CancelNextAsyncMidStream()
        {
            string run;
            using (var c = new LiterLlmClient(Config("stream_idle_timeout", out run, new Dictionary<string, object> { { "stream_idle_timeout", 30 } })))
            using (var cts = new CancellationTokenSource())
            using (var s = c.Stream(Hi()))
            {
                Assert.IsNotNull(s.NextAsync(cts.Token).Result);
                var pending = s.NextAsync(cts.Token);
                Thread.Sleep(50);
                Assert.IsFalse(pending.IsCompleted, "the upstream is stalled: no chunk can be ready");
                cts.Cancel();
                var ae = Assert.Throws<AggregateException>(() => pending.Wait());
                Assert.IsInstanceOf<OperationCanceledException>(ae.InnerException);
                WaitDisconnected("stream_idle_timeout", run);
                // prompt: the mock saw the close before its script (3 chunks, 1.5 s apart) ended
                Assert.IsFalse((bool)((Dictionary<string, object>)Log("stream_idle_timeout", run)[0])["completed"]);
                var after = Assert.Throws<AggregateException>(() => s.NextAsync().Wait());
                Assert.IsInstanceOf<InvalidArgumentException>(after.InnerException, "a freed stream refuses");
            }
        }

        [Test]
        public void NextAsyncParksNoThread()
        {
            // 200 streams waiting in NextAsync at once: no thread-pool thread blocks on any of them.
            using (var c = new LiterLlmClient(new Dictionary<string, object> { { "base_url", Mock + "/bench/v1" }, { "api_key", "k" } }))
            {
                var tasks = new List<Task<int>>();
                for (int i = 0; i < 200; i++)
                    tasks.Add(Count(c.Stream(new Dictionary<string, object> { { "model", "m" }, { "messages", new List<object> { new Dictionary<string, object> { { "role", "user" }, { "content", "hi" } } } } })));
                Assert.IsTrue(Task.WaitAll(tasks.ToArray(), 30000), "streams did not finish");
                foreach (var t in tasks) Assert.AreEqual(21, t.Result);
            }
        }

        static async Task<int> Count(ChatStream s)
        {
            int n = 0;
            using (s)
                while (await s.NextAsync().ConfigureAwait(false) != null) n++;
            Assert.AreEqual(20, s.Response.Usage.CompletionTokens);
            return n;
        }

        [Test]
        public void Misuse()
        {
            string run;
            var c = new LiterLlmClient(Config("chat_basic", out run));
            Assert.Throws<ArgumentNullException>(() => c.Chat(null));
            Assert.Throws<ArgumentNullException>(() => c.Call(null, "{}"));
            Assert.Throws<InvalidArgumentException>(() => c.Call("frobnicate", "{}"));
            Assert.Throws<InvalidArgumentException>(() => c.Call("chat", "{not json"));
            Assert.Throws<InvalidArgumentException>(() => c.Call("chat", new Dictionary<string, object> { { "model", "m" }, { "temperature", double.NaN } }));
            Assert.Throws<InvalidArgumentException>(() => new LiterLlmClient(new Dictionary<string, object> { { "colour", "blue" } }));
            c.Dispose();
            c.Dispose();
            Assert.Throws<InvalidArgumentException>(() => c.Chat(Hi()));
            var ae = Assert.Throws<AggregateException>(() => c.ChatAsync(Hi()).Wait());
            Assert.IsInstanceOf<InvalidArgumentException>(ae.InnerException);
            Assert.Throws<InvalidArgumentException>(() => c.Stream(Hi()));
        }

        [Test]
        public void Utf8()
        {
            string run;
            using (var c = new LiterLlmClient(Config("chat_unicode", out run)))
            {
                var r = new ChatRequest { Model = "m" };
                r.Messages.Add(new Message("user", "é ☃ 🎉 中文"));
                Assert.AreEqual("é ☃ 🎉 中文", c.Chat(r).Content);
                var sent = (Dictionary<string, object>)((Dictionary<string, object>)Log("chat_unicode", run)[0])["body"];
                Assert.AreEqual("é ☃ 🎉 中文", ((Dictionary<string, object>)((List<object>)sent["messages"])[0])["content"]);
            }
        }

        [TestFixtureTearDown]
        public void ShutDownLibrary() { LiterLlmClient.Shutdown(); }
    
        [Test]
        public void HooksMetricsAndTraceContext()
        {
            string run;
            var cfg = Config("chat_basic", out run, new Dictionary<string, object> {
                { "telemetry", new Dictionary<string, object> { { "metrics", true } } } });
            var seen = new List<string>();
            var texts = new List<string>();
            string firstId = null;
            using (var c = new LiterLlmClient(cfg))
            {
                c.Requesting += (s, e) =>
                {
                    lock (seen) { seen.Add("on_request"); texts.Add(Json.Write(e.Event)); firstId = firstId ?? e.RequestId; }
                    if (Json.Write(e.Event["request"]).Contains("forbidden")) e.Reject("blocked by policy");
                };
                c.Responded += (s, e) => { lock (seen) { seen.Add("on_response"); texts.Add(Json.Write(e.Event)); } };
                c.Failed += (s, e) => { lock (seen) { seen.Add("on_error"); texts.Add(Json.Write(e.Event)); } };
                const string tp = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
                c.Call("chat", new Dictionary<string, object> {
                    { "model", "openai/gpt-4o-mini" }, { "traceparent", tp },
                    { "messages", new List<object> { new Dictionary<string, object> { { "role", "user" }, { "content", "hi" } } } } });
                var no = new Dictionary<string, object> {
                    { "model", "openai/gpt-4o-mini" },
                    { "messages", new List<object> { new Dictionary<string, object> { { "role", "user" }, { "content", "forbidden" } } } } };
                var ex = Assert.Throws<HookRejectedException>(() => c.Call("chat", no));
                StringAssert.Contains("blocked by policy", ex.Message);
                Assert.AreEqual(new[] { "on_request", "on_response", "on_request", "on_error" }, seen.ToArray());
                Assert.IsFalse(string.Join("", texts).Contains("test-key"), "a hook saw the key");
                StringAssert.StartsWith("llm-", firstId);
                var log = Log("chat_basic", run);
                Assert.AreEqual(1, log.Count, "the refused call reached the provider");
                var headers = (Dictionary<string, object>)((Dictionary<string, object>)log[0])["headers"];
                Assert.AreEqual(tp, headers["traceparent"]);
                StringAssert.Contains("liter_llm_requests_total{op=\"chat\",provider=\"openai\"", c.Metrics());
            }
        }

        [Test]
        public void ErrorMapMatchesTheHeader()
        {
            var h = File.ReadAllText(Path.Combine(Root, "include", "liter_llm.h"));
            var list = h.Substring(h.IndexOf("Stable labels"), h.IndexOf("OWNERSHIP") - h.IndexOf("Stable labels"));
            list = list.Substring(list.IndexOf(':') + 1);
            var labels = System.Text.RegularExpressions.Regex.Matches(list, "[a-z]+(?:_[a-z]+)*")
                .Cast<System.Text.RegularExpressions.Match>().Select(m => m.Value).OrderBy(x => x).ToArray();
            Assert.AreEqual(labels, Map.Classes.Keys.OrderBy(x => x).ToArray());
        }
    }
}
