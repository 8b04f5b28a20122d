<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "authentication". */
class AuthenticationException extends LiterLlmException
{
}
