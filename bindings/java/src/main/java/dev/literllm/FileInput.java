package dev.literllm;

import com.fasterxml.jackson.annotation.JsonValue;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A file sent to a provider (audio, an image, an upload). A path is streamed from disk by the
 * library and never read into the JVM; bytes travel base64-encoded in the request's JSON.
 */
public final class FileInput {
    private final Map<String, String> json = new LinkedHashMap<>();

    private FileInput() {}

    /** A file on disk (its name tells the provider the format). */
    public static FileInput ofPath(Path path) {
        FileInput f = new FileInput();
        f.json.put("path", Objects.requireNonNull(path, "path").toAbsolutePath().toString());
        return f;
    }

    /** Bytes in memory under a file name (its extension tells the format). */
    public static FileInput ofBytes(String filename, byte[] data) {
        FileInput f = new FileInput();
        f.json.put("data", Base64.getEncoder().encodeToString(Objects.requireNonNull(data, "data")));
        f.json.put("filename", Objects.requireNonNull(filename, "filename"));
        return f;
    }

    /** The same file with an explicit content type (else guessed from its name). */
    public FileInput contentType(String type) {
        FileInput f = new FileInput();
        f.json.putAll(json);
        f.json.put("content_type", Objects.requireNonNull(type, "type"));
        return f;
    }

    /** The C ABI's file object. */
    @JsonValue
    public Map<String, String> toJson() { return Map.copyOf(json); }
}
