<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "invalid_argument". */
class InvalidArgumentException extends LiterLlmException
{
}
