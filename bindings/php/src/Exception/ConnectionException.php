<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "connection". */
class ConnectionException extends LiterLlmException
{
}
