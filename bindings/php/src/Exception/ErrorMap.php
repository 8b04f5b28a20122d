<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** The one label-to-exception table. */
final class ErrorMap
{
    public const CLASSES = [
        'invalid_request' => InvalidRequestException::class,
        'authentication' => AuthenticationException::class,
        'permission_denied' => PermissionDeniedException::class,
        'not_found' => NotFoundException::class,
        'context_window_exceeded' => ContextWindowExceededException::class,
        'content_policy' => ContentPolicyException::class,
        'rate_limited' => RateLimitedException::class,
        'budget_exceeded' => BudgetExceededException::class,
        'timeout' => TimeoutException::class,
        'connection' => ConnectionException::class,
        'server_error' => ServerErrorException::class,
        'service_unavailable' => ServiceUnavailableException::class,
        'stream_incomplete' => StreamIncompleteException::class,
        'invalid_response' => InvalidResponseException::class,
        'unsupported' => UnsupportedException::class,
        'cancelled' => CancelledException::class,
        'invalid_argument' => InvalidArgumentException::class,
        'init_failed' => InitFailedException::class,
        'internal' => InternalException::class,
        'hook_rejected' => HookRejectedException::class,
    ];

    /** @param array<string, mixed> $error */
    public static function toException(array $error): LiterLlmException
    {
        $class = self::CLASSES[$error['label'] ?? 'internal'] ?? InternalException::class;
        return new $class($error);
    }
}
