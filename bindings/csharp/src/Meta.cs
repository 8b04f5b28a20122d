using System;
using System.Collections.Generic;
using System.Linq;

namespace LiterLlm
{
    /// <summary>How the library served a call: the deployment, provider and model that answered,
    /// every attempt with its error label, the fallback models used, and the latency.</summary>
    public sealed class Meta
    {
        /// <summary>The deployment that answered, or null (no deployment group, or none answered).</summary>
        public string Deployment { get; private set; }
        /// <summary>The provider that answered, or null.</summary>
        public string Provider { get; private set; }
        /// <summary>The model that answered, or null.</summary>
        public string Model { get; private set; }
        /// <summary>Every attempt, in order.</summary>
        public IReadOnlyList<Attempt> Attempts { get; private set; }
        /// <summary>The fallback models used, in order.</summary>
        public IReadOnlyList<string> Fallbacks { get; private set; }
        /// <summary>The whole call's latency in milliseconds.</summary>
        public double? LatencyMs { get; private set; }
        /// <summary>Time to the first chunk of a stream in milliseconds.</summary>
        public double? TtftMs { get; private set; }
        /// <summary>What the answer cost, or null when nothing answered.</summary>
        public Cost Cost { get; private set; }
        /// <summary>Whether the answer came from the response cache.</summary>
        public bool CacheHit { get; private set; }
        /// <summary>Soft budgets the call crossed.</summary>
        public IReadOnlyList<string> Warnings { get; private set; }
        /// <summary>The provider's request id of the answer (x-request-id and kin), or null.</summary>
        public string RequestId { get; private set; }
        /// <summary>The answer's rate-limit headers by lower-cased name
        /// (x-ratelimit-remaining-requests, anthropic-ratelimit-*, ...); empty when none.</summary>
        public IReadOnlyDictionary<string, string> RateLimit { get; private set; }
        /// <summary>The meta object as the library sent it.</summary>
        public Dictionary<string, object> Raw { get; private set; }

        internal static Meta Of(object raw)
        {
            var m = raw as Dictionary<string, object>;
            if (m == null) return null;
            var attempts = new List<Attempt>();
            object v;
            if (m.TryGetValue("attempts", out v) && v is List<object>)
                foreach (var a in (List<object>)v)
                {
                    var d = a as Dictionary<string, object>;
                    if (d != null) attempts.Add(new Attempt(d));
                }
            var fallbacks = new List<string>();
            if (m.TryGetValue("fallbacks", out v) && v is List<object>)
                foreach (var f in (List<object>)v) fallbacks.Add(Convert.ToString(f));
            return new Meta
            {
                Deployment = Str(m, "deployment"),
                Provider = Str(m, "provider"),
                Model = Str(m, "model"),
                Attempts = attempts,
                Fallbacks = fallbacks,
                LatencyMs = Num(m, "latency_ms"),
                TtftMs = Num(m, "ttft_ms"),
                Cost = m.TryGetValue("cost", out v) ? Cost.Of(v) : null,
                CacheHit = m.TryGetValue("cache_hit", out v) && v is bool && (bool)v,
                Warnings = m.TryGetValue("warnings", out v) && v is List<object>
                    ? ((List<object>)v).ConvertAll(x => Convert.ToString(x)) : new List<string>(),
                RequestId = Str(m, "request_id"),
                RateLimit = m.TryGetValue("rate_limit", out v) && v is Dictionary<string, object>
                    ? ((Dictionary<string, object>)v).ToDictionary(kv => kv.Key, kv => Convert.ToString(kv.Value))
                    : new Dictionary<string, string>(),
                Raw = m,
            };
        }

        internal static string Str(Dictionary<string, object> d, string k)
        {
            object v;
            return d.TryGetValue(k, out v) ? v as string : null;
        }

        internal static double? Num(Dictionary<string, object> d, string k)
        {
            object v;
            return d.TryGetValue(k, out v) && v != null ? Convert.ToDouble(v) : (double?)null;
        }
    }

    /// <summary>One try of one deployment or model.</summary>
    public sealed class Attempt
    {
        /// <summary>The deployment, or null.</summary>
        public string Deployment { get; private set; }
        /// <summary>The provider.</summary>
        public string Provider { get; private set; }
        /// <summary>The model at the provider.</summary>
        public string Model { get; private set; }
        /// <summary>The error label, or null for the attempt that answered.</summary>
        public string Label { get; private set; }
        /// <summary>The HTTP status of a failed attempt, if any.</summary>
        public int? Status { get; private set; }
        /// <summary>The attempt's latency in milliseconds.</summary>
        public double? LatencyMs { get; private set; }

        internal Attempt(Dictionary<string, object> d)
        {
            Deployment = Meta.Str(d, "deployment");
            Provider = Meta.Str(d, "provider");
            Model = Meta.Str(d, "model");
            Label = Meta.Str(d, "label");
            var s = Meta.Num(d, "status");
            Status = s.HasValue ? (int?)(int)s.Value : null;
            LatencyMs = Meta.Num(d, "latency_ms");
        }
    }

    /// <summary>The response of a call and how it was served.</summary>
    public sealed class CallResult
    {
        /// <summary>The provider's OpenAI-shaped response, parsed.</summary>
        public object Data { get; private set; }
        /// <summary>How the call was served, or null.</summary>
        public Meta Meta { get; private set; }
        internal CallResult(object data, Meta meta) { Data = data; Meta = meta; }
    }
}
