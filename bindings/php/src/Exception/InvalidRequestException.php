<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "invalid_request". */
class InvalidRequestException extends LiterLlmException
{
}
