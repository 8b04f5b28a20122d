<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Meta;
use LiterLlm\Response;

/** Audio as text (a transcription or a translation). */
final class Transcription extends Response
{
    /** The text. */
    public readonly ?string $text;

    /** The detected language (verbose_json), or null. */
    public readonly ?string $language;

    /** The audio's seconds (verbose_json), or null. */
    public readonly ?float $duration;

    /**
     * Read a parsed response; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data, ?Meta $meta = null)
    {
        parent::__construct($data, $meta);
        $this->text = Read::str($data, 'text');
        $this->language = Read::str($data, 'language');
        $this->duration = Read::float($data, 'duration');
    }
}
