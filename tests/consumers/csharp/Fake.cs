// A user's unit test setup: the fake client needs no native library (none is installed here).
using System;
using LiterLlm;
using LiterLlm.Testing;

static class FakeProgram
{
    static int Main()
    {
        var fake = new FakeLlmClient().Answer("chat", "{\"choices\":[{\"message\":{\"content\":\"ok\"}}]}");
        var r = fake.Chat(new ChatRequest { Model = "m", Messages = { Message.User("hi") } });
        Console.WriteLine("C# fake without the library: " + r.Content);
        return r.Content == "ok" ? 0 : 1;
    }
}
