<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "timeout". */
class TimeoutException extends LiterLlmException
{
}
