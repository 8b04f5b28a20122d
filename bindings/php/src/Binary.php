<?php
declare(strict_types=1);

namespace LiterLlm;

/** An answer of bytes (speech audio, a file's content), or where it was written. */
final class Binary
{
    public function __construct(
        public readonly string $contentType,
        public readonly string $bytes,
        public readonly int $size,
        public readonly ?string $path = null,
        public readonly ?Meta $meta = null,
    ) {
    }

    public static function fromResponse(Response $r): self
    {
        $d = $r->data;
        $raw = isset($d['data']) ? base64_decode((string)$d['data'], true) : '';
        if ($raw === false) {
            throw new Exception\InvalidResponseException(['label' => 'invalid_response', 'message' => 'bytes answer is not base64']);
        }
        return new self((string)($d['content_type'] ?? ''), $raw, (int)($d['bytes'] ?? strlen($raw)), isset($d['path']) ? (string)$d['path'] : null, $r->meta);
    }

    /** Write the bytes to a file; returns the number written. */
    public function save(string $path): int
    {
        $n = file_put_contents($path, $this->bytes);
        if ($n === false) {
            throw new \RuntimeException("cannot write {$path}");
        }
        return $n;
    }
}
