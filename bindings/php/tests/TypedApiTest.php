<?php
declare(strict_types=1);

namespace LiterLlm\Tests;

use LiterLlm\Client;
use LiterLlm\Exception\InvalidArgumentException;
use LiterLlm\Exception\InvalidResponseException;
use LiterLlm\Exception\ServerErrorException;
use LiterLlm\Exception\ServiceUnavailableException;
use LiterLlm\Testing\ClientFake;
use LiterLlm\Types;
use PHPUnit\Framework\TestCase;

final class TypedApiTest extends TestCase
{
    use MockServer;

    private const HI = ['model' => 'openai/gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => 'hi']]];

    public function testTypedCompletionKeepsArrayAccessAndMeta(): void
    {
        [$cfg] = self::config('chat_basic');
        $r = (new Client($cfg))->chat(self::HI);
        $this->assertInstanceOf(Types\ChatCompletion::class, $r);
        $this->assertSame('Hello there!', $r->choices[0]->message->content);
        $this->assertSame('Hello there!', $r['choices'][0]['message']['content']);
        $this->assertSame(12, $r->usage->totalTokens);
        $this->assertSame(4, $r->usage->cachedTokens());
        $this->assertSame(12, $r->usage['total_tokens']);
        $this->assertSame($r->data, $r->toArray());
        $this->assertSame('req_chat_basic', $r->meta->requestId);
        $this->assertSame('4999', $r->meta->rateLimit['x-ratelimit-remaining-requests']);
        $this->assertSame(['role' => 'assistant', 'content' => 'Hello there!'], $r->message());
    }

    public function testOptionsReachTheCall(): void
    {
        [$cfg, $run] = self::config('retry_503_then_ok');
        try {
            (new Client($cfg))->chat(self::HI, ['max_retries' => 0, 'timeout' => 30]);
            $this->fail('expected service_unavailable');
        } catch (ServiceUnavailableException $e) {
            $this->assertInstanceOf(ServerErrorException::class, $e);
        }
        $this->assertCount(1, self::log('retry_503_then_ok', $run));
        [$cfg, $run] = self::config('chat_basic');
        (new Client($cfg))->chat(self::HI, ['extra_headers' => ['x-team' => 'search']]);
        $this->assertSame('search', self::log('chat_basic', $run)[0]['headers']['x-team']);
        $this->expectException(InvalidArgumentException::class);
        $this->expectExceptionMessage('max_retries');
        (new ClientFake(['chat' => [[]]]))->chat(self::HI + ['max_retries' => 1], ['max_retries' => 2]);
    }

    public function testChatStreamYieldsTypedChunks(): void
    {
        [$cfg] = self::config('stream_basic');
        $gen = (new Client($cfg))->chatStream(self::HI);
        $text = '';
        foreach ($gen as $chunk) {
            $this->assertInstanceOf(Types\ChatChunk::class, $chunk);
            $text .= $chunk->content();
        }
        $this->assertSame('Hello world!', $text);
        $final = $gen->getReturn();
        $this->assertInstanceOf(Types\ChatCompletion::class, $final);
        $this->assertSame('Hello world!', $final->content());
        $this->assertSame('req_stream_basic', $final->meta->requestId);
    }

    public function testWrongTypesAreInvalidResponse(): void
    {
        $unknown = new Types\ChatCompletion(['choices' => [], 'x_vendor' => ['a' => 1]]);
        $this->assertSame(['a' => 1], $unknown['x_vendor']);
        $this->expectException(InvalidResponseException::class);
        $this->expectExceptionMessage('"index" should be an integer');
        new Types\ChatCompletion(['choices' => [['index' => 'zero']]]);
    }

    public function testFakeAnswersTyped(): void
    {
        $fake = new ClientFake([
            'chat' => [['choices' => [['message' => ['role' => 'assistant', 'content' => null,
                'tool_calls' => [['id' => 'c1', 'type' => 'function', 'function' => ['name' => 'f', 'arguments' => '{"x":1}']]]]]]]],
            'stream:chat' => [['chunks' => [['choices' => [['delta' => ['content' => 'Hi']]]]], 'response' => ['choices' => []]]],
            'rerank' => [['results' => [['index' => 1, 'relevance_score' => 0.5]]]],
        ]);
        $call = $fake->chat(self::HI)->toolCalls()[0];
        $this->assertSame('f', $call->name());
        $this->assertSame(['x' => 1], $call->decodedArguments());
        $this->assertSame(['Hi'], array_map(static fn ($c) => $c->content(), iterator_to_array($fake->chatStream(self::HI))));
        $this->assertSame(0.5, $fake->rerank(['model' => 'm', 'query' => 'q', 'documents' => ['a', 'b']])->results[0]->relevanceScore);
    }
}
