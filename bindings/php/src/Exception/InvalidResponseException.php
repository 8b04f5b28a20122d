<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "invalid_response". */
class InvalidResponseException extends LiterLlmException
{
}
