// A chat, a streamed answer and a typed error through the C# binding, against the mock
// provider (LITER_LLM_MOCK_URL) or, with OPENAI_API_KEY set, the real provider.
using System;
using System.Collections.Generic;
using LiterLlm;

public static class Demo
{
    static LiterLlmClient Client(string scene)
    {
        var mock = Environment.GetEnvironmentVariable("LITER_LLM_MOCK_URL");
        var cfg = new Dictionary<string, object>();
        if (!string.IsNullOrEmpty(mock) && Environment.GetEnvironmentVariable("OPENAI_API_KEY") == null)
            cfg["base_url"] = mock + "/s/demo_" + scene + "/cs" + Guid.NewGuid().ToString("N").Substring(0, 8) + "/v1";
        return new LiterLlmClient(cfg);
    }

    public static int Main()
    {
        var req = new ChatRequest { Model = "openai/gpt-4o-mini" };
        req.Messages.Add(new Message("user", "What is the capital of France?"));
        using (var c = Client("chat"))
        {
            var r = c.ChatAsync(req).Result;
            Console.WriteLine("1. chat\n   < " + r.Content + "\n   usage: " + r.Usage.TotalTokens + " tokens");
        }
        using (var c = Client("stream"))
        using (var s = c.Stream(req))
        {
            Console.Write("\n2. stream\n   < ");
            foreach (var chunk in s) Console.Write(chunk.Content);
            Console.WriteLine("\n   finish_reason: " + s.Response.FinishReason);
        }
        using (var c = Client("error"))
        {
            req.Extra["max_retries"] = 0;
            req.Temperature = 9;
            try { c.Chat(req); }
            catch (LiterLlmException e)
            {
                Console.WriteLine("\n3. typed error\n   " + e.GetType().Name + " label=" + e.Label + " status=" + e.Status + "\n   " + e.Message);
            }
        }
        return 0;
    }
}
