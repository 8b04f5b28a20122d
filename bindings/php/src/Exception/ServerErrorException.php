<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "server_error". */
class ServerErrorException extends LiterLlmException
{
}
