package dev.literllm;

/**
 * Token usage: chat and embeddings count prompt and completion tokens, the Responses API and
 * images input and output tokens (the other pair is null).
 *
 * @param promptTokens            tokens in the prompt, or null
 * @param completionTokens        tokens generated, or null
 * @param totalTokens             both together, or null
 * @param inputTokens             the Responses API's and images' input tokens, or null
 * @param outputTokens            their output tokens, or null
 * @param promptTokensDetails     cached, audio, ... tokens of the prompt, or null
 * @param completionTokensDetails reasoning, audio, ... tokens of the completion, or null
 * @param inputTokensDetails      the input's details (Responses API, images), or null
 * @param outputTokensDetails     the output's details (Responses API), or null
 */
public record Usage(Integer promptTokens, Integer completionTokens, Integer totalTokens,
                    Integer inputTokens, Integer outputTokens,
                    Details promptTokensDetails, Details completionTokensDetails,
                    Details inputTokensDetails, Details outputTokensDetails) {

    /**
     * A breakdown of tokens (each null when the provider did not say).
     *
     * @param cachedTokens    prompt tokens read from the provider's prompt cache
     * @param reasoningTokens completion tokens spent reasoning
     * @param audioTokens     audio tokens
     * @param textTokens      text tokens (images)
     * @param imageTokens     image tokens (images)
     */
    public record Details(Integer cachedTokens, Integer reasoningTokens, Integer audioTokens,
                          Integer textTokens, Integer imageTokens) {
    }

    /** Prompt tokens read from the provider's cache (0 when it said none). */
    public int cachedTokens() {
        Details d = promptTokensDetails != null ? promptTokensDetails : inputTokensDetails;
        return d == null || d.cachedTokens() == null ? 0 : d.cachedTokens();
    }

    /** Completion tokens spent reasoning (0 when it said none). */
    public int reasoningTokens() {
        Details d = completionTokensDetails != null ? completionTokensDetails : outputTokensDetails;
        return d == null || d.reasoningTokens() == null ? 0 : d.reasoningTokens();
    }
}
