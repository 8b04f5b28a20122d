<?php
declare(strict_types=1);

namespace LiterLlm;

use LiterLlm\Exception\ErrorMap;
use LiterLlm\Exception\InitFailedException;
use LiterLlm\Exception\InvalidArgumentException;
use LiterLlm\Exception\LiterLlmException;

/**
 * The one FFI holder (raw layer) and the envelope check (checked layer).
 *
 * The declarations are read from the package's own copy of liter_llm.h (kept byte-identical
 * to include/liter_llm.h by a test) between its LITERLLM_DECLS markers, so PHP sees exactly
 * the C contract, installed under vendor/ or not. The library is found as every binding
 * finds it: LITER_LLM_LIB, then `liter-llm config --lib` (the installed engine), then the
 * platform loader.
 * Loading is lazy: under PHP-FPM each worker starts its own embedded runtime on its first
 * call, never before fork.
 */
final class Native
{
    public const ABI_VERSION = 1;
    private static ?\FFI $ffi = null;

    public static function ffi(): \FFI
    {
        return self::$ffi ??= self::load();
    }

    /** The fix a failed lookup suggests. */
    public const INSTALL_HINT = 'install the engine: pip install literllm-engine (in a venv whose bin is on PATH, '
        . "or named by LITER_LLM_VENV), or set LITER_LLM_LIB to libliter_llm's path";

    private static function declarations(): string
    {
        $file = dirname(__DIR__) . '/liter_llm.h';
        $text = is_file($file) ? (string)file_get_contents($file) : '';
        if (!preg_match('~/\* LITERLLM_DECLS_BEGIN \*/(.*)/\* LITERLLM_DECLS_END \*/~s', $text, $m)) {
            throw new InitFailedException(['label' => 'init_failed', 'message' =>
                "the package's liter_llm.h is missing or has no declarations: $file"]);
        }
        return $m[1];
    }

    /**
     * `liter-llm config --lib` of the venv in LITER_LLM_VENV, else of the one on PATH.
     *
     * @param list<string> $tried
     */
    private static function configured(array &$tried): ?string
    {
        $venv = getenv('LITER_LLM_VENV');
        $cmd = null;
        if ($venv !== false && $venv !== '') {
            $cmd = "$venv/bin/liter-llm";
        } else {
            foreach (explode(PATH_SEPARATOR, (string)getenv('PATH')) as $dir) {
                if ($dir !== '' && is_executable("$dir/liter-llm")) {
                    $cmd = "$dir/liter-llm";
                    break;
                }
            }
        }
        if ($cmd === null || !is_executable($cmd)) {
            $tried[] = ($cmd ?? 'liter-llm') . ' config --lib: not found' . ($cmd === null ? ' on PATH' : '');
            return null;
        }
        $out = [];
        $code = 1;
        if (!function_exists('exec')) {
            $tried[] = "$cmd config --lib: exec() is disabled";
            return null;
        }
        exec(escapeshellarg($cmd) . ' config --lib 2>/dev/null', $out, $code);
        if ($code !== 0 || !isset($out[0]) || trim($out[0]) === '') {
            $tried[] = "$cmd config --lib: exit $code";
            return null;
        }
        return trim($out[0]);
    }

    private static function load(): \FFI
    {
        if (!extension_loaded('ffi')) {
            throw new InitFailedException(['label' => 'init_failed', 'message' =>
                'the PHP FFI extension is not loaded: install/enable ext-ffi']);
        }
        $mode = strtolower((string)ini_get('ffi.enable'));
        if (!in_array($mode, ['1', 'on', 'true', 'yes'], true) && !(PHP_SAPI === 'cli' && $mode === 'preload')) {
            throw new InitFailedException(['label' => 'init_failed', 'message' =>
                "FFI is disabled (ffi.enable=$mode): set ffi.enable=1, or preload this library"]);
        }
        $cdef = self::declarations();
        $tried = [];
        $candidates = [];
        if (($env = getenv('LITER_LLM_LIB')) !== false && $env !== '') {
            $candidates[] = $env;
        } else {
            $tried[] = 'LITER_LLM_LIB: not set';
        }
        if (($configured = self::configured($tried)) !== null) {
            $candidates[] = $configured;
        }
        $candidates[] = PHP_OS_FAMILY === 'Darwin' ? 'libliter_llm.dylib' : 'libliter_llm.so';
        foreach ($candidates as $path) {
            try {
                $ffi = \FFI::cdef($cdef, $path);
            } catch (\FFI\Exception $e) {
                $tried[] = "$path: " . $e->getMessage();
                continue;
            }
            $abi = $ffi->literllm_abi_version();
            if ($abi !== self::ABI_VERSION) {
                throw new InitFailedException(['label' => 'init_failed', 'message' =>
                    "$path has C ABI version $abi; this package needs " . self::ABI_VERSION]);
            }
            return $ffi;
        }
        throw new InitFailedException(['label' => 'init_failed', 'message' =>
            "cannot load libliter_llm; tried:\n  " . implode("\n  ", $tried) . "\n" . self::INSTALL_HINT]);
    }

    /**
     * Copy a returned string into PHP, free it, and return the envelope's data or throw.
     *
     * @return mixed the "data" of an ok envelope
     * @throws LiterLlmException
     */
    public static function check(?\FFI\CData $ptr): mixed
    {
        return self::checkEnvelope($ptr)[0];
    }

    /**
     * The data and meta of an ok envelope, or the label's exception (carrying the meta).
     *
     * @return array{0: mixed, 1: ?Meta}
     */
    public static function checkEnvelope(?\FFI\CData $ptr): array
    {
        if ($ptr === null) {
            throw ErrorMap::toException(['label' => 'internal', 'message' => 'the library returned no envelope']);
        }
        try {
            $text = \FFI::string($ptr);
        } finally {
            self::ffi()->literllm_free($ptr);
        }
        $env = json_decode($text, true, 512, JSON_BIGINT_AS_STRING);
        if (!is_array($env)) {
            throw ErrorMap::toException(['label' => 'internal', 'message' => 'unreadable envelope']);
        }
        $meta = Meta::fromArray($env['meta'] ?? null);
        if (!($env['ok'] ?? false)) {
            throw ErrorMap::toException((array)($env['error'] ?? ['label' => 'internal']))->withMeta($meta);
        }
        return [$env['data'] ?? null, $meta];
    }

    /** JSON for the C side: UTF-8 as is; an empty PHP array is the empty object. */
    public static function encode(array|object $value): string
    {
        if ($value === []) {
            return '{}';
        }
        try {
            return json_encode($value, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES
                | JSON_PRESERVE_ZERO_FRACTION | JSON_THROW_ON_ERROR);
        } catch (\JsonException $e) {
            throw new InvalidArgumentException(['label' => 'invalid_argument',
                'message' => 'request cannot be encoded as JSON: ' . $e->getMessage()]);
        }
    }
}
