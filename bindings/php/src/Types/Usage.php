<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/** Token usage: chat and embeddings count prompt and completion tokens, the Responses API and images input and output tokens (the other pair is null). */
final class Usage extends Record
{
    /** Tokens in the prompt. */
    public readonly ?int $promptTokens;

    /** Tokens generated. */
    public readonly ?int $completionTokens;

    /** Both together. */
    public readonly ?int $totalTokens;

    /** The Responses API's and images' input tokens. */
    public readonly ?int $inputTokens;

    /** Their output tokens. */
    public readonly ?int $outputTokens;

    /**
     * Read a parsed object; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->promptTokens = Read::int($data, 'prompt_tokens');
        $this->completionTokens = Read::int($data, 'completion_tokens');
        $this->totalTokens = Read::int($data, 'total_tokens');
        $this->inputTokens = Read::int($data, 'input_tokens');
        $this->outputTokens = Read::int($data, 'output_tokens');
    }

    /** Prompt tokens read from the provider's cache (0 when it said none). */
    public function cachedTokens(): int
    {
        $d = Read::obj($this->data, 'prompt_tokens_details') ?? Read::obj($this->data, 'input_tokens_details') ?? [];
        return Read::int($d, 'cached_tokens') ?? 0;
    }

    /** Completion tokens spent reasoning (0 when it said none). */
    public function reasoningTokens(): int
    {
        $d = Read::obj($this->data, 'completion_tokens_details') ?? Read::obj($this->data, 'output_tokens_details') ?? [];
        return Read::int($d, 'reasoning_tokens') ?? 0;
    }
}
