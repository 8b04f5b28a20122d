<?php
declare(strict_types=1);

namespace LiterLlm;

/**
 * A file sent to a provider (audio, an image, an upload). A path is streamed from disk by the
 * library and never read into PHP; bytes travel base64-encoded in the request's JSON.
 */
final class File implements \JsonSerializable
{
    private function __construct(
        public readonly ?string $path,
        public readonly ?string $bytes,
        public readonly ?string $filename,
        public readonly ?string $contentType,
    ) {
    }

    public static function fromPath(string $path, ?string $contentType = null): self
    {
        return new self($path, null, null, $contentType);
    }

    /** @param string $filename its extension tells the provider the format */
    public static function fromBytes(string $bytes, string $filename, ?string $contentType = null): self
    {
        return new self(null, $bytes, $filename, $contentType);
    }

    /** @return array<string, string> the C ABI's file object */
    public function jsonSerialize(): array
    {
        $out = $this->path !== null ? ['path' => $this->path] : ['data' => base64_encode((string)$this->bytes)];
        if ($this->filename !== null) {
            $out['filename'] = $this->filename;
        }
        if ($this->contentType !== null) {
            $out['content_type'] = $this->contentType;
        }
        return $out;
    }
}
