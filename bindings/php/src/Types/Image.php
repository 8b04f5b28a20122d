<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/** One generated image: a URL or base64 data. */
final class Image extends Record
{
    /** Where to fetch it, or null. */
    public readonly ?string $url;

    /** The image as base64, or null. */
    public readonly ?string $b64Json;

    /** The prompt the model used, or null. */
    public readonly ?string $revisedPrompt;

    /**
     * Read a parsed object; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->url = Read::str($data, 'url');
        $this->b64Json = Read::str($data, 'b64_json');
        $this->revisedPrompt = Read::str($data, 'revised_prompt');
    }

    /** The image's bytes, or null when it came as a URL. */
    public function bytes(): ?string
    {
        return $this->b64Json === null ? null : (base64_decode($this->b64Json, true) ?: null);
    }
}
