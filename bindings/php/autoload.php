<?php
// PSR-4 autoloader for use without Composer (the tests and examples use it; Composer users
// get the same mapping from composer.json).
declare(strict_types=1);

spl_autoload_register(static function (string $class): void {
    $prefix = 'LiterLlm\\';
    if (strncmp($class, $prefix, strlen($prefix)) !== 0) {
        return;
    }
    $file = __DIR__ . '/src/' . str_replace('\\', '/', substr($class, strlen($prefix))) . '.php';
    if (is_file($file)) {
        require $file;
    }
});
