using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using NUnit.Framework;

namespace LiterLlm.Tests
{
    /// <summary>The header's table of label parents is the one every binding implements.</summary>
    [TestFixture]
    public class ErrorHierarchyTests
    {
        static LiterLlmException Of(string label)
        {
            return Map.Classes[label](new Dictionary<string, object> { { "label", label }, { "message", "x" } });
        }

        [Test]
        public void SubclassesFollowTheHeadersParents()
        {
            var root = Environment.GetEnvironmentVariable("LITER_LLM_ROOT") ?? Path.GetFullPath("../..");
            var h = File.ReadAllText(Path.Combine(Path.Combine(root, "include"), "liter_llm.h"));
            var parents = new Dictionary<string, string>();
            foreach (Match m in Regex.Matches(h, @"(?m)^ \*   (\w+) -> (\w+)$")) parents[m.Groups[1].Value] = m.Groups[2].Value;
            Assert.IsNotEmpty(parents);
            foreach (var label in Map.Classes.Keys)
            {
                var e = Of(label);
                Assert.AreEqual(label, e.Label);
                foreach (var other in Map.Classes.Keys)
                {
                    string parent;
                    bool should = other == label || (parents.TryGetValue(label, out parent) && parent == other);
                    Assert.AreEqual(should, Of(other).GetType().IsInstanceOfType(e), label + " is " + other);
                }
            }
        }

        [Test]
        public void NamesDoNotShadowTheBaseLibrary()
        {
            foreach (var label in Map.Classes.Keys)
            {
                var name = Of(label).GetType().Name;
                foreach (var ns in new[] { "System.", "System.IO.", "System.Net.", "System.Threading." })
                    Assert.IsNull(typeof(object).Assembly.GetType(ns + name), name + " collides with " + ns + name);
            }
        }
    }
}
