using System;
using System.Collections.Generic;
using System.Globalization;

namespace LiterLlm
{
    /// <summary>What a call cost in USD, by token kind, exact (<see cref="decimal"/>, never a
    /// binary float). A model without a price has a null <see cref="Usd"/> and a
    /// <see cref="Reason"/>: a cost is never guessed.</summary>
    public sealed class Cost
    {
        /// <summary>The total, or null when the model has no price.</summary>
        public decimal? Usd { get; private set; }
        /// <summary>The amount per token kind ("input", "cache_read", "output", ...).</summary>
        public IReadOnlyDictionary<string, decimal> Breakdown { get; private set; }
        /// <summary>The catalog entry or override that priced it ("openai/gpt-4o").</summary>
        public string PricedAs { get; private set; }
        /// <summary>Where the prices come from.</summary>
        public string Source { get; private set; }
        /// <summary>Why there is no cost, or null.</summary>
        public string Reason { get; private set; }
        /// <summary>Whether the cost is known (false: see <see cref="Reason"/>).</summary>
        public bool Known { get { return Usd.HasValue; } }

        /// <summary>Read a parsed cost object.</summary>
        public static Cost Of(object raw)
        {
            var d = raw as Dictionary<string, object>;
            if (d == null) return null;
            var parts = new Dictionary<string, decimal>();
            object v;
            if (d.TryGetValue("breakdown", out v) && v is Dictionary<string, object>)
                foreach (var kv in (Dictionary<string, object>)v) parts[kv.Key] = Dec(kv.Value).Value;
            return new Cost
            {
                Usd = d.TryGetValue("usd", out v) ? Dec(v) : null,
                Breakdown = parts,
                PricedAs = Meta.Str(d, "priced_as"),
                Source = Meta.Str(d, "source"),
                Reason = Meta.Str(d, "reason"),
            };
        }

        static decimal? Dec(object v)
        {
            if (v == null) return null;
            return decimal.Parse(Convert.ToString(v, CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        }
    }
}
