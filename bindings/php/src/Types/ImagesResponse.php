<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Meta;
use LiterLlm\Response;

/** Generated or edited images. */
final class ImagesResponse extends Response
{
    /** Unix seconds, or null. */
    public readonly ?int $created;

    /** @var list<Image> the images */
    public readonly array $images;

    /** Token usage (gpt-image models), or null. */
    public readonly ?Usage $usage;

    /**
     * Read a parsed response; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data, ?Meta $meta = null)
    {
        parent::__construct($data, $meta);
        $this->created = Read::int($data, 'created');
        $this->images = Read::list($data, 'data', static fn (array $x): Image => new Image($x));
        $this->usage = ($o = Read::obj($data, 'usage')) === null ? null : new Usage($o);
    }
}
