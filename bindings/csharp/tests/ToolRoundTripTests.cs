using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NUnit.Framework;

namespace LiterLlm.Tests
{
    [TestFixture]
    public class ToolRoundTripTests
    {
        static bool Same(object a, object b)
        {
            var da = a as Dictionary<string, object>; var db = b as Dictionary<string, object>;
            if (da != null || db != null)
                return da != null && db != null && da.Count == db.Count
                    && da.All(kv => db.ContainsKey(kv.Key) && Same(kv.Value, db[kv.Key]));
            var la = a as List<object>; var lb = b as List<object>;
            if (la != null || lb != null)
                return la != null && lb != null && la.Count == lb.Count && la.Zip(lb, Same).All(x => x);
            if (a is IConvertible && b is IConvertible && !(a is string) && !(b is string) && !(a is bool) && !(b is bool))
                return Convert.ToDouble(a) == Convert.ToDouble(b);
            return Equals(a, b);
        }

        [Test]
        public void TypedToolRoundTripSendsTheExpectedBodies()
        {
            string run;
            var parameters = new Dictionary<string, object> {
                { "type", "object" },
                { "properties", new Dictionary<string, object> { { "city", new Dictionary<string, object> { { "type", "string" } } } } },
                { "required", new List<object> { "city" } } };
            var req = new ChatRequest
            {
                Model = "gpt-4o-mini",
                Messages = { Message.System("Be brief."), Message.User("Weather in Paris?") },
                Tools = new List<Tool> { Tool.Function("get_weather", "Weather of a city", parameters) },
                ToolChoice = "auto",
            };
            using (var c = new LiterLlmClient(LiterLlmTests.Config("tool_round_trip", out run)))
            {
                var first = c.ChatAsync(req).Result;
                Assert.AreEqual("tool_calls", first.FinishReason);
                var call = first.ToolCalls[0];
                Assert.AreEqual("get_weather", call.Name);
                req.Messages.Add(first.ToMessage());
                req.Messages.Add(Message.Tool(call.Id, "18C"));
                Assert.AreEqual("It is 18C in Paris.", c.Chat(req).Content);
            }
            var root = Environment.GetEnvironmentVariable("LITER_LLM_ROOT") ?? Path.GetFullPath("../..");
            var want = (Dictionary<string, object>)Json.Parse(File.ReadAllText(Path.Combine(root, "tests/expected/tool_round_trip.json")));
            var log = LiterLlmTests.Log("tool_round_trip", run);
            Assert.IsTrue(Same(want["first"], ((Dictionary<string, object>)log[0])["body"]), Json.Write(((Dictionary<string, object>)log[0])["body"]));
            Assert.IsTrue(Same(want["second"], ((Dictionary<string, object>)log[1])["body"]), Json.Write(((Dictionary<string, object>)log[1])["body"]));
        }

        [Test]
        public void ExtraCannotOverwriteATypedProperty()
        {
            string run;
            var req = new ChatRequest { Model = "m", Messages = { Message.User("hi") } };
            req.Extra["messages"] = new List<object>();
            using (var c = new LiterLlmClient(LiterLlmTests.Config("tool_round_trip", out run)))
                Assert.Throws<InvalidArgumentException>(() => c.Chat(req));
            Assert.AreEqual(0, LiterLlmTests.Log("tool_round_trip", run).Count);
        }
    }
}
