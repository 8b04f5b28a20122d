<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "context_window_exceeded". */
class ContextWindowExceededException extends InvalidRequestException
{
}
