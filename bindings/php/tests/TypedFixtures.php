<?php
declare(strict_types=1);

namespace LiterLlm\Tests;

use LiterLlm\Binary;
use LiterLlm\Cost;
use LiterLlm\Meta;
use LiterLlm\Response;
use LiterLlm\TokenCount;
use LiterLlm\Types;
use PHPUnit\Framework\Assert;

/** Every fixture's answer read into its typed response, checked field by field against the raw JSON. */
final class TypedFixtures
{
    /** @param array<string, mixed> $d */
    public static function check(string $op, array $d, ?Meta $meta): void
    {
        $col = static fn (array $items, string $k): array => array_map(static fn ($x) => $x[$k] ?? null, $items);
        switch ($op) {
            case 'chat':
                $t = new Types\ChatCompletion($d, $meta);
                Assert::assertSame($meta, $t->meta);
                Assert::assertSame($d['id'] ?? null, $t->id);
                Assert::assertSame($d['model'] ?? null, $t->model);
                Assert::assertCount(count($d['choices'] ?? []), $t->choices);
                foreach ($t->choices as $i => $c) {
                    $raw = $d['choices'][$i];
                    Assert::assertSame($raw['finish_reason'] ?? null, $c->finishReason);
                    Assert::assertSame($raw['message']['content'] ?? null, $c->message->content);
                    $calls = $raw['message']['tool_calls'] ?? [];
                    Assert::assertSame($col($calls, 'id'), array_map(static fn ($x) => $x->id, $c->message->toolCalls));
                    Assert::assertSame(array_map(static fn ($x) => $x['function']['arguments'], $calls),
                        array_map(static fn ($x) => $x->arguments(), $c->message->toolCalls));
                }
                self::usage($d['usage'] ?? null, $t->usage);
                break;
            case 'embed':
                $t = new Types\Embeddings($d, $meta);
                Assert::assertCount(count($d['data'] ?? []), $t->embeddings);
                foreach ($t->embeddings as $i => $e) {
                    if (is_array($d['data'][$i]['embedding'])) {
                        Assert::assertEquals(array_map('floatval', $d['data'][$i]['embedding']), $e->vector());
                    }
                }
                self::usage($d['usage'] ?? null, $t->usage);
                break;
            case 'models':
                Assert::assertSame($col($d['data'] ?? [], 'id'), array_map(static fn ($m) => $m->id, (new Types\ModelList($d))->models));
                break;
            case 'images':
            case 'image_edit':
                $t = new Types\ImagesResponse($d, $meta);
                Assert::assertSame($col($d['data'] ?? [], 'b64_json'), array_map(static fn ($x) => $x->b64Json, $t->images));
                Assert::assertSame($col($d['data'] ?? [], 'url'), array_map(static fn ($x) => $x->url, $t->images));
                self::usage($d['usage'] ?? null, $t->usage);
                break;
            case 'transcribe':
            case 'translate':
                Assert::assertSame($d['text'] ?? null, (new Types\Transcription($d))->text);
                break;
            case 'moderate':
                Assert::assertSame($col($d['results'] ?? [], 'flagged'), array_map(static fn ($x) => $x->flagged, (new Types\Moderation($d))->results));
                break;
            case 'rerank':
                $t = new Types\RerankResponse($d);
                Assert::assertSame($col($d['results'] ?? [], 'index'), array_map(static fn ($x) => $x->index, $t->results));
                Assert::assertEquals($col($d['results'] ?? [], 'relevance_score'), array_map(static fn ($x) => $x->relevanceScore, $t->results));
                break;
            case 'file_upload':
            case 'file_retrieve':
                $t = new Types\FileObject($d);
                Assert::assertSame($d['id'] ?? null, $t->id);
                Assert::assertSame($d['bytes'] ?? null, $t->bytes);
                break;
            case 'file_list':
                Assert::assertSame($col($d['data'] ?? [], 'id'), array_map(static fn ($x) => $x->id, (new Types\FileList($d))->files));
                break;
            case 'file_delete':
            case 'response_delete':
                Assert::assertSame($d['deleted'] ?? false, (new Types\Deleted($d))->deleted);
                break;
            case 'batch_create':
            case 'batch_retrieve':
            case 'batch_cancel':
                $t = new Types\Batch($d);
                Assert::assertSame($d['id'] ?? null, $t->id);
                Assert::assertSame($d['status'] ?? null, $t->status);
                Assert::assertSame($d['input_file_id'] ?? null, $t->inputFileId);
                break;
            case 'batch_list':
                Assert::assertSame($col($d['data'] ?? [], 'status'), array_map(static fn ($x) => $x->status, (new Types\BatchList($d))->batches));
                break;
            case 'responses':
            case 'response_retrieve':
            case 'response_cancel':
                $t = new Types\ResponseObject($d, $meta);
                Assert::assertSame($d['id'] ?? null, $t->id);
                Assert::assertSame($d['status'] ?? null, $t->status);
                Assert::assertCount(count($d['output'] ?? []), $t->output);
                self::usage($d['usage'] ?? null, $t->usage);
                break;
            case 'speech':
            case 'file_content':
                $b = Binary::fromResponse(new Response($d, $meta));
                Assert::assertSame($d['content_type'] ?? null, $b->contentType);
                Assert::assertSame($d['bytes'], $b->size);
                break;
            case 'count_tokens':
                Assert::assertSame($d['input_tokens'], TokenCount::fromArray($d)->inputTokens);
                break;
            case 'cost':
                Assert::assertSame($d['usd'], Cost::fromArray($d)?->usd);
                break;
            default:
                Assert::fail("no typed response for op $op");
        }
    }

    /** @param array<string, mixed> $chunk */
    public static function chunk(array $chunk): void
    {
        $t = new Types\ChatChunk($chunk);
        Assert::assertCount(count($chunk['choices'] ?? []), $t->choices);
        foreach ($t->choices as $i => $c) {
            $delta = $chunk['choices'][$i]['delta'] ?? [];
            Assert::assertSame($delta['content'] ?? null, $c->delta->content);
            Assert::assertCount(count($delta['tool_calls'] ?? []), $c->delta->toolCalls);
        }
        self::usage($chunk['usage'] ?? null, $t->usage);
    }

    /** @param array<string, mixed>|null $u */
    private static function usage(?array $u, ?Types\Usage $t): void
    {
        if ($u === null) {
            Assert::assertNull($t);
            return;
        }
        foreach (['prompt_tokens' => 'promptTokens', 'completion_tokens' => 'completionTokens',
                  'total_tokens' => 'totalTokens', 'input_tokens' => 'inputTokens', 'output_tokens' => 'outputTokens'] as $k => $p) {
            Assert::assertSame($u[$k] ?? null, $t->$p, $k);
        }
    }
}
