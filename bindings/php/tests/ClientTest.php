<?php
declare(strict_types=1);

namespace LiterLlm\Tests;

use LiterLlm\Client;
use LiterLlm\Meta;
use LiterLlm\Exception\CancelledException;
use LiterLlm\Exception\ContextWindowExceededException;
use LiterLlm\Exception\ErrorMap;
use LiterLlm\Exception\InvalidArgumentException;
use LiterLlm\Exception\InvalidRequestException;
use LiterLlm\Exception\LiterLlmException;
use PHPUnit\Framework\TestCase;

final class ClientTest extends TestCase
{
    use MockServer;

    /** Is $expected contained in $actual (objects: listed keys; lists: same length)? */
    private static function subset(mixed $expected, mixed $actual, string $path = '$'): ?string
    {
        if ($expected instanceof \stdClass) {
            if (!is_array($actual)) {
                return "$path: expected an object";
            }
            foreach (get_object_vars($expected) as $k => $v) {
                if (!array_key_exists($k, $actual)) {
                    return "$path.$k: missing";
                }
                if (($d = self::subset($v, $actual[$k], "$path.$k")) !== null) {
                    return $d;
                }
            }
            return null;
        }
        if (is_array($expected)) {
            if (!is_array($actual) || count($actual) !== count($expected)) {
                return "$path: expected " . count($expected) . ' items';
            }
            foreach ($expected as $i => $v) {
                if (($d = self::subset($v, $actual[$i], "$path[$i]")) !== null) {
                    return $d;
                }
            }
            return null;
        }
        return $expected === $actual || (is_numeric($expected) && is_numeric($actual) && $expected == $actual)
            ? null : "$path: expected " . json_encode($expected) . ', got ' . json_encode($actual);
    }

    /** @return iterable<string, array{object}> */
    public static function fixtures(): iterable
    {
        foreach (glob(__DIR__ . '/../../../tests/fixtures/*.json') as $file) {
            foreach (json_decode((string)file_get_contents($file), false) as $case) {
                yield $case->name => [$case];
            }
        }
    }

    /** @dataProvider fixtures */
    public function testFixture(object $case): void
    {
        [$cfg, $run] = self::config($case->name, $case->config ?? null);
        $client = new Client($cfg);
        $ex = $case->expect;
        $chunks = 0;
        $data = null;
        $meta = null;
        $error = null;
        try {
            if ($case->stream) {
                $gen = $client->stream($case->request, $case->op);
                foreach ($gen as $chunk) {
                    if ($case->op === 'chat') {
                        TypedFixtures::chunk($chunk);
                    }
                    $chunks++;
                }
                $data = $gen->getReturn()->data;
                $meta = $gen->getReturn()->meta;
            } else {
                $r = $client->callWithMeta($case->op, $case->request);
                [$data, $meta] = [$r->data, $r->meta];
            }
        } catch (LiterLlmException $e) {
            $error = $e;
            $meta = $e->getMeta();
        } finally {
            $client->close();
        }
        if ($ex->ok) {
            $this->assertNull($error, $error ? $error->getLabel() . ': ' . $error->getMessage() : '');
            if (isset($ex->response)) {
                $this->assertNull(self::subset($ex->response, $data));
            }
            TypedFixtures::check($case->op, $data, $meta);
        } else {
            $this->assertNotNull($error, 'expected an error, got ' . json_encode($data));
            $this->assertSame(ErrorMap::CLASSES[$ex->label], get_class($error));
            $this->assertSame($ex->label, $error->getLabel());
            if (isset($ex->status)) {
                $this->assertSame($ex->status, $error->getStatus());
            }
        }
        if (isset($ex->chunks)) {
            $this->assertSame($ex->chunks, $chunks);
        }
        if (isset($ex->attempts)) {
            $this->assertCount($ex->attempts, self::log($case->name, $run));
        }
        if (isset($ex->meta)) {
            $this->assertNotNull($meta, 'no meta');
            $this->assertNull(self::subset($ex->meta, $meta->raw, 'meta'));
        }
    }

    public function testTypedCountTokens(): void
    {
        [$cfg] = self::config('tokens_local_openai');
        $client = new Client($cfg);
        $msgs = [['role' => 'system', 'content' => 'You are terse.'], ['role' => 'user', 'content' => 'Hello, world!']];
        $n = $client->countTokens(['model' => 'openai/gpt-4o', 'messages' => $msgs]);
        $this->assertSame(19, $n->inputTokens);
        $this->assertSame('o200k', $n->tokenizer);
        $this->assertFalse($n->isEstimate);
        $this->assertSame(128000, $n->contextWindow);
        $this->assertTrue($n->fits);
        try {
            $client->countTokens(['model' => 'cohere/command-r-plus', 'text' => 'x', 'exact' => true]);
            $this->fail('expected unsupported');
        } catch (\LiterLlm\Exception\UnsupportedException $e) {
            $this->assertSame('unsupported', $e->getLabel());
        } finally {
            $client->close();
        }
    }

    public function testBudgetAndUsage(): void
    {
        [$cfg] = self::config('budget_within_hard');
        $cfg['pricing'] = ['openai/budget-m' => ['input_mtok' => '1000', 'output_mtok' => '1000']];
        $cfg['budgets'] = [['scope' => 'global', 'limit_usd' => '1.00', 'window' => 'daily']];
        $client = new Client($cfg);
        $r = $client->chat(['model' => 'openai/budget-m', 'messages' => self::MSGS, 'max_tokens' => 3]);
        $u = $client->usage();
        $client->close();
        $this->assertSame('0.012', $r->meta->cost->usd);
        $this->assertFalse($r->meta->cacheHit);
        $this->assertSame('0.012', $u['budgets'][0]['spent_usd']);
    }

    public function testTypedCost(): void
    {
        [$cfg] = self::config('chat_meta_cost');
        $client = new Client($cfg);
        $usage = ['prompt_tokens' => 1200, 'completion_tokens' => 300, 'prompt_tokens_details' => ['cached_tokens' => 200]];
        $cost = $client->cost('openai/gpt-4o', $usage);
        $this->assertSame('0.00575', $cost->usd);
        $this->assertSame('0.003', $cost->breakdown['output']);
        $this->assertSame('openai/gpt-4o', $cost->pricedAs);
        $unknown = $client->cost('openai/my-private-model', $usage);
        $this->assertFalse($unknown->isKnown());
        $this->assertNotNull($unknown->reason);
        $r = $client->chat(['model' => 'openai/gpt-4o', 'messages' => self::MSGS]);
        $client->close();
        $this->assertSame('0.00575', $r->meta->cost->usd);
    }

    public function testRoutingMetaIsTyped(): void
    {
        [$cfg] = self::config('route_failover_503');
        $cfg['deployments'] = [
            ['id' => 'east', 'model_name' => 'chat-default', 'model' => 'openai/east-m', 'priority' => 0],
            ['id' => 'west', 'model_name' => 'chat-default', 'model' => 'openai/west-m', 'priority' => 1],
        ];
        $cfg['router'] = ['strategy' => 'priority'];
        $client = new Client($cfg);
        $r = $client->chat(['model' => 'chat-default', 'messages' => self::MSGS]);
        $client->close();
        $this->assertInstanceOf(Meta::class, $r->meta);
        $this->assertSame('west', $r->meta->deployment);
        $this->assertSame('west-m', $r->meta->model);
        $this->assertCount(2, $r->meta->attempts);
        $this->assertSame('east', $r->meta->attempts[0]->deployment);
        $this->assertSame('service_unavailable', $r->meta->attempts[0]->label);
        $this->assertSame(503, $r->meta->attempts[0]->status);
        $this->assertNull($r->meta->attempts[1]->label);
    }

    private const MSGS = [['role' => 'user', 'content' => 'hi']];

    public function testAbandonedStreamCancelsUpstream(): void
    {
        [$cfg, $run] = self::config('stream_paced');
        $client = new Client($cfg);
        $gen = $client->stream(['model' => 'm', 'messages' => self::MSGS]);
        $n = 0;
        foreach ($gen as $_) {
            if (++$n === 2) {
                break;
            }
        }
        unset($gen); // destroying the generator frees the stream
        $deadline = microtime(true) + 3;
        do {
            usleep(20000);
            $log = self::log('stream_paced', $run);
        } while (!$log[0]['disconnected'] && microtime(true) < $deadline);
        $this->assertTrue($log[0]['disconnected'], 'upstream still open after the generator was destroyed');
        $this->assertFalse($log[0]['completed']);
        $client->close();
    }

    public function testUtf8BothWays(): void
    {
        [$cfg, $run] = self::config('chat_unicode');
        $r = (new Client($cfg))->chat(['model' => 'm', 'messages' => [['role' => 'user', 'content' => 'é ☃ 🎉 中文']]]);
        $this->assertSame('é ☃ 🎉 中文', $r->content());
        $this->assertSame('é ☃ 🎉 中文', self::log('chat_unicode', $run)[0]['body']['messages'][0]['content']);
        [$cfg] = self::config('stream_utf8_split');
        $gen = (new Client($cfg))->stream(['model' => 'm', 'messages' => self::MSGS]);
        $text = '';
        foreach ($gen as $c) {
            $text .= $c['choices'][0]['delta']['content'] ?? '';
        }
        $this->assertSame('é ☃ 🎉 中文', $text);
    }

    private static function rssKb(): int
    {
        preg_match('/VmRSS:\s+(\d+)/', (string)file_get_contents('/proc/self/status'), $m);
        return (int)$m[1];
    }

    public function testNoGrowthOver1000Calls(): void
    {
        $client = new Client(['base_url' => self::mock() . '/bench/v1', 'api_key' => 'k']);
        $req = ['model' => 'm', 'messages' => self::MSGS];
        for ($i = 0; $i < 300; $i++) {
            $client->chat($req);
        }
        gc_collect_cycles();
        [$heap, $rss] = [memory_get_usage(), self::rssKb()];
        for ($i = 0; $i < 1000; $i++) {
            $this->assertSame('Hello from the mock.', $client->chat($req)->content());
        }
        gc_collect_cycles();
        $this->assertLessThan(64 * 1024, memory_get_usage() - $heap, 'PHP heap grew');
        $this->assertLessThan(4 * 1024, self::rssKb() - $rss, 'process RSS grew by more than 4 MB');
    }

    public function testTypedErrorHierarchy(): void
    {
        [$cfg] = self::config('demo_error');
        try {
            (new Client($cfg))->chat(['model' => 'm', 'messages' => self::MSGS]);
            $this->fail('no exception');
        } catch (ContextWindowExceededException $e) {
            $this->assertInstanceOf(InvalidRequestException::class, $e);
            $this->assertSame(400, $e->getStatus());
            $this->assertSame('req_demo_1', $e->getRequestId());
            $this->assertFalse($e->isRetryable());
        }
    }

    public function testMisuse(): void
    {
        [$cfg] = self::config('chat_basic');
        $client = new Client($cfg);
        foreach ([fn() => $client->call('frobnicate', []), fn() => $client->chat(['model' => 'm']),
                  fn() => $client->chat(['model' => "\xff\xfe", 'messages' => self::MSGS]),
                  fn() => new Client(['colour' => 'blue']), fn() => new Client(['timeout' => -1])] as $f) {
            try {
                $f();
                $this->fail('no exception');
            } catch (InvalidArgumentException $e) {
                $this->assertSame('invalid_argument', $e->getLabel());
            }
        }
        try {
            $client->chat('not an array');
            $this->fail('no TypeError');
        } catch (\TypeError) {
            $this->addToAssertionCount(1);
        }
        $client->close();
        $client->close();
        $this->expectException(InvalidArgumentException::class);
        $client->chat(['model' => 'm', 'messages' => self::MSGS]);
    }

    public function testCancelledLabelMapsToItsClass(): void
    {
        $e = ErrorMap::toException(['label' => 'cancelled', 'message' => 'x']);
        $this->assertInstanceOf(CancelledException::class, $e);
        $h = (string)file_get_contents(__DIR__ . '/../../../include/liter_llm.h');
        $list = substr($h, strpos($h, 'Stable labels'), strpos($h, 'OWNERSHIP') - strpos($h, 'Stable labels'));
        preg_match_all('/[a-z]+(?:_[a-z]+)*/', substr($list, strpos($list, ':') + 1), $m);
        $labels = $m[0];
        sort($labels);
        $mapped = array_keys(ErrorMap::CLASSES);
        sort($mapped);
        $this->assertSame($labels, $mapped);
    }

    public function testMetricsAndTraceparent(): void
    {
        [$cfg, $run] = self::config('chat_basic', (object)['telemetry' => ['metrics' => true]]);
        $client = new Client($cfg);
        $tp = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
        $client->chat(['model' => 'openai/gpt-4o-mini', 'messages' => self::MSGS, 'traceparent' => $tp]);
        $log = self::log('chat_basic', $run);
        $this->assertSame($tp, $log[0]['headers']['traceparent']);
        $this->assertStringContainsString(
            'liter_llm_requests_total{op="chat",provider="openai",model="openai/gpt-4o-mini",deployment="",outcome="ok"} 1',
            $client->metrics()
        );
        $client->close();
    }
}
