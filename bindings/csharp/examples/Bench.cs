// Requests/s and p50/p99 at 1, 16 and 256 concurrent tasks against the mock's fixed
// completion: the C# binding's ChatAsync next to HttpWebRequest hitting the same mock directly
// (Mono here has no System.Net.Http; with the .NET SDK, HttpClient is the one to compare).
// Prints a table; asserts nothing.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LiterLlm;

public static class Bench
{
    static async Task<string> Row(string name, int conc, int n, Func<Task> call)
    {
        var lat = new double[n];
        var gate = new SemaphoreSlim(conc);
        var sw = Stopwatch.StartNew();
        var tasks = new List<Task>();
        for (int i = 0; i < n; i++)
        {
            await gate.WaitAsync().ConfigureAwait(false);
            int k = i;
            long start = Stopwatch.GetTimestamp();
            tasks.Add(call().ContinueWith(t =>
            {
                lat[k] = (Stopwatch.GetTimestamp() - start) * 1000.0 / Stopwatch.Frequency;
                gate.Release();
                if (t.IsFaulted) throw t.Exception;
            }));
        }
        await Task.WhenAll(tasks).ConfigureAwait(false);
        double secs = sw.Elapsed.TotalSeconds;
        Array.Sort(lat);
        return string.Format("| {0} | {1} | {2:F0} | {3:F2} | {4:F2} |", name, conc, n / secs, lat[n / 2], lat[n * 99 / 100]);
    }

    public static int Main(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 5000;
        string url = Environment.GetEnvironmentVariable("LITER_LLM_MOCK_URL") + "/bench/v1";
        const string body = "{\"model\":\"mock-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        var req = new ChatRequest { Model = "mock-model" };
        req.Messages.Add(new Message("user", "hi"));
        using (var client = new LiterLlmClient(new Dictionary<string, object> { { "base_url", url }, { "api_key", "k" } }))
        {
            ServicePointManager.DefaultConnectionLimit = 1024;
            var payload = Encoding.UTF8.GetBytes(body);
            Func<Task> binding = () => client.ChatAsync(req);
            Func<Task> direct = async () =>
            {
                var r = (HttpWebRequest)WebRequest.Create(url + "/chat/completions");
                r.Method = "POST";
                r.ContentType = "application/json";
                using (var s = await r.GetRequestStreamAsync().ConfigureAwait(false))
                    await s.WriteAsync(payload, 0, payload.Length).ConfigureAwait(false);
                using (var resp = await r.GetResponseAsync().ConfigureAwait(false))
                using (var rd = new StreamReader(resp.GetResponseStream()))
                    await rd.ReadToEndAsync().ConfigureAwait(false);
            };
            Row("warm-up", 8, 1000, binding).Wait();
            Row("warm-up", 8, 1000, direct).Wait();
            Console.WriteLine("| client | concurrent | req/s | p50 ms | p99 ms |\n|---|---|---|---|---|");
            foreach (var conc in new[] { 1, 16, 256 })
            {
                Console.WriteLine(Row("C# binding (ChatAsync)", conc, n, binding).Result);
                Console.WriteLine(Row("HttpWebRequest direct", conc, n, direct).Result);
            }
        }
        return 0;
    }
}
