// A C# program that references the binding's built LiterLlm.dll.
using System;
using System.Collections.Generic;
using LiterLlm;

static class Program
{
    static int Main()
    {
        var mock = Environment.GetEnvironmentVariable("LITER_LLM_MOCK_URL");
        var v = LiterLlmClient.Version();
        if ((string)v["venv"] != Environment.GetEnvironmentVariable("EXPECT_VENV"))
        {
            Console.Error.WriteLine("started in another venv: " + v["venv"]);
            return 1;
        }
        var hi = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        using (var c = new LiterLlmClient(new Dictionary<string, object> { { "base_url", mock + "/s/demo_chat/cs-consumer/v1" }, { "api_key", "k" } }))
        {
            var r = (Dictionary<string, object>)c.Call("chat", hi);
            if (!Json.Write(r).Contains("Paris")) { Console.Error.WriteLine("chat: " + Json.Write(r)); return 1; }
        }
        int n = 0;
        using (var c = new LiterLlmClient(new Dictionary<string, object> { { "base_url", mock + "/s/demo_stream/cs-consumer/v1" }, { "api_key", "k" } }))
        using (var s = c.Stream(hi))
            foreach (var _ in s) n++;
        if (n < 2) return 1;
        Console.WriteLine("C# consumer: chat and a " + n + "-chunk stream");
        return 0;
    }
}
