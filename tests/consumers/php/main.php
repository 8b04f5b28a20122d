<?php
// A Composer project that requires the binding (a path repository, copied into vendor/).
declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';

use LiterLlm\Client;

$mock = getenv('LITER_LLM_MOCK_URL');
$v = Client::version();
if ($v['venv'] !== getenv('EXPECT_VENV')) {
    fwrite(STDERR, 'started in another venv: ' . json_encode($v) . "\n");
    exit(1);
}
$msgs = [['role' => 'user', 'content' => 'hi']];
$r = (new Client(['base_url' => "$mock/s/demo_chat/php-consumer/v1", 'api_key' => 'k']))
    ->chat(['model' => 'gpt-4o-mini', 'messages' => $msgs]);
if (!str_contains((string)$r->content(), 'Paris')) {
    fwrite(STDERR, "chat: " . json_encode($r->data) . "\n");
    exit(1);
}
$n = 0;
$gen = (new Client(['base_url' => "$mock/s/demo_stream/php-consumer/v1", 'api_key' => 'k']))
    ->stream(['model' => 'gpt-4o-mini', 'messages' => $msgs]);
foreach ($gen as $_) {
    $n++;
}
if ($n < 2) {
    exit(1);
}
echo "PHP consumer: chat and a $n-chunk stream\n";
