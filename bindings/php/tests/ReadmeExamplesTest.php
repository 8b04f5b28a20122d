<?php
declare(strict_types=1);

// The README's PHP examples: make docs copies the regions between "readme:" markers into the
// README, and make test-php runs them here.

namespace LiterLlm\Tests;

use LiterLlm\Client;
use LiterLlm\Exception\ContextWindowExceededException;
use LiterLlm\Exception\RateLimitedException;
use LiterLlm\Exception\TimeoutException;
use LiterLlm\Testing\ClientFake;
use PHPUnit\Framework\TestCase;

final class ReadmeExamplesTest extends TestCase
{
    private static string $run = '';

    /** A client of one mock-provider scene (a real one reads its key from the environment). */
    private static function scene(string $name): Client
    {
        self::$run = self::$run ?: 'readme-php-' . bin2hex(random_bytes(5));
        return new Client(['base_url' => getenv('LITER_LLM_MOCK_URL') . "/s/$name/" . self::$run . '/v1', 'api_key' => 'k']);
    }

    public function testChatStreamToolsStructuredVision(): void
    {
        $this->expectOutputString("The capital of France is Paris. 21 openai\n"
            . "Tokens arrive one by one, straight from the stream. | stop\n");
        $client = self::scene('demo_chat');
        // readme: chat
        $r = $client->chat(
            ['model' => 'openai/gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => 'What is the capital of France?']]],
            ['timeout' => 30],                      // per-call options
        );
        echo $r->content(), ' ', $r->usage->totalTokens, ' ', $r->meta->provider, "\n";
        // readme: end
        $this->assertSame('The capital of France is Paris.', $r->content());
        $this->assertSame(21, $r->usage->totalTokens);

        $client = self::scene('demo_stream');
        $text = '';
        // readme: stream
        $gen = $client->chatStream(['model' => 'openai/gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => 'Tell me a story']]]);
        foreach ($gen as $chunk) {                  // leaving the loop early closes the upstream request
            $text .= $chunk->content();
        }
        echo $text, ' | ', $gen->getReturn()->finishReason(), "\n";
        // readme: end
        $this->assertSame('Tokens arrive one by one, straight from the stream.', $text);

        $client = self::scene('tool_round_trip');
        // readme: tools round trip
        $request = [
            'model' => 'openai/gpt-4o-mini',
            'messages' => [['role' => 'user', 'content' => 'Weather in Paris?']],
            'tools' => [['type' => 'function', 'function' => [
                'name' => 'get_weather', 'description' => 'Weather of a city',
                'parameters' => ['type' => 'object', 'properties' => ['city' => ['type' => 'string']], 'required' => ['city']],
            ]]],
        ];
        $first = $client->chat($request);
        $call = $first->toolCalls()[0];             // $call->decodedArguments() is ['city' => 'Paris']
        $request['messages'][] = $first->message();
        $request['messages'][] = ['role' => 'tool', 'tool_call_id' => $call->id, 'content' => '18C'];
        $answer = $client->chat($request);
        // readme: end
        $this->assertSame(['city' => 'Paris'], $call->decodedArguments());
        $this->assertSame('It is 18C in Paris.', $answer->content());

        $client = self::scene('chat_json_schema');
        // readme: structured output
        $r = $client->chat([
            'model' => 'openai/gpt-4o-mini',
            'messages' => [['role' => 'user', 'content' => 'Say hello']],
            'response_format' => ['type' => 'json_schema', 'json_schema' => ['name' => 'greeting', 'strict' => true,
                'schema' => ['type' => 'object', 'properties' => ['text' => ['type' => 'string']], 'required' => ['text']]]],
        ]);
        $greeting = json_decode($r->content(), true, 512, JSON_THROW_ON_ERROR);
        // readme: end
        $this->assertSame(['text' => 'hi'], $greeting);

        $client = self::scene('chat_multimodal');
        // readme: vision
        $r = $client->chat(['model' => 'openai/gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => [
            ['type' => 'text', 'text' => 'What is this?'],
            ['type' => 'image_url', 'image_url' => ['url' => 'data:image/png;base64,iVBORw0KGgo=']],
        ]]]]);
        // readme: end
        $this->assertSame('Hello there!', $r->content());
    }

    public function testEmbeddingsErrorsCancellationFake(): void
    {
        $client = self::scene('embed_basic');
        // readme: embeddings
        $e = $client->embed(['model' => 'openai/text-embedding-3-small', 'input' => 'hello']);
        $vector = $e->embeddings[0]->vector();     // list<float>
        // readme: end
        $this->assertNotEmpty($vector);

        $client = self::scene('retry_429_then_ok');
        // readme: errors and retries
        $r = $client->chat(['model' => 'openai/gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => 'hi']]], ['max_retries' => 2]);
        $firstTry = $r->meta->attempts[0];          // label "rate_limited", then the answer
        // readme: end
        $this->assertSame('rate_limited', $firstTry->label);
        $this->assertCount(2, $r->meta->attempts);

        $client = self::scene('demo_error');
        $caught = null;
        // readme: errors and retries
        try {
            $client->chat(['model' => 'openai/gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => 'a very long prompt']]]);
        } catch (ContextWindowExceededException $e) { // an InvalidRequestException
            $caught = $e->getLabel() . ' ' . $e->getStatus();
        } catch (RateLimitedException $e) {
            usleep((int)(($e->getRetryAfter() ?? 1.0) * 1e6));
        }
        // readme: end
        $this->assertSame('context_window_exceeded 400', $caught);

        $client = self::scene('error_timeout_deadline');
        $timedOut = false;
        // readme: cancellation
        try {
            $client->chat(['model' => 'openai/gpt-4o-mini', 'messages' => [['role' => 'user', 'content' => 'hi']]],
                ['timeout' => 0.1, 'max_retries' => 0]); // the deadline closes the upstream request
        } catch (TimeoutException $e) {
            $timedOut = true;
        }
        // readme: end
        $this->assertTrue($timedOut);

        // readme: testing with the fake
        $fake = new ClientFake([
            'chat' => [['choices' => [['message' => ['role' => 'assistant', 'content' => 'Hi!']]]]],
            'embed' => [ClientFake::error('rate_limited')],
        ]);                                         // a LiterLlm\ClientInterface; no FFI needed
        $hi = $fake->chat(['model' => 'm', 'messages' => [['role' => 'user', 'content' => 'hello']]])->content();
        $fake->assertSent('chat', fn (array $r) => $r['messages'][0]['content'] === 'hello');
        // readme: end
        $this->assertSame('Hi!', $hi);
        $this->expectException(RateLimitedException::class);
        $fake->embed(['model' => 'm', 'input' => 'x']);
    }
}
