<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "rate_limited". */
class RateLimitedException extends LiterLlmException
{
}
