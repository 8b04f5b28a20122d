<?php
// A chat, a streamed answer and a typed error through the PHP binding: against the mock
// provider (LITER_LLM_MOCK_URL), or with OPENAI_API_KEY set, the real provider.
//   php -d ffi.enable=1 examples/demo.php
declare(strict_types=1);

require __DIR__ . '/../autoload.php';

use LiterLlm\Client;
use LiterLlm\Exception\LiterLlmException;

$mock = getenv('OPENAI_API_KEY') ? false : getenv('LITER_LLM_MOCK_URL');
$client = static fn(string $scene): Client => new Client($mock
    ? ['base_url' => "$mock/s/demo_$scene/php" . bin2hex(random_bytes(4)) . '/v1'] : []);
$request = ['model' => 'openai/gpt-4o-mini',
            'messages' => [['role' => 'user', 'content' => 'What is the capital of France?']]];

$r = $client('chat')->chat($request);
echo "1. chat\n   < {$r->content()}\n   usage: {$r->usage->totalTokens} tokens\n";

echo "\n2. stream\n   < ";
$gen = $client('stream')->chatStream($request);
foreach ($gen as $chunk) {
    echo $chunk->content();
}
echo "\n   finish_reason: {$gen->getReturn()->finishReason()}\n";

try {
    $client('error')->chat($request + ['temperature' => 9], ['max_retries' => 0]);
} catch (LiterLlmException $e) {
    printf("\n3. typed error\n   %s label=%s status=%s\n   %s\n", get_class($e), $e->getLabel(),
        $e->getStatus() ?? '-', $e->getMessage());
}
