<?php
declare(strict_types=1);

namespace LiterLlm\Tests;

use LiterLlm\ClientInterface;
use LiterLlm\Exception\InvalidRequestException;
use LiterLlm\Exception\RateLimitedException;
use LiterLlm\Testing\ClientFake;
use PHPUnit\Framework\TestCase;

/** What a user's code looks like: it takes the interface, and its tests use the fake. */
final class Summarizer
{
    public function __construct(private ClientInterface $llm)
    {
    }

    public function summarize(string $text): string
    {
        try {
            $r = $this->llm->chat(['model' => 'openai/gpt-4o-mini',
                'messages' => [['role' => 'user', 'content' => "Summarize: $text"]]]);
            return (string)$r->content();
        } catch (RateLimitedException) {
            return '(busy)';
        }
    }

    public function streamed(string $text): string
    {
        $out = '';
        foreach ($this->llm->stream(['model' => 'm', 'messages' => [['role' => 'user', 'content' => $text]]]) as $c) {
            $out .= $c['choices'][0]['delta']['content'] ?? '';
        }
        return $out;
    }
}

final class ClientFakeTest extends TestCase
{
    public function testCannedAnswersErrorsAndWhatWasSent(): void
    {
        $fake = new ClientFake([
            'chat' => [
                ['choices' => [['message' => ['role' => 'assistant', 'content' => 'Short.']]]],
                ClientFake::error('rate_limited', 'slow down'),
            ],
        ]);
        $s = new Summarizer($fake);
        $this->assertSame('Short.', $s->summarize('a long text'));
        $this->assertSame('(busy)', $s->summarize('another'));
        $fake->assertSent('chat', fn (array $r): bool => $r['messages'][0]['content'] === 'Summarize: a long text');
        $fake->assertSentCount('chat', 2);
        $this->expectException(InvalidRequestException::class);
        (new ClientFake(['chat' => [ClientFake::error('context_window_exceeded')]]))->chat(['model' => 'm']);
    }

    public function testStreamsAndOtherOps(): void
    {
        $fake = new ClientFake([
            'stream:chat' => [['chunks' => [['choices' => [['delta' => ['content' => 'Hel']]]],
                ['choices' => [['delta' => ['content' => 'lo']]]]], 'response' => ['id' => 'x']]],
            'rerank' => [['results' => [['index' => 1, 'relevance_score' => 0.9]]]],
        ]);
        $this->assertSame('Hello', (new Summarizer($fake))->streamed('hi'));
        $this->assertSame(1, $fake->rerank(['model' => 'm', 'query' => 'q', 'documents' => ['a', 'b']])['results'][0]['index']);
        $this->assertSame(['chat', 'rerank'], array_keys(array_filter(['chat' => $fake->sent('chat'), 'rerank' => $fake->sent('rerank')])));
    }

    public function testNeedsNoNativeLibrary(): void
    {
        $script = tempnam(sys_get_temp_dir(), 'fake') . '.php';
        file_put_contents($script, '<?php require ' . var_export(dirname(__DIR__) . '/autoload.php', true) . ';'
            . '$f = new LiterLlm\Testing\ClientFake(["chat" => [["choices" => [["message" => ["content" => "ok"]]]]]]);'
            . 'echo $f->chat(["model" => "m"])->content();');
        $out = [];
        exec('env -u LITER_LLM_LIB PATH=/usr/bin:/bin ' . escapeshellarg(PHP_BINARY) . ' -d ffi.enable=0 '
            . escapeshellarg($script), $out, $code);
        unlink($script);
        $this->assertSame(0, $code);
        $this->assertSame(['ok'], $out);
    }
}
