<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/** One input's embedding. */
final class Embedding extends Record
{
    /** The input's index. */
    public readonly int $index;

    /**
     * Read a parsed object; a field of the wrong type is an InvalidResponseException.
     *
     * @param array<string, mixed> $data
     */
    public function __construct(array $data)
    {
        parent::__construct($data);
        $this->index = Read::int($data, 'index') ?? 0;
    }

    /** @return list<float> the vector (base64 answers decoded as little-endian float32) */
    public function vector(): array
    {
        $v = $this->data['embedding'] ?? [];
        if (is_string($v)) {
            $bytes = base64_decode($v, true);
            return $bytes === false || $bytes === '' ? [] : array_values(unpack('g*', $bytes) ?: []);
        }
        return array_map('floatval', array_values((array)$v));
    }
}
