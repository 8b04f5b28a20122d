using System;
using System.Collections.Generic;

namespace LiterLlm
{
    /// <summary>How many tokens a request is for its model.</summary>
    public sealed class TokenCount
    {
        /// <summary>The "provider/model" counted for.</summary>
        public string Model { get; private set; }
        /// <summary>The count.</summary>
        public int InputTokens { get; private set; }
        /// <summary>The local tokenizer ("o200k", "llama3", ...), or null for a provider count.</summary>
        public string Tokenizer { get; private set; }
        /// <summary>False only when the count is the model's own.</summary>
        public bool IsEstimate { get; private set; }
        /// <summary>"local" or "provider".</summary>
        public string Method { get; private set; }
        /// <summary>The model's context window when the catalog knows it.</summary>
        public int? ContextWindow { get; private set; }
        /// <summary>Whether the count fits that window.</summary>
        public bool? Fits { get; private set; }
        /// <summary>The answer as the library sent it.</summary>
        public Dictionary<string, object> Raw { get; private set; }

        /// <summary>Read a parsed token count.</summary>
        public static TokenCount Of(object raw)
        {
            var d = raw as Dictionary<string, object> ?? new Dictionary<string, object>();
            object v;
            var window = Meta.Num(d, "context_window");
            return new TokenCount
            {
                Model = Meta.Str(d, "model"),
                InputTokens = d.TryGetValue("input_tokens", out v) ? Convert.ToInt32(v) : 0,
                Tokenizer = Meta.Str(d, "tokenizer"),
                IsEstimate = !(d.TryGetValue("is_estimate", out v) && v is bool) || (bool)v,
                Method = Meta.Str(d, "method"),
                ContextWindow = window.HasValue ? (int?)(int)window.Value : null,
                Fits = d.TryGetValue("fits", out v) && v is bool ? (bool?)(bool)v : null,
                Raw = d,
            };
        }
    }
}
