<?php
// Sequential calls/s and p50/p99 through the PHP binding against the mock's fixed completion,
// next to PHP streams (file_get_contents) hitting the same mock directly, plus the cost of the
// first call in a fresh process (runtime start). Prints a table; asserts nothing.
//   LITER_LLM_MOCK_URL=... php -d ffi.enable=1 bench/php_calls.php [N]
declare(strict_types=1);
require __DIR__ . '/../bindings/php/autoload.php';

$n = (int)($argv[1] ?? 3000);
$url = getenv('LITER_LLM_MOCK_URL') . '/bench/v1';
$req = ['model' => 'mock-model', 'messages' => [['role' => 'user', 'content' => 'hi']]];

$t0 = hrtime(true);
$client = new LiterLlm\Client(['base_url' => $url, 'api_key' => 'k']);
$client->chat($req);
$first = (hrtime(true) - $t0) / 1e6;

$ctx = stream_context_create(['http' => ['method' => 'POST', 'header' => "Content-Type: application/json\r\n",
                                         'content' => json_encode($req)]]);
$rows = [
    'PHP binding (LiterLlm\\Client)' => fn() => $client->chat($req),
    'PHP streams direct' => fn() => json_decode(file_get_contents("$url/chat/completions", false, $ctx), true),
];
echo "| client | calls/s | p50 ms | p99 ms |\n|---|---|---|---|\n";
foreach ($rows as $name => $f) {
    for ($i = 0; $i < 300; $i++) { $f(); }
    $lat = [];
    $start = hrtime(true);
    for ($i = 0; $i < $n; $i++) {
        $s = hrtime(true);
        $f();
        $lat[] = (hrtime(true) - $s) / 1e6;
    }
    $total = (hrtime(true) - $start) / 1e9;
    sort($lat);
    printf("| %s | %.0f | %.3f | %.3f |\n", $name, $n / $total, $lat[intdiv($n, 2)], $lat[intdiv($n * 99, 100)]);
}
printf("\nfirst call in a fresh process (runtime start included): %.0f ms\n", $first);
