<?php
declare(strict_types=1);

namespace LiterLlm\Tests;

use LiterLlm\Binary;
use LiterLlm\Client;
use LiterLlm\Exception\InvalidArgumentException;
use LiterLlm\Exception\StreamIncompleteException;
use LiterLlm\Exception\UnsupportedException;
use LiterLlm\File;
use PHPUnit\Framework\TestCase;

final class EndpointsTest extends TestCase
{
    use MockServer;

    private const SPEECH = ['model' => 'tts-1', 'input' => 'hi', 'voice' => 'alloy'];

    public function testSpeechBytesAndFile(): void
    {
        [$cfg] = self::config('ep_audio');
        $client = new Client($cfg);
        $audio = $client->speech(self::SPEECH);
        $this->assertInstanceOf(Binary::class, $audio);
        $this->assertSame('audio/mpeg', $audio->contentType);
        $this->assertStringStartsWith('ID3', $audio->bytes);
        $this->assertSame(3 + 256 * 64, strlen($audio->bytes));
        $path = tempnam(sys_get_temp_dir(), 'speech');
        unlink($path);
        $saved = $client->speech(self::SPEECH, $path);
        $this->assertSame($path, $saved->path);
        $this->assertSame('', $saved->bytes);
        $this->assertSame($audio->bytes, file_get_contents($path));
        unlink($path);
    }

    public function testTranscribeFromPathStreamsTheFile(): void
    {
        $wav = "RIFF\$\x00\x00\x00WAVEfmt " . implode('', array_map('chr', range(0, 31)));
        $path = sys_get_temp_dir() . '/hello-' . bin2hex(random_bytes(4)) . '.wav';
        file_put_contents($path, $wav);
        [$cfg, $run] = self::config('transcribe_json');
        $r = (new Client($cfg))->transcribe([
            'model' => 'whisper-1', 'file' => File::fromPath($path), 'language' => 'en',
            'temperature' => 0, 'timestamp_granularities' => ['word', 'segment'],
        ]);
        unlink($path);
        $this->assertSame('Hello world.', $r['text']);
        $sent = self::log('transcribe_json', $run)[0]['body']['files']['file'];
        $this->assertSame(hash('sha256', $wav), $sent['sha256']);
        $this->assertSame(basename($path), $sent['filename']);
    }

    public function testRerankFilesBatches(): void
    {
        [$cfg] = self::config('rerank_compatible', (object)['provider' => 'together']);
        $r = (new Client($cfg))->rerank([
            'model' => 'Salesforce/Llama-Rank-V1', 'query' => 'capital of France?', 'top_n' => 2,
            'documents' => ['Paris is the capital.', 'Berlin is big.'], 'return_documents' => true,
        ]);
        $this->assertSame(0, $r['results'][0]['index']);
        [$cfg, $run] = self::config('file_upload');
        $f = (new Client($cfg))->uploadFile(File::fromBytes("{}\n", 'batch.jsonl'), 'batch');
        $this->assertSame('file-abc123', $f['id']);
        $this->assertSame(3, self::log('file_upload', $run)[0]['body']['files']['file']['size']);
        [$cfg] = self::config('file_content');
        $this->assertStringStartsWith('{"custom_id"', (new Client($cfg))->fileContent('file-abc123')->bytes);
        [$cfg] = self::config('batch_create');
        $b = (new Client($cfg))->createBatch(['input_file_id' => 'file-abc123', 'endpoint' => '/v1/chat/completions', 'metadata' => ['job' => 'nightly']]);
        $this->assertSame('validating', $b['status']);
        [$cfg] = self::config('file_retrieve_bad_id');
        $this->expectException(InvalidArgumentException::class);
        (new Client($cfg))->retrieveFile('../models');
    }

    public function testResponsesCreateAndStream(): void
    {
        [$cfg] = self::config('responses_create');
        $r = (new Client($cfg))->createResponse(['model' => 'gpt-4.1-mini', 'input' => 'Say hi', 'instructions' => 'Be brief.', 'max_output_tokens' => 20]);
        $this->assertSame('Hi!', $r->outputText());
        [$cfg] = self::config('responses_stream');
        $gen = (new Client($cfg))->streamResponse(['model' => 'gpt-4.1-mini', 'input' => 'Say hi']);
        $text = '';
        foreach ($gen as $event) {
            if ($event['type'] === 'response.output_text.delta') {
                $text .= $event['delta'];
            }
        }
        $this->assertSame('Hi!', $text);
        $this->assertSame('Hi!', $gen->getReturn()->outputText());
        [$cfg] = self::config('responses_stream_cut');
        $this->expectException(StreamIncompleteException::class);
        foreach ((new Client($cfg))->streamResponse(['model' => 'gpt-4.1-mini', 'input' => 'Say hi']) as $_) {
        }
    }

    public function testUndeclaredEndpointIsUnsupported(): void
    {
        [$cfg, $run] = self::config('endpoint_undeclared', (object)['provider' => 'deepseek']);
        try {
            (new Client($cfg))->speech(['model' => 'deepseek-chat', 'input' => 'hi', 'voice' => 'alloy']);
            $this->fail('expected unsupported');
        } catch (UnsupportedException $e) {
            $this->assertStringContainsString("'deepseek'", $e->getMessage());
            $this->assertStringContainsString("'speech'", $e->getMessage());
        }
        $this->assertSame([], self::log('endpoint_undeclared', $run));
    }
}
