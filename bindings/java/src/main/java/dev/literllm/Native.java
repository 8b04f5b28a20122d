package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raw layer (downcalls to the C ABI, found by the lookup chain) and checked layer (envelopes
 * to data or exceptions). Internal.
 */
final class Native {
    static final int ABI_VERSION = 1;
    static final ObjectMapper JSON = Json.MAPPER;
    private static final ValueLayout.OfLong U64 = ValueLayout.JAVA_LONG;
    private static final ValueLayout PTR = ValueLayout.ADDRESS;

    static final MethodHandle VERSION, CLIENT_NEW, CLIENT_FREE, CALL, STREAM_OPEN, STREAM_NEXT,
            STREAM_NEXT_ASYNC, STREAM_FREE, CALL_ASYNC, CANCEL, FREE, SHUTDOWN;
    static final MethodHandle SET_HOOK;
    /** One upcall stub for every hook; user_data is a key into HOOKS. */
    static final MemorySegment HOOK_STUB;
    static final Map<Long, CallHook> HOOKS = new ConcurrentHashMap<>();
    /** One upcall stub for every async completion; user_data is a key into PENDING. */
    static final MemorySegment DONE_STUB;
    static final Map<Long, CompletableFuture<CallResult>> PENDING = new ConcurrentHashMap<>();
    static final AtomicLong KEYS = new AtomicLong(1);

    static {
        Linker linker = Linker.nativeLinker();
        SymbolLookup lib = open();
        VERSION = h(linker, lib, "literllm_version", FunctionDescriptor.of(PTR));
        CLIENT_NEW = h(linker, lib, "literllm_client_new", FunctionDescriptor.of(PTR, PTR, PTR));
        CLIENT_FREE = h(linker, lib, "literllm_client_free", FunctionDescriptor.ofVoid(U64));
        CALL = h(linker, lib, "literllm_call", FunctionDescriptor.of(PTR, U64, PTR, PTR));
        STREAM_OPEN = h(linker, lib, "literllm_stream_open", FunctionDescriptor.of(PTR, U64, PTR, PTR, PTR));
        STREAM_NEXT = h(linker, lib, "literllm_stream_next", FunctionDescriptor.of(PTR, U64));
        STREAM_NEXT_ASYNC = h(linker, lib, "literllm_stream_next_async", FunctionDescriptor.of(PTR, U64, PTR, PTR));
        STREAM_FREE = h(linker, lib, "literllm_stream_free", FunctionDescriptor.ofVoid(U64));
        CALL_ASYNC = h(linker, lib, "literllm_call_async", FunctionDescriptor.of(PTR, U64, PTR, PTR, PTR, PTR));
        CANCEL = h(linker, lib, "literllm_cancel", FunctionDescriptor.of(PTR, U64, U64));
        FREE = h(linker, lib, "literllm_free", FunctionDescriptor.ofVoid(PTR));
        SHUTDOWN = h(linker, lib, "literllm_shutdown", FunctionDescriptor.ofVoid());
        SET_HOOK = h(linker, lib, "literllm_client_set_hook", FunctionDescriptor.of(PTR, U64, PTR, PTR, PTR));
        try {
            MethodHandle done = MethodHandles.lookup().findStatic(Native.class, "onDone",
                    MethodType.methodType(void.class, MemorySegment.class, MemorySegment.class));
            DONE_STUB = linker.upcallStub(done, FunctionDescriptor.ofVoid(PTR, PTR), Arena.global());
            MethodHandle hook = MethodHandles.lookup().findStatic(Native.class, "onHook",
                    MethodType.methodType(int.class, MemorySegment.class, long.class,
                            MemorySegment.class, long.class, MemorySegment.class));
            HOOK_STUB = linker.upcallStub(hook,
                    FunctionDescriptor.of(ValueLayout.JAVA_INT, PTR, U64, PTR, U64, PTR), Arena.global());
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Native::shutdown, "liter-llm-shutdown"));
    }

    private Native() {}

    /** The fix a failed lookup suggests. */
    static final String INSTALL_HINT = "install the engine: pip install literllm-engine (in a venv whose bin "
            + "is on PATH, or named by LITER_LLM_VENV), or set LITER_LLM_LIB (or -Dliterllm.lib) to libliter_llm's path";

    /**
     * The lookup chain every binding shares: LITER_LLM_LIB (or -Dliterllm.lib), then
     * {@code liter-llm config --lib} (the installed engine), then the platform loader.
     */
    private static SymbolLookup open() {
        List<String> candidates = new ArrayList<>();
        List<String> tried = new ArrayList<>();
        String env = System.getenv("LITER_LLM_LIB");
        if (env != null && !env.isEmpty()) candidates.add(env);
        String prop = System.getProperty("literllm.lib");
        if (prop != null && !prop.isEmpty()) candidates.add(prop);
        if (candidates.isEmpty()) tried.add("LITER_LLM_LIB: not set");
        String configured = configured(tried);
        if (configured != null) candidates.add(configured);
        candidates.add(System.mapLibraryName("liter_llm"));
        for (String c : candidates) {
            try {
                SymbolLookup lib = SymbolLookup.libraryLookup(c, Arena.global());
                MethodHandle abi = Linker.nativeLinker().downcallHandle(
                        lib.find("literllm_abi_version").orElseThrow(), FunctionDescriptor.of(ValueLayout.JAVA_INT));
                int v = (int) abi.invokeExact();
                if (v != ABI_VERSION) {
                    throw ErrorMap.of("init_failed", c + " has C ABI version " + v + "; this binding needs " + ABI_VERSION);
                }
                return lib;
            } catch (LiterLlmException e) {
                throw e;
            } catch (Throwable t) {
                tried.add(c + ": " + t.getMessage());
            }
        }
        throw ErrorMap.of("init_failed", "cannot load libliter_llm; tried:\n  " + String.join("\n  ", tried)
                + "\n" + INSTALL_HINT);
    }

    /** {@code liter-llm config --lib} of the venv in LITER_LLM_VENV, else of the one on PATH. */
    private static String configured(List<String> tried) {
        String venv = System.getenv("LITER_LLM_VENV");
        String cmd = "liter-llm";
        if (venv != null && !venv.isEmpty()) {
            cmd = Path.of(venv, "bin", "liter-llm").toString();
        } else {
            String path = System.getenv("PATH");
            String found = null;
            for (String d : path == null ? new String[0] : path.split(java.io.File.pathSeparator)) {
                if (!d.isEmpty() && Files.isExecutable(Path.of(d, cmd))) {
                    found = Path.of(d, cmd).toString();
                    break;
                }
            }
            if (found == null) {
                tried.add(cmd + " config --lib: not found on PATH");
                return null;
            }
            cmd = found;
        }
        try {
            Process p = new ProcessBuilder(cmd, "config", "--lib").redirectErrorStream(false).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS) || p.exitValue() != 0 || out.isEmpty()) {
                tried.add(cmd + " config --lib: exit " + (p.isAlive() ? "timeout" : p.exitValue()));
                p.destroy();
                return null;
            }
            return out;
        } catch (java.io.IOException e) {
            tried.add(cmd + " config --lib: " + e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            tried.add(cmd + " config --lib: interrupted");
            return null;
        }
    }

    private static MethodHandle h(Linker linker, SymbolLookup lib, String name, FunctionDescriptor fd) {
        return linker.downcallHandle(lib.find(name).orElseThrow(
                () -> ErrorMap.of("init_failed", "missing symbol " + name)), fd);
    }

    /** Runs on the library's I/O thread: completes the future, never throws into native code. */
    static void onDone(MemorySegment envelope, MemorySegment userData) {
        try {
            CompletableFuture<CallResult> f = PENDING.remove(userData.address());
            try {
                CallResult r = checkResult(take(envelope));
                if (f != null) f.complete(r);
            } catch (Throwable t) {
                if (f != null) f.completeExceptionally(t);
            }
        } catch (Throwable ignored) {
            // nothing may escape an upcall
        }
    }

    /** Runs a Java hook on a library worker thread; for on_request, a throw refuses the call
     *  and its message goes into the library's reason buffer. Never throws into native code. */
    static int onHook(MemorySegment event, long len, MemorySegment reason, long cap, MemorySegment userData) {
        try {
            CallHook hook = HOOKS.get(userData.address());
            if (hook == null) return 0;
            JsonNode ev = JSON.readTree(event.reinterpret(len).toArray(ValueLayout.JAVA_BYTE));
            try {
                hook.accept(ev);
                return 0;
            } catch (Exception e) {
                if (!"on_request".equals(ev.path("hook").asText())) return 0;
                String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                byte[] b = msg.getBytes(StandardCharsets.UTF_8);
                int n = (int) Math.min(b.length, cap - 1);
                MemorySegment buf = reason.reinterpret(cap);
                MemorySegment.copy(b, 0, buf, ValueLayout.JAVA_BYTE, 0, n);
                buf.set(ValueLayout.JAVA_BYTE, n, (byte) 0);
                return 1;
            }
        } catch (Throwable ignored) {
            return 0; // nothing may escape an upcall
        }
    }

    static void shutdown() {
        try {
            SHUTDOWN.invokeExact();
        } catch (Throwable ignored) {
            // best effort at exit
        }
    }

    /** Copy a returned UTF-8 string and free it. */
    static String take(MemorySegment p) {
        if (p == null || p.address() == 0) return null;
        try {
            return p.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
        } finally {
            try {
                FREE.invokeExact(p);
            } catch (Throwable t) {
                throw new IllegalStateException(t);
            }
        }
    }

    /** The data of an ok envelope, or the label's exception. */
    static JsonNode check(String envelope) {
        return checkResult(envelope).data();
    }

    /** The data and meta of an ok envelope, or the label's exception (carrying the meta). */
    static CallResult checkResult(String envelope) {
        if (envelope == null) throw ErrorMap.of("internal", "the library returned no envelope");
        JsonNode env;
        try {
            env = JSON.readTree(envelope);
        } catch (java.io.IOException e) {
            throw ErrorMap.of("internal", "unreadable envelope: " + e.getMessage());
        }
        Meta meta = Meta.of(env.get("meta"));
        if (env.path("ok").asBoolean(false)) return new CallResult(env.path("data"), meta);
        throw ErrorMap.create(env.path("error")).withMeta(meta);
    }

    static MemorySegment utf8(Arena arena, String s) {
        return arena.allocateFrom(s, StandardCharsets.UTF_8);
    }

    static RuntimeException rethrow(Throwable t) {
        if (t instanceof RuntimeException r) return r;
        if (t instanceof Error e) throw e;
        return new IllegalStateException(t);
    }
}
