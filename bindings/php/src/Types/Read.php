<?php
declare(strict_types=1);

namespace LiterLlm\Types;

use LiterLlm\Exception\InvalidResponseException;

/** Typed reads of parsed JSON; a field of the wrong type is an InvalidResponseException. */
final class Read
{
    /** @param array<string, mixed> $d */
    public static function str(array $d, string $k): ?string
    {
        $v = $d[$k] ?? null;
        return $v === null || is_string($v) ? $v : throw self::bad($k, 'text', $v);
    }

    /** @param array<string, mixed> $d */
    public static function int(array $d, string $k): ?int
    {
        $v = $d[$k] ?? null;
        if ($v === null || is_int($v)) {
            return $v;
        }
        return is_float($v) && floor($v) === $v ? (int)$v : throw self::bad($k, 'an integer', $v);
    }

    /** @param array<string, mixed> $d */
    public static function float(array $d, string $k): ?float
    {
        $v = $d[$k] ?? null;
        return $v === null || is_int($v) || is_float($v) ? ($v === null ? null : (float)$v) : throw self::bad($k, 'a number', $v);
    }

    /** @param array<string, mixed> $d */
    public static function bool(array $d, string $k): ?bool
    {
        $v = $d[$k] ?? null;
        return $v === null || is_bool($v) ? $v : throw self::bad($k, 'true or false', $v);
    }

    /**
     * @param array<string, mixed> $d
     * @return array<string, mixed>|null
     */
    public static function obj(array $d, string $k): ?array
    {
        $v = $d[$k] ?? null;
        return $v === null || (is_array($v) && ($v === [] || !array_is_list($v))) ? $v : throw self::bad($k, 'an object', $v);
    }

    /**
     * The items of an array field, each made by $make (empty when absent).
     *
     * @template T
     * @param array<string, mixed> $d
     * @param callable(array<string, mixed>): T $make
     * @return list<T>
     */
    public static function list(array $d, string $k, callable $make): array
    {
        $v = $d[$k] ?? null;
        if ($v === null) {
            return [];
        }
        if (!is_array($v) || !array_is_list($v)) {
            throw self::bad($k, 'an array', $v);
        }
        $out = [];
        foreach ($v as $item) {
            $out[] = is_array($item) ? $make($item) : throw self::bad($k, 'an array of objects', $item);
        }
        return $out;
    }

    private static function bad(string $k, string $want, mixed $got): InvalidResponseException
    {
        $json = json_encode($got, JSON_PARTIAL_OUTPUT_ON_ERROR);
        return new InvalidResponseException([
            'label' => 'invalid_response',
            'message' => sprintf('"%s" should be %s, got %s', $k, $want, substr((string)$json, 0, 80)),
            'retryable' => false,
        ]);
    }
}
