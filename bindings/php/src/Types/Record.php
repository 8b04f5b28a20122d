<?php
declare(strict_types=1);

namespace LiterLlm\Types;

/**
 * A typed, read-only view of a JSON object: typed properties for the known fields, and the
 * whole object (also fields not typed here) by array access and toArray().
 *
 * @implements \ArrayAccess<string, mixed>
 */
abstract class Record implements \ArrayAccess, \JsonSerializable
{
    /** @param array<string, mixed> $data the object as parsed JSON */
    public function __construct(public readonly array $data)
    {
    }

    /** @return array<string, mixed> the object as parsed JSON */
    public function toArray(): array
    {
        return $this->data;
    }

    public function offsetExists(mixed $offset): bool { return isset($this->data[$offset]); }

    public function offsetGet(mixed $offset): mixed { return $this->data[$offset] ?? null; }

    public function offsetSet(mixed $offset, mixed $value): void
    {
        throw new \LogicException(static::class . ' is read-only');
    }

    public function offsetUnset(mixed $offset): void
    {
        throw new \LogicException(static::class . ' is read-only');
    }

    public function jsonSerialize(): mixed { return $this->data; }
}
