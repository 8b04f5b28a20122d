<?php
declare(strict_types=1);

namespace LiterLlm\Tests;

use LiterLlm\Client;
use PHPUnit\Framework\TestCase;

final class ToolRoundTripTest extends TestCase
{
    use MockServer;

    public function testToolRoundTripSendsTheExpectedBodies(): void
    {
        [$cfg, $run] = self::config('tool_round_trip');
        $client = new Client($cfg);
        $request = [
            'model' => 'gpt-4o-mini',
            'messages' => [['role' => 'system', 'content' => 'Be brief.'], ['role' => 'user', 'content' => 'Weather in Paris?']],
            'tools' => [['type' => 'function', 'function' => ['name' => 'get_weather', 'description' => 'Weather of a city',
                'parameters' => ['type' => 'object', 'properties' => ['city' => ['type' => 'string']], 'required' => ['city']]]]],
            'tool_choice' => 'auto',
        ];
        $first = $client->chat($request);
        $call = $first->toolCalls()[0];
        $this->assertSame('get_weather', $call['function']['name']);
        $request['messages'][] = $first->message();
        $request['messages'][] = ['role' => 'tool', 'tool_call_id' => $call['id'], 'content' => '18C'];
        $this->assertSame('It is 18C in Paris.', $client->chat($request)->content());
        $want = json_decode((string)file_get_contents(dirname(__DIR__, 3) . '/tests/expected/tool_round_trip.json'), true);
        $log = self::log('tool_round_trip', $run);
        $this->assertEquals($want['first'], $log[0]['body']);
        $this->assertEquals($want['second'], $log[1]['body']);
    }
}
