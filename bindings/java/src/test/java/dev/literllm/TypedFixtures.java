package dev.literllm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;

/** Every fixture's answer read into its typed response, checked field by field against the raw JSON. */
final class TypedFixtures {
    private TypedFixtures() {}

    static String text(JsonNode n) { return n == null || !n.isTextual() ? null : n.asText(); }

    static Integer integer(JsonNode n) { return n == null || !n.isNumber() ? null : n.asInt(); }

    static void check(String op, JsonNode d, Meta meta) {
        switch (op) {
            case "chat" -> {
                ChatCompletion t = ChatCompletion.of(d, meta);
                assertSame(meta, t.meta());
                assertEquals(text(d.get("id")), t.id());
                assertEquals(text(d.get("model")), t.model());
                assertEquals(d.path("choices").size(), t.choices().size());
                for (int i = 0; i < t.choices().size(); i++) {
                    JsonNode c = d.path("choices").get(i);
                    var tc = t.choices().get(i);
                    assertEquals(text(c.get("finish_reason")), tc.finishReason());
                    assertEquals(text(c.path("message").get("content")), tc.message().content());
                    assertEquals(c.path("message").path("tool_calls").size(), tc.message().toolCalls().size());
                    for (int j = 0; j < tc.message().toolCalls().size(); j++) {
                        JsonNode call = c.path("message").path("tool_calls").get(j);
                        assertEquals(text(call.get("id")), tc.message().toolCalls().get(j).id());
                        assertEquals(text(call.path("function").get("arguments")),
                                tc.message().toolCalls().get(j).function().arguments());
                    }
                }
                usage(d.get("usage"), t.usage());
            }
            case "embed" -> {
                Embeddings t = Embeddings.of(d, meta);
                assertEquals(d.path("data").size(), t.data().size());
                for (int i = 0; i < t.data().size(); i++) {
                    JsonNode v = d.path("data").get(i).path("embedding");
                    if (v.isArray()) {
                        float[] want = new float[v.size()];
                        for (int k = 0; k < want.length; k++) want[k] = (float) v.get(k).asDouble();
                        assertArrayEquals(want, t.data().get(i).vector());
                    }
                }
                usage(d.get("usage"), t.usage());
            }
            case "models" -> {
                ModelList t = ModelList.of(d, meta);
                assertEquals(d.path("data").size(), t.data().size());
                for (int i = 0; i < t.data().size(); i++) assertEquals(text(d.path("data").get(i).get("id")), t.data().get(i).id());
            }
            case "images", "image_edit" -> {
                ImagesResponse t = ImagesResponse.of(d, meta);
                assertEquals(d.path("data").size(), t.data().size());
                for (int i = 0; i < t.data().size(); i++) {
                    assertEquals(text(d.path("data").get(i).get("b64_json")), t.data().get(i).b64Json());
                    assertEquals(text(d.path("data").get(i).get("url")), t.data().get(i).url());
                }
                usage(d.get("usage"), t.usage());
            }
            case "transcribe", "translate" -> assertEquals(text(d.get("text")), Transcription.of(d, meta).text());
            case "moderate" -> {
                Moderation t = Moderation.of(d, meta);
                assertEquals(d.path("results").size(), t.results().size());
                for (int i = 0; i < t.results().size(); i++) {
                    assertEquals(d.path("results").get(i).path("flagged").asBoolean(), t.results().get(i).flagged());
                }
            }
            case "rerank" -> {
                RerankResponse t = RerankResponse.of(d, meta);
                assertEquals(d.path("results").size(), t.results().size());
                for (int i = 0; i < t.results().size(); i++) {
                    assertEquals(d.path("results").get(i).path("index").asInt(), t.results().get(i).index());
                    assertEquals(d.path("results").get(i).path("relevance_score").asDouble(), t.results().get(i).relevanceScore());
                }
            }
            case "file_upload", "file_retrieve" -> {
                FileObject t = FileObject.of(d, meta);
                assertEquals(text(d.get("id")), t.id());
                assertEquals(d.hasNonNull("bytes") ? d.get("bytes").asLong() : null, t.bytes());
            }
            case "file_list" -> {
                FileList t = FileList.of(d, meta);
                assertEquals(d.path("data").size(), t.data().size());
                for (int i = 0; i < t.data().size(); i++) assertEquals(text(d.path("data").get(i).get("id")), t.data().get(i).id());
            }
            case "file_delete", "response_delete" -> assertEquals(d.path("deleted").asBoolean(), Deleted.of(d, meta).deleted());
            case "batch_create", "batch_retrieve", "batch_cancel" -> {
                Batch t = Batch.of(d, meta);
                assertEquals(text(d.get("id")), t.id());
                assertEquals(text(d.get("status")), t.status());
                assertEquals(text(d.get("input_file_id")), t.inputFileId());
            }
            case "batch_list" -> {
                BatchList t = BatchList.of(d, meta);
                assertEquals(d.path("data").size(), t.data().size());
                for (int i = 0; i < t.data().size(); i++) assertEquals(text(d.path("data").get(i).get("status")), t.data().get(i).status());
            }
            case "responses", "response_retrieve", "response_cancel" -> {
                ResponseResult t = ResponseResult.of(d, meta);
                assertEquals(text(d.get("id")), t.id());
                assertEquals(text(d.get("status")), t.status());
                assertEquals(d.path("output").size(), t.output().size());
                usage(d.get("usage"), t.usage());
            }
            case "speech", "file_content" -> {
                Binary b = Binary.of(new CallResult(d, meta));
                assertEquals(text(d.get("content_type")), b.contentType());
                assertEquals(d.path("bytes").asLong(), b.size());
            }
            case "count_tokens" -> assertEquals(d.path("input_tokens").asInt(), TokenCount.of(d).inputTokens());
            case "cost" -> assertEquals(text(d.get("usd")), Cost.of(d).usd() == null ? null : Cost.of(d).usd().toPlainString());
            default -> fail("no typed response for op " + op);
        }
    }

    /** A streamed chat's chunk, typed. */
    static void chunk(JsonNode chunk) {
        ChatChunk t = ChatChunk.of(chunk);
        assertEquals(chunk.path("choices").size(), t.choices().size());
        for (int i = 0; i < t.choices().size(); i++) {
            JsonNode delta = chunk.path("choices").get(i).path("delta");
            assertEquals(text(delta.get("content")), t.choices().get(i).delta().content());
            assertEquals(delta.path("tool_calls").size(), t.choices().get(i).delta().toolCalls().size());
        }
        usage(chunk.get("usage"), t.usage());
    }

    static void usage(JsonNode u, Usage t) {
        if (u == null || u.isNull()) {
            assertEquals(null, t);
            return;
        }
        assertEquals(integer(u.get("prompt_tokens")), t.promptTokens());
        assertEquals(integer(u.get("completion_tokens")), t.completionTokens());
        assertEquals(integer(u.get("total_tokens")), t.totalTokens());
        assertEquals(integer(u.get("input_tokens")), t.inputTokens());
        assertEquals(integer(u.get("output_tokens")), t.outputTokens());
    }
}
