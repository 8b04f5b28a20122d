<?php
declare(strict_types=1);

namespace LiterLlm\Testing;

use LiterLlm\ClientInterface;
use LiterLlm\Exception\ErrorMap;
use LiterLlm\Exception\LiterLlmException;
use LiterLlm\Operations;
use LiterLlm\Response;

/**
 * A test double of the client that needs no native library: canned answers per op, and a
 * record of every request sent.
 *
 * ```php
 * $fake = new ClientFake([
 *     'chat' => [['choices' => [['message' => ['role' => 'assistant', 'content' => 'Hi!']]]]],
 *     'embed' => [ClientFake::error('rate_limited', 'slow down')],
 * ]);
 * $service = new MyService($fake);            // it takes a LiterLlm\ClientInterface
 * ...
 * $fake->assertSent('chat', fn (array $r) => $r['model'] === 'openai/gpt-4o-mini');
 * ```
 *
 * An answer is an array (the response's data), a Response, or a LiterLlmException to throw.
 * For streams ("chat" streamed, "responses" streamed), give ['chunks' => [...], 'response'
 * => [...]] under the op's name with a "stream:" prefix ("stream:chat"). Each op's answers
 * are used in order; the last one repeats.
 */
final class ClientFake implements ClientInterface
{
    use Operations;

    /** @var list<array{op: string, request: array<string, mixed>}> */
    private array $sent = [];

    /** @var array<string, int> */
    private array $used = [];

    /** @param array<string, list<array<string, mixed>|Response|LiterLlmException>> $answers */
    public function __construct(private array $answers = [])
    {
    }

    /** The exception a label maps to, for a canned failure. */
    public static function error(string $label, string $message = 'faked'): LiterLlmException
    {
        return ErrorMap::toException(['label' => $label, 'message' => $message, 'retryable' => false]);
    }

    public function callWithMeta(string $op, array|object $request = []): Response
    {
        $answer = $this->next($op, $request);
        if ($answer instanceof Response) {
            return $answer;
        }
        return new Response($answer);
    }

    public function stream(array|object $request, string $op = 'chat'): \Generator
    {
        $answer = $this->next("stream:$op", $request);
        $data = $answer instanceof Response ? $answer->data : $answer;
        foreach ($data['chunks'] ?? [] as $chunk) {
            yield $chunk;
        }
        return new Response((array)($data['response'] ?? []));
    }

    public function close(): void
    {
    }

    /** @return array<string, mixed> */
    public static function version(): array
    {
        return ['library' => 'fake', 'abi' => 1];
    }

    /**
     * Every request sent (or those of one op), in order.
     *
     * @return list<array<string, mixed>>
     */
    public function sent(?string $op = null): array
    {
        $out = [];
        foreach ($this->sent as $s) {
            if ($op === null || $s['op'] === $op) {
                $out[] = $s['request'];
            }
        }
        return $out;
    }

    /** Fails unless a request of $op was sent (and, given $filter, one it accepts). */
    public function assertSent(string $op, ?callable $filter = null): void
    {
        $matching = array_filter($this->sent($op), $filter ?? static fn (): bool => true);
        \PHPUnit\Framework\Assert::assertNotEmpty($matching, "no matching '$op' request was sent");
    }

    public function assertSentCount(string $op, int $count): void
    {
        \PHPUnit\Framework\Assert::assertCount($count, $this->sent($op), "'$op' requests sent");
    }

    public function assertNothingSent(): void
    {
        \PHPUnit\Framework\Assert::assertSame([], $this->sent, 'requests were sent');
    }

    /**
     * @param array<string, mixed>|object $request
     * @return array<string, mixed>|Response
     */
    private function next(string $op, array|object $request): array|Response
    {
        $this->sent[] = ['op' => preg_replace('/^stream:/', '', $op) ?? $op,
            'request' => json_decode((string)json_encode($request), true) ?? []];
        $list = $this->answers[$op] ?? null;
        if ($list === null || $list === []) {
            throw new \LogicException("ClientFake has no answer for '$op'");
        }
        $i = $this->used[$op] ?? 0;
        $this->used[$op] = $i + 1;
        $answer = $list[min($i, count($list) - 1)];
        if ($answer instanceof LiterLlmException) {
            throw $answer;
        }
        return $answer;
    }
}
