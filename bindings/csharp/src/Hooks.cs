// Hooks as .NET events: Requesting (may refuse the call), Responded and Failed, raised by the
// library on one of its worker threads with the call as a dictionary, secrets removed.
using System;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text;

namespace LiterLlm
{
    /// <summary>One call as a hook sees it: "hook", "request_id", "op", "stream", "model", then
    /// "request"/"options", "response"/"meta" or "error"/"meta" (every secret removed).</summary>
    public class CallEventArgs : EventArgs
    {
        /// <summary>The event as the library sent it.</summary>
        public Dictionary<string, object> Event { get; private set; }
        /// <summary>The library's id of the call (the same in all hooks of one call).</summary>
        public string RequestId { get { object v; return Event.TryGetValue("request_id", out v) ? v as string : null; } }
        /// <summary>The requested model.</summary>
        public string Model { get { object v; return Event.TryGetValue("model", out v) ? v as string : null; } }

        /// <summary>Wrap an event.</summary>
        public CallEventArgs(Dictionary<string, object> ev) { Event = ev; }
    }

    /// <summary>A call about to be sent; <see cref="Reject"/> refuses it.</summary>
    public class CallRequestEventArgs : CallEventArgs
    {
        /// <summary>Why the call is refused (null: it goes on).</summary>
        public string RejectReason { get; private set; }

        /// <summary>Wrap an event.</summary>
        public CallRequestEventArgs(Dictionary<string, object> ev) : base(ev) { }

        /// <summary>Refuse the call: it fails with <see cref="HookRejectedException"/> and nothing is sent.</summary>
        public void Reject(string reason) { RejectReason = reason ?? "refused"; }
    }

    /// <summary>The hooks of one client: the native callback dispatches to the client's events.</summary>
    sealed class HookSink
    {
        internal EventHandler<CallRequestEventArgs> Requesting;
        internal EventHandler<CallEventArgs> Responded, Failed;
        internal readonly object Sender;

        internal HookSink(object sender) { Sender = sender; }

        // One static delegate for every hook of every client (never collected); userData is a
        // GCHandle of the client's HookSink.
        internal static readonly Native.HookCb Thunk = OnHook;

        // Runs on a library worker thread: never throws into native code.
        static int OnHook(IntPtr ev, UIntPtr len, IntPtr reason, UIntPtr cap, IntPtr userData)
        {
            try
            {
                var sink = (HookSink)GCHandle.FromIntPtr(userData).Target;
                var b = new byte[(int)len.ToUInt64()];
                Marshal.Copy(ev, b, 0, b.Length);
                var d = Json.Parse(Encoding.UTF8.GetString(b)) as Dictionary<string, object>;
                object hook;
                if (d == null || !d.TryGetValue("hook", out hook)) return 0;
                switch (hook as string)
                {
                    case "on_request":
                        var args = new CallRequestEventArgs(d);
                        string refused = null;
                        try
                        {
                            var h = sink.Requesting;
                            if (h != null) h(sink.Sender, args);
                            refused = args.RejectReason;
                        }
                        catch (Exception e) { refused = e.Message; }
                        if (refused == null) return 0;
                        var r = Encoding.UTF8.GetBytes(refused);
                        int n = Math.Min(r.Length, (int)cap.ToUInt64() - 1);
                        Marshal.Copy(r, 0, reason, n);
                        Marshal.WriteByte(reason, n, 0);
                        return 1;
                    case "on_response":
                        var ok = sink.Responded;
                        if (ok != null) ok(sink.Sender, new CallEventArgs(d));
                        return 0;
                    case "on_error":
                        var failed = sink.Failed;
                        if (failed != null) failed(sink.Sender, new CallEventArgs(d));
                        return 0;
                }
            }
            catch (Exception) { }
            return 0;
        }
    }
}
