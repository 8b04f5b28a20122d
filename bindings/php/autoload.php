<?php
// PSR-4 autoloader for use without Composer (the tests and examples use it; Composer users
// get the same mapping from composer.json).
declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'LiterLlm\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $rest = substr($class, strlen($prefix));
    // LiterLlm\Tests\ is the test suite's own (composer.json's autoload-dev)
    $file = strncmp($rest, 'Tests\\', 6) === 0
        ? __DIR__ . '/tests/' . str_replace('\\', '/', substr($rest, 6)) . '.php'
        : __DIR__ . '/src/' . str_replace('\\', '/', $rest) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
