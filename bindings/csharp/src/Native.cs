// Raw layer: the C ABI through dlopen/dlsym delegates, so the library lookup chain works the
// same on Mono and .NET (LITER_LLM_LIB, `liter-llm config --lib`, the platform loader).
// Checked layer: Take() copies and frees a returned string; Check() turns an envelope into
// its data or throws the label's exception.
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;

namespace LiterLlm
{
    internal static class Native
    {
        public const int AbiVersion = 1;

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int AbiVersionFn();
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr VersionFn();
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr ClientNewFn(byte[] config, out ulong client);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void HandleFn(ulong handle);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr CallFn(ulong client, byte[] op, byte[] request);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr StreamOpenFn(ulong client, byte[] op, byte[] request, out ulong stream);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr StreamNextFn(ulong stream);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void DoneCb(IntPtr envelope, IntPtr userData);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr StreamNextAsyncFn(ulong stream, DoneCb done, IntPtr userData);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr CallAsyncFn(ulong client, byte[] op, byte[] request, DoneCb done, IntPtr userData);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr CancelFn(ulong client, ulong requestId);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void FreeFn(IntPtr p);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate void ShutdownFn();
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate int HookCb(IntPtr eventJson, UIntPtr len, IntPtr reason, UIntPtr reasonCap, IntPtr userData);
        [UnmanagedFunctionPointer(CallingConvention.Cdecl)] public delegate IntPtr SetHookFn(ulong client, byte[] ev, HookCb hook, IntPtr userData);

        [DllImport("libdl.so.2")] static extern IntPtr dlopen(string file, int mode);
        [DllImport("libdl.so.2")] static extern IntPtr dlsym(IntPtr handle, string name);
        [DllImport("libdl.so.2")] static extern IntPtr dlerror();

        public static VersionFn Version;
        public static ClientNewFn ClientNew;
        public static HandleFn ClientFree, StreamFree;
        public static CallFn Call;
        public static StreamOpenFn StreamOpen;
        public static StreamNextFn StreamNext;
        public static StreamNextAsyncFn StreamNextAsync;
        public static CallAsyncFn CallAsync;
        public static CancelFn Cancel;
        public static FreeFn Free;
        public static ShutdownFn Shutdown;
        public static SetHookFn SetHook;

        static readonly object Gate = new object();
        static bool loaded;

        /// <summary>The fix a failed lookup suggests.</summary>
        internal const string InstallHint = "install the engine: pip install literllm-engine (in a venv whose bin is on PATH, "
            + "or named by LITER_LLM_VENV), or set LITER_LLM_LIB to libliter_llm's path";

        // `liter-llm config --lib` of the venv in LITER_LLM_VENV, else of the one on PATH.
        static string Configured(List<string> tried)
        {
            var venv = Environment.GetEnvironmentVariable("LITER_LLM_VENV");
            string cmd = null;
            if (!string.IsNullOrEmpty(venv)) cmd = Path.Combine(Path.Combine(venv, "bin"), "liter-llm");
            else
            {
                foreach (var d in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
                {
                    if (d.Length == 0) continue;
                    var f = Path.Combine(d, "liter-llm");
                    if (File.Exists(f)) { cmd = f; break; }
                }
            }
            if (cmd == null || !File.Exists(cmd))
            {
                tried.Add((cmd ?? "liter-llm") + " config --lib: not found" + (cmd == null ? " on PATH" : ""));
                return null;
            }
            try
            {
                var psi = new System.Diagnostics.ProcessStartInfo(cmd, "config --lib")
                {
                    UseShellExecute = false, RedirectStandardOutput = true, CreateNoWindow = true,
                };
                using (var p = System.Diagnostics.Process.Start(psi))
                {
                    var outText = p.StandardOutput.ReadToEnd().Trim();
                    if (!p.WaitForExit(30000) || p.ExitCode != 0 || outText.Length == 0)
                    {
                        tried.Add(cmd + " config --lib: exit " + (p.HasExited ? p.ExitCode.ToString() : "timeout"));
                        return null;
                    }
                    return outText;
                }
            }
            catch (Exception e)
            {
                tried.Add(cmd + " config --lib: " + e.Message);
                return null;
            }
        }

        // Linux and macOS names for the platform loader's own search.
        static string LoaderName()
        {
            return Directory.Exists("/System/Library") ? "libliter_llm.dylib" : "libliter_llm.so";
        }

        public static void Load()
        {
            if (loaded) return;
            lock (Gate)
            {
                if (loaded) return;
                // the lookup chain every binding shares: LITER_LLM_LIB, then `liter-llm config
                // --lib` (the installed engine), then the platform loader
                var candidates = new List<string>();
                var tried = new List<string>();
                var env = Environment.GetEnvironmentVariable("LITER_LLM_LIB");
                if (!string.IsNullOrEmpty(env)) candidates.Add(env);
                else tried.Add("LITER_LLM_LIB: not set");
                var configured = Configured(tried);
                if (configured != null) candidates.Add(configured);
                candidates.Add(LoaderName());
                foreach (var path in candidates)
                {
                    IntPtr h = dlopen(path, 2 /* RTLD_NOW */);
                    if (h == IntPtr.Zero) { tried.Add(path + ": " + Marshal.PtrToStringAnsi(dlerror())); continue; }
                    int abi = Fn<AbiVersionFn>(h, "literllm_abi_version")();
                    if (abi != AbiVersion)
                        throw LiterLlmException.Of("init_failed", path + " has C ABI version " + abi + "; this binding needs " + AbiVersion);
                    Version = Fn<VersionFn>(h, "literllm_version");
                    ClientNew = Fn<ClientNewFn>(h, "literllm_client_new");
                    ClientFree = Fn<HandleFn>(h, "literllm_client_free");
                    Call = Fn<CallFn>(h, "literllm_call");
                    StreamOpen = Fn<StreamOpenFn>(h, "literllm_stream_open");
                    StreamNext = Fn<StreamNextFn>(h, "literllm_stream_next");
                    StreamNextAsync = Fn<StreamNextAsyncFn>(h, "literllm_stream_next_async");
                    StreamFree = Fn<HandleFn>(h, "literllm_stream_free");
                    CallAsync = Fn<CallAsyncFn>(h, "literllm_call_async");
                    Cancel = Fn<CancelFn>(h, "literllm_cancel");
                    Free = Fn<FreeFn>(h, "literllm_free");
                    Shutdown = Fn<ShutdownFn>(h, "literllm_shutdown");
                    SetHook = Fn<SetHookFn>(h, "literllm_client_set_hook");
                    // Mono waits for threads the library attached: stop the I/O thread at exit.
                    AppDomain.CurrentDomain.ProcessExit += (s, e) => Shutdown();
                    AppDomain.CurrentDomain.DomainUnload += (s, e) => Shutdown();
                    loaded = true;
                    return;
                }
                throw LiterLlmException.Of("init_failed", "cannot load libliter_llm; tried:\n  " + string.Join("\n  ", tried)
                    + "\n" + InstallHint);
            }
        }

        static T Fn<T>(IntPtr h, string name) where T : class
        {
            IntPtr p = dlsym(h, name);
            if (p == IntPtr.Zero) throw LiterLlmException.Of("init_failed", "missing symbol " + name);
            return (T)(object)Marshal.GetDelegateForFunctionPointer(p, typeof(T));
        }

        public static byte[] Utf8Z(string s)
        {
            if (s == null) return null;
            var b = new byte[Encoding.UTF8.GetByteCount(s) + 1];
            Encoding.UTF8.GetBytes(s, 0, s.Length, b, 0);
            return b;
        }

        /// <summary>Copy a returned UTF-8 string and free it.</summary>
        public static string Take(IntPtr p)
        {
            if (p == IntPtr.Zero) return null;
            try
            {
                int n = 0;
                while (Marshal.ReadByte(p, n) != 0) n++;
                var b = new byte[n];
                Marshal.Copy(p, b, 0, n);
                return Encoding.UTF8.GetString(b);
            }
            finally { Free(p); }
        }

        // One static delegate for every async completion (calls and stream events): native code
        // may call it at any time, so it must never be collected. userData is a GCHandle of a
        // TaskCompletionSource<object>, completed with the envelope's data or its exception.
        public static readonly DoneCb DoneThunk = OnDone;

        // Runs on the library's I/O thread: hand off, never throw into native code.
        static void OnDone(IntPtr envelope, IntPtr userData)
        {
            try
            {
                var gc = GCHandle.FromIntPtr(userData);
                var tcs = (System.Threading.Tasks.TaskCompletionSource<object>)gc.Target;
                gc.Free();
                try { tcs.TrySetResult(CheckResult(Take(envelope))); }
                catch (Exception e) { tcs.TrySetException(e); }
            }
            catch (Exception) { }
        }

        /// <summary>The data of an ok envelope, or the label's exception.</summary>
        public static object Check(string envelope) { return CheckResult(envelope).Data; }

        /// <summary>The data and meta of an ok envelope, or the label's exception (with the meta).</summary>
        public static CallResult CheckResult(string envelope)
        {
            if (envelope == null) throw LiterLlmException.Of("internal", "the library returned no envelope");
            var env = Json.Parse(envelope) as Dictionary<string, object>;
            if (env == null) throw LiterLlmException.Of("internal", "unreadable envelope");
            object ok, data, error, meta;
            var m = env.TryGetValue("meta", out meta) ? Meta.Of(meta) : null;
            if (env.TryGetValue("ok", out ok) && ok is bool && (bool)ok)
                return new CallResult(env.TryGetValue("data", out data) ? data : null, m);
            if (env.TryGetValue("error", out error) && error is Dictionary<string, object>)
            {
                var e = Map.Create((Dictionary<string, object>)error);
                e.Meta = m;
                throw e;
            }
            throw LiterLlmException.Of("internal", "error envelope without error");
        }
    }
}
