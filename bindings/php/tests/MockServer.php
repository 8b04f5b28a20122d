<?php
declare(strict_types=1);

namespace LiterLlm\Tests;

/** The mock provider the suites talk to over loopback: its URL, a case's config, its log. */
trait MockServer
{
    private static function mock(): string
    {
        $url = getenv('LITER_LLM_MOCK_URL');
        if ($url === false || $url === '') {
            self::fail('LITER_LLM_MOCK_URL is not set: run through `make test-php`');
        }
        return $url;
    }

    /** @return array{0: array<string, mixed>, 1: string} config and run id for a case */
    private static function config(string $case, ?object $extra = null): array
    {
        $run = 'php' . bin2hex(random_bytes(6));
        $cfg = (array)($extra ?? []);
        $cfg['base_url'] = self::mock() . "/s/$case/$run/v1";
        $cfg['api_key'] = 'test-key';
        return [$cfg, $run];
    }

    /** @return list<array<string, mixed>> what the mock received for a run */
    private static function log(string $case, string $run): array
    {
        return json_decode((string)file_get_contents(self::mock() . "/_log/$case/$run"), true);
    }

}
