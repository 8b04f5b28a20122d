package dev.literllm;

import static dev.literllm.LiterLlmClientTest.client;
import static dev.literllm.LiterLlmClientTest.log;
import static dev.literllm.LiterLlmClientTest.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EndpointsTest {
    static final Map<String, Object> SPEECH = Map.of("model", "tts-1", "input", "hi", "voice", "alloy");

    @Test
    void speechBytesAndFile(@TempDir Path dir) throws Exception {
        try (var c = client(run("ep_audio"), null)) {
            Binary audio = c.speech(SPEECH);
            assertEquals("audio/mpeg", audio.contentType());
            assertEquals(3 + 256 * 64, audio.bytes().length);
            assertEquals('I', audio.bytes()[0]);
            Path out = dir.resolve("hi.mp3");
            Binary saved = c.speechToFile(SPEECH, out);
            assertEquals(out.toAbsolutePath().toString(), saved.path());
            assertEquals(audio.bytes().length, saved.size());
            assertArrayEquals(audio.bytes(), Files.readAllBytes(out));
        }
    }

    @Test
    void transcribeStreamsAFileFromDisk(@TempDir Path dir) throws Exception {
        byte[] wav = new byte[44];
        System.arraycopy("RIFF$\0\0\0WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), 0, wav, 0, 16);
        Path p = dir.resolve("hello.wav");
        Files.write(p, wav);
        var r = run("transcribe_json");
        try (var c = client(r, null)) {
            Transcription t = c.transcribe(Map.of("model", "whisper-1", "file", FileInput.ofPath(p), "language", "en",
                    "temperature", 0, "timestamp_granularities", List.of("word", "segment")));
            assertEquals("Hello world.", t.text());
        }
        JsonNode sent = log(r).path(0).path("body").path("files").path("file");
        String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(wav));
        assertEquals(digest, sent.path("sha256").asText());
        assertEquals("hello.wav", sent.path("filename").asText());
    }

    @Test
    void rerankFilesAndBatches() throws Exception {
        try (var c = client(run("rerank_compatible"), Native.JSON.readTree("{\"provider\":\"together\"}"))) {
            RerankResponse rr = c.rerank(Map.of("model", "Salesforce/Llama-Rank-V1", "query", "capital of France?",
                    "documents", List.of("Paris is the capital.", "Berlin is big."), "top_n", 2));
            assertEquals(0, rr.results().get(0).index());
            assertEquals(0.98, rr.results().get(0).relevanceScore(), 1e-9);
        }
        var up = run("file_upload");
        try (var c = client(up, null)) {
            assertEquals("file-abc123", c.uploadFile(FileInput.ofBytes("batch.jsonl", "{}\n".getBytes()), "batch").id());
        }
        assertEquals(3, log(up).path(0).path("body").path("files").path("file").path("size").asInt());
        try (var c = client(run("file_content"), null)) {
            assertTrue(new String(c.fileContent("file-abc123").bytes()).startsWith("{\"custom_id\""));
        }
        try (var c = client(run("batch_create"), null)) {
            Batch b = c.createBatch(Map.of("input_file_id", "file-abc123", "endpoint", "/v1/chat/completions",
                    "metadata", Map.of("job", "nightly")));
            assertEquals("validating", b.status());
        }
        try (var c = client(run("file_not_found"), null)) {
            assertThrows(NotFoundException.class, () -> c.retrieveFile("file-nope"));
            assertThrows(InvalidArgumentException.class, () -> c.retrieveFile("../models"));
        }
    }

    @Test
    void responsesCreateAndStream() {
        try (var c = client(run("responses_create"), null)) {
            ResponseResult r = c.createResponse(Map.of("model", "gpt-4.1-mini", "input", "Say hi",
                    "instructions", "Be brief.", "max_output_tokens", 20));
            assertEquals("Hi!", r.outputText());
            assertEquals(7, r.usage().totalTokens());
        }
        try (var c = client(run("responses_stream"), null);
             var s = c.responseStream(Map.of("model", "gpt-4.1-mini", "input", "Say hi"))) {
            StringBuilder text = new StringBuilder();
            s.forEachRemaining(ev -> {
                if ("response.output_text.delta".equals(ev.path("type").asText())) text.append(ev.path("delta").asText());
            });
            assertEquals("Hi!", text.toString());
            assertEquals("completed", s.result().data().path("status").asText());
        }
        try (var c = client(run("responses_stream_cut"), null);
             var s = c.responseStream(Map.of("model", "gpt-4.1-mini", "input", "Say hi"))) {
            assertThrows(StreamIncompleteException.class, () -> s.forEachRemaining(ev -> { }));
        }
    }

    @Test
    void undeclaredEndpointIsUnsupported() throws Exception {
        var r = run("endpoint_undeclared");
        try (var c = client(r, Native.JSON.readTree("{\"provider\":\"deepseek\"}"))) {
            var e = assertThrows(UnsupportedException.class,
                    () -> c.speech(Map.of("model", "deepseek-chat", "input", "hi", "voice", "alloy")));
            assertTrue(e.getMessage().contains("'deepseek'") && e.getMessage().contains("'speech'"), e.getMessage());
        }
        assertEquals(0, log(r).size());
    }
}
