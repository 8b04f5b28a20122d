// The exception tree: one class per stable label, mapped from one table.
using System;
using System.Collections.Generic;

namespace LiterLlm
{
    /// <summary>Base of every liter_llm error; <see cref="Label"/> is stable across languages.</summary>
    public class LiterLlmException : Exception
    {
        /// <summary>The stable label, e.g. "rate_limited".</summary>
        public string Label { get; private set; }
        /// <summary>The provider's HTTP status, if any.</summary>
        public int? Status { get; private set; }
        /// <summary>Seconds the provider asked to wait, if it said.</summary>
        public double? RetryAfter { get; private set; }
        /// <summary>Whether trying again may succeed.</summary>
        public bool Retryable { get; private set; }
        /// <summary>The provider that answered, if known.</summary>
        public string Provider { get; private set; }
        /// <summary>The model, if known.</summary>
        public string Model { get; private set; }
        /// <summary>The provider's request id, if it sent one.</summary>
        public string RequestId { get; private set; }
        /// <summary>What was tried before the call failed (attempts with their labels), or null.</summary>
        public Meta Meta { get; internal set; }

        /// <summary>Build from an envelope's "error" object.</summary>
        public LiterLlmException(IDictionary<string, object> e)
            : base(e.ContainsKey("message") ? Convert.ToString(e["message"]) : "liter_llm error")
        {
            object v;
            Label = e.TryGetValue("label", out v) ? (string)v : "internal";
            if (e.TryGetValue("status", out v) && v != null) Status = Convert.ToInt32(v);
            if (e.TryGetValue("retry_after", out v) && v != null) RetryAfter = Convert.ToDouble(v);
            if (e.TryGetValue("retryable", out v) && v is bool) Retryable = (bool)v;
            if (e.TryGetValue("provider", out v)) Provider = v as string;
            if (e.TryGetValue("model", out v)) Model = v as string;
            if (e.TryGetValue("request_id", out v)) RequestId = v as string;
        }

        internal static LiterLlmException Of(string label, string message)
        {
            return Map.Create(new Dictionary<string, object> { { "label", label }, { "message", message } });
        }
    }

    /// <summary>Label "invalid_request".</summary>
    public class InvalidRequestException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public InvalidRequestException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "authentication".</summary>
    public class AuthenticationException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public AuthenticationException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "permission_denied".</summary>
    public class PermissionDeniedException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public PermissionDeniedException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "not_found".</summary>
    public class NotFoundException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public NotFoundException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "context_window_exceeded".</summary>
    public class ContextWindowExceededException : InvalidRequestException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public ContextWindowExceededException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "content_policy".</summary>
    public class ContentPolicyException : InvalidRequestException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public ContentPolicyException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "rate_limited".</summary>
    public class RateLimitedException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public RateLimitedException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "budget_exceeded".</summary>
    public class BudgetExceededException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public BudgetExceededException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "timeout".</summary>
    public class RequestTimeoutException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public RequestTimeoutException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "connection".</summary>
    public class ConnectionException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public ConnectionException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "server_error".</summary>
    public class ServerErrorException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public ServerErrorException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "service_unavailable".</summary>
    public class ServiceUnavailableException : ServerErrorException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public ServiceUnavailableException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "stream_incomplete".</summary>
    public class StreamIncompleteException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public StreamIncompleteException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "invalid_response".</summary>
    public class InvalidResponseException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public InvalidResponseException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "unsupported".</summary>
    public class UnsupportedException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public UnsupportedException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "cancelled".</summary>
    public class CancelledException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public CancelledException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "invalid_argument".</summary>
    public class InvalidArgumentException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public InvalidArgumentException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "init_failed".</summary>
    public class InitFailedException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public InitFailedException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "internal".</summary>
    public class InternalException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public InternalException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>Label "hook_rejected": a <see cref="LiterLlmClient.Requesting"/> handler refused the call (nothing was sent).</summary>
    public class HookRejectedException : LiterLlmException
    {
        /// <summary>Build from an envelope's "error" object.</summary>
        public HookRejectedException(IDictionary<string, object> e) : base(e) { }
    }

    /// <summary>The one label-to-exception table.</summary>
    public static class Map
    {
        /// <summary>Label to exception type.</summary>
        public static readonly Dictionary<string, Func<IDictionary<string, object>, LiterLlmException>> Classes =
            new Dictionary<string, Func<IDictionary<string, object>, LiterLlmException>>
        {
            { "invalid_request", e => new InvalidRequestException(e) },
            { "authentication", e => new AuthenticationException(e) },
            { "permission_denied", e => new PermissionDeniedException(e) },
            { "not_found", e => new NotFoundException(e) },
            { "context_window_exceeded", e => new ContextWindowExceededException(e) },
            { "content_policy", e => new ContentPolicyException(e) },
            { "rate_limited", e => new RateLimitedException(e) },
            { "budget_exceeded", e => new BudgetExceededException(e) },
            { "timeout", e => new RequestTimeoutException(e) },
            { "connection", e => new ConnectionException(e) },
            { "server_error", e => new ServerErrorException(e) },
            { "service_unavailable", e => new ServiceUnavailableException(e) },
            { "stream_incomplete", e => new StreamIncompleteException(e) },
            { "invalid_response", e => new InvalidResponseException(e) },
            { "hook_rejected", e => new HookRejectedException(e) },
            { "unsupported", e => new UnsupportedException(e) },
            { "cancelled", e => new CancelledException(e) },
            { "invalid_argument", e => new InvalidArgumentException(e) },
            { "init_failed", e => new InitFailedException(e) },
            { "internal", e => new InternalException(e) },
        };

        /// <summary>The exception of an envelope's "error" object.</summary>
        public static LiterLlmException Create(IDictionary<string, object> e)
        {
            object label;
            Func<IDictionary<string, object>, LiterLlmException> f;
            if (e.TryGetValue("label", out label) && label is string && Classes.TryGetValue((string)label, out f)) return f(e);
            return new InternalException(e);
        }
    }
}
