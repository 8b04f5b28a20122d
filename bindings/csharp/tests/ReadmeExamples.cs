// The README's C# examples: make docs copies the regions between "readme:" markers into the
// README, and make test-csharp runs them here.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LiterLlm.Testing;
using NUnit.Framework;

namespace LiterLlm.Tests
{
    [TestFixture]
    public class ReadmeExamples
    {
        static readonly string Run = "readme-cs-" + Guid.NewGuid().ToString("N").Substring(0, 10);

        /// <summary>A client of one mock-provider scene (a real one reads its key from the environment).</summary>
        static LiterLlmClient Scene(string name)
        {
            return new LiterLlmClient(new LiterLlmOptions
            {
                BaseUrl = Environment.GetEnvironmentVariable("LITER_LLM_MOCK_URL") + "/s/" + name + "/" + Run + "/v1",
                ApiKey = "k",
            });
        }

        [Test]
        public void ChatStreamToolsStructuredVision()
        {
            using (var client = Scene("demo_chat"))
            {
                // readme: chat
                var req = new ChatRequest { Model = "openai/gpt-4o-mini", Messages = { Message.User("What is the capital of France?") } };
                ChatCompletion r = client.Chat(req, new CallOptions { Timeout = TimeSpan.FromSeconds(30) });
                Console.WriteLine(r.Content + " " + r.Usage.TotalTokens + " " + r.Meta.Provider);
                // readme: end
                Assert.AreEqual("The capital of France is Paris.", r.Content);
                Assert.AreEqual(21, r.Usage.TotalTokens);
            }
            using (var client = Scene("demo_stream"))
            {
                var req = new ChatRequest { Model = "openai/gpt-4o-mini", Messages = { Message.User("Tell me a story") } };
                var text = new System.Text.StringBuilder();
                // readme: stream
                using (ChatStream s = client.Stream(req))
                {
                    foreach (ChatChunk chunk in s) text.Append(chunk.Content);
                    Console.WriteLine(text + " | " + s.Response.FinishReason);
                }
                // readme: end
                Assert.AreEqual("Tokens arrive one by one, straight from the stream.", text.ToString());
            }
            using (var client = Scene("tool_round_trip"))
            {
                // readme: tools round trip
                var city = new Dictionary<string, object> {
                    { "type", "object" },
                    { "properties", new Dictionary<string, object> { { "city", new Dictionary<string, object> { { "type", "string" } } } } },
                    { "required", new List<object> { "city" } } };
                var req = new ChatRequest
                {
                    Model = "openai/gpt-4o-mini",
                    Messages = { Message.User("Weather in Paris?") },
                    Tools = new List<Tool> { Tool.Function("get_weather", "Weather of a city", city) },
                };
                ChatCompletion first = client.Chat(req);
                ToolCall call = first.ToolCalls[0]; // call.Arguments is {"city":"Paris"}
                req.Messages.Add(first.ToMessage());
                req.Messages.Add(Message.Tool(call.Id, "18C"));
                ChatCompletion answer = client.Chat(req);
                // readme: end
                Assert.AreEqual("{\"city\":\"Paris\"}", call.Arguments);
                Assert.AreEqual("It is 18C in Paris.", answer.Content);
            }
            using (var client = Scene("chat_json_schema"))
            {
                // readme: structured output
                var schema = new Dictionary<string, object> {
                    { "type", "object" },
                    { "properties", new Dictionary<string, object> { { "text", new Dictionary<string, object> { { "type", "string" } } } } },
                    { "required", new List<object> { "text" } } };
                var req = new ChatRequest
                {
                    Model = "openai/gpt-4o-mini",
                    Messages = { Message.User("Say hello") },
                    ResponseFormat = Tool.JsonSchemaFormat("greeting", schema, true),
                };
                var greeting = (Dictionary<string, object>)Json.Parse(client.Chat(req).Content);
                // readme: end
                Assert.AreEqual("hi", greeting["text"]);
            }
            using (var client = Scene("chat_multimodal"))
            {
                // readme: vision
                var req = new ChatRequest
                {
                    Model = "openai/gpt-4o-mini",
                    Messages = { Message.User(ContentPart.Text("What is this?"), ContentPart.Image("data:image/png;base64,iVBORw0KGgo=")) },
                };
                string seen = client.Chat(req).Content;
                // readme: end
                Assert.AreEqual("Hello there!", seen);
            }
        }

        [Test]
        public async Task EmbeddingsErrorsCancellationFake()
        {
            using (var client = Scene("embed_basic"))
            {
                // readme: embeddings
                Embeddings e = await client.EmbedAsync(new Dictionary<string, object> { { "model", "openai/text-embedding-3-small" }, { "input", "hello" } });
                float[] vector = e.Data[0].Vector;
                // readme: end
                Assert.IsTrue(vector.Length > 0);
            }
            using (var client = Scene("retry_429_then_ok"))
            {
                var req = new ChatRequest { Model = "openai/gpt-4o-mini", Messages = { Message.User("hi") } };
                // readme: errors and retries
                ChatCompletion r = client.Chat(req, new CallOptions { MaxRetries = 2 });
                Attempt firstTry = r.Meta.Attempts[0]; // Label "rate_limited", then the answer
                // readme: end
                Assert.AreEqual("rate_limited", firstTry.Label);
                Assert.AreEqual(2, r.Meta.Attempts.Count);
            }
            using (var client = Scene("demo_error"))
            {
                var req = new ChatRequest { Model = "openai/gpt-4o-mini", Messages = { Message.User("a very long prompt") } };
                string caught = null;
                // readme: errors and retries
                try { await client.ChatAsync(req); }
                catch (ContextWindowExceededException e) { caught = e.Label + " " + e.Status; } // an InvalidRequestException
                catch (RateLimitedException e) { await Task.Delay(TimeSpan.FromSeconds(e.RetryAfter ?? 1)); }
                // readme: end
                Assert.AreEqual("context_window_exceeded 400", caught);
            }
            using (var client = Scene("error_timeout_deadline"))
            {
                var req = new ChatRequest { Model = "openai/gpt-4o-mini", Messages = { Message.User("hi") } };
                bool cancelled = false;
                // readme: cancellation
                using (var cts = new CancellationTokenSource())
                {
                    var pending = client.ChatAsync(req, cts.Token); // no thread waits
                    cts.Cancel();                                   // cancels the upstream request too
                    try { await pending; } catch (OperationCanceledException) { cancelled = true; }
                }
                // readme: end
                Assert.IsTrue(cancelled);
            }
            // readme: testing with the fake
            var fake = new FakeLlmClient()
                .Answer("chat", Json.Parse("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Hi!\"}}]}"))
                .Fail("embed", "rate_limited");
            LiterLlmClient llm = fake; // pass it where your code takes a LiterLlmClient; no native library needed
            string hi = llm.Chat(new ChatRequest { Model = "m", Messages = { Message.User("hello") } }).Content;
            bool busy = false;
            try { await llm.EmbedAsync(new Dictionary<string, object> { { "model", "m" }, { "input", "x" } }); }
            catch (RateLimitedException) { busy = true; }
            var sent = fake.SentTo("chat")[0]; // what your code sent
            // readme: end
            Assert.AreEqual("Hi!", hi);
            Assert.IsTrue(busy);
            Assert.AreEqual(1, fake.SentTo("chat").Count);
            Assert.IsNotNull(sent);
        }
    }
}
