// Options as .NET types: TimeSpan for times, nullable properties for "not set".
using System;
using System.Collections.Generic;

namespace LiterLlm
{
    /// <summary>The client's configuration as typed properties; <see cref="Extra"/> carries
    /// any other key of the C header (deployments, router, budgets, telemetry, ...).</summary>
    public sealed class LiterLlmOptions
    {
        /// <summary>The provider of bare model names.</summary>
        public string Provider { get; set; }
        /// <summary>An OpenAI-compatible base URL.</summary>
        public string BaseUrl { get; set; }
        /// <summary>An API key (else the provider's environment variable).</summary>
        public string ApiKey { get; set; }
        /// <summary>Retries of retryable failures (0..20).</summary>
        public int? MaxRetries { get; set; }
        /// <summary>A call's whole deadline (every attempt, retry wait and fallback).</summary>
        public TimeSpan? Timeout { get; set; }
        /// <summary>The time to connect.</summary>
        public TimeSpan? ConnectTimeout { get; set; }
        /// <summary>The longest wait for a response's next bytes.</summary>
        public TimeSpan? ReadTimeout { get; set; }
        /// <summary>The longest wait for a stream's next chunk.</summary>
        public TimeSpan? StreamIdleTimeout { get; set; }
        /// <summary>Models tried in order after the first fails.</summary>
        public IList<string> Fallbacks { get; set; }
        /// <summary>Drop parameters a provider cannot take instead of refusing them.</summary>
        public bool? DropParams { get; set; }
        /// <summary>Other configuration keys, as the C header names them.</summary>
        public IDictionary<string, object> Extra { get; set; } = new Dictionary<string, object>();

        /// <summary>The configuration as the JSON object the library reads; a key set both
        /// by a property and in Extra is an error.</summary>
        public Dictionary<string, object> ToDictionary()
        {
            var d = new Dictionary<string, object>();
            if (Provider != null) d["provider"] = Provider;
            if (BaseUrl != null) d["base_url"] = BaseUrl;
            if (ApiKey != null) d["api_key"] = ApiKey;
            if (MaxRetries.HasValue) d["max_retries"] = CallOptions.Retries(MaxRetries.Value);
            CallOptions.Seconds(d, "timeout", Timeout);
            CallOptions.Seconds(d, "connect_timeout", ConnectTimeout);
            CallOptions.Seconds(d, "read_timeout", ReadTimeout);
            CallOptions.Seconds(d, "stream_idle_timeout", StreamIdleTimeout);
            if (Fallbacks != null) d["fallbacks"] = new List<string>(Fallbacks);
            if (DropParams.HasValue) d["drop_params"] = DropParams.Value;
            return CallOptions.Merge(d, Extra, "LiterLlmOptions");
        }
    }

    /// <summary>Options of one call, over the client's configuration. A key the request
    /// itself sets is an error, never an overwrite.</summary>
    public sealed class CallOptions
    {
        /// <summary>This call's whole deadline (every attempt, retry wait and fallback).</summary>
        public TimeSpan? Timeout { get; set; }
        /// <summary>Retries of retryable failures (0..20).</summary>
        public int? MaxRetries { get; set; }
        /// <summary>Models tried in order after the first fails.</summary>
        public IList<string> Fallbacks { get; set; }
        /// <summary>Headers added to the upstream request.</summary>
        public IDictionary<string, string> ExtraHeaders { get; set; }
        /// <summary>Fields merged into the upstream body as they are.</summary>
        public IDictionary<string, object> ExtraBody { get; set; }
        /// <summary>This call's API key (else the client's).</summary>
        public string ApiKey { get; set; }
        /// <summary>This call's base URL (else the client's).</summary>
        public string BaseUrl { get; set; }
        /// <summary>Drop parameters the provider cannot take instead of refusing them.</summary>
        public bool? DropParams { get; set; }
        /// <summary>Skip reading the response cache.</summary>
        public bool NoCache { get; set; }
        /// <summary>Skip writing the response cache.</summary>
        public bool NoStore { get; set; }
        /// <summary>How long to keep this answer in the response cache.</summary>
        public TimeSpan? CacheTtl { get; set; }
        /// <summary>Other per-call options, as the C header names them.</summary>
        public IDictionary<string, object> Extra { get; set; } = new Dictionary<string, object>();

        /// <summary>The options as the request keys they are sent as.</summary>
        public Dictionary<string, object> ToDictionary()
        {
            var d = new Dictionary<string, object>();
            Seconds(d, "timeout", Timeout);
            if (MaxRetries.HasValue) d["max_retries"] = Retries(MaxRetries.Value);
            if (Fallbacks != null) d["fallbacks"] = new List<string>(Fallbacks);
            if (ExtraHeaders != null)
            {
                var h = new Dictionary<string, object>();
                foreach (var kv in ExtraHeaders) h[kv.Key] = kv.Value;
                d["extra_headers"] = h;
            }
            if (ExtraBody != null) d["extra_body"] = new Dictionary<string, object>(ExtraBody);
            if (ApiKey != null) d["api_key"] = ApiKey;
            if (BaseUrl != null) d["base_url"] = BaseUrl;
            if (DropParams.HasValue) d["drop_params"] = DropParams.Value;
            if (NoCache || NoStore || CacheTtl.HasValue)
            {
                var c = new Dictionary<string, object>();
                if (NoCache) c["no_cache"] = true;
                if (NoStore) c["no_store"] = true;
                Seconds(c, "ttl", CacheTtl);
                d["cache"] = c;
            }
            return Merge(d, Extra, "CallOptions");
        }

        /// <summary>A request (dictionary, ChatRequest or JSON text) with these options' keys added.</summary>
        internal static object Apply(object request, CallOptions options)
        {
            if (options == null) return request;
            var opts = options.ToDictionary();
            if (opts.Count == 0) return request;
            var body = LiterLlmClient.RequestJson(request) as Dictionary<string, object>;
            if (body == null) throw LiterLlmException.Of("invalid_argument", "request must be a JSON object");
            foreach (var kv in opts)
            {
                if (body.ContainsKey(kv.Key))
                    throw LiterLlmException.Of("invalid_argument", "\"" + kv.Key + "\" is set both in the request and in CallOptions");
                body[kv.Key] = kv.Value;
            }
            return body;
        }

        internal static int Retries(int n)
        {
            if (n < 0 || n > 20) throw new ArgumentOutOfRangeException("MaxRetries", n, "must be 0..20");
            return n;
        }

        internal static void Seconds(Dictionary<string, object> d, string key, TimeSpan? t)
        {
            if (!t.HasValue) return;
            if (t.Value <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(key, t.Value, "must be positive");
            d[key] = t.Value.TotalSeconds;
        }

        internal static Dictionary<string, object> Merge(Dictionary<string, object> d, IDictionary<string, object> extra, string owner)
        {
            foreach (var kv in extra ?? new Dictionary<string, object>())
            {
                if (d.ContainsKey(kv.Key))
                    throw LiterLlmException.Of("invalid_argument", owner + ".Extra sets \"" + kv.Key + "\", which a typed property sets");
                d[kv.Key] = kv.Value;
            }
            return d;
        }
    }
}
