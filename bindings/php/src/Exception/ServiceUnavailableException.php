<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "service_unavailable". */
class ServiceUnavailableException extends ServerErrorException
{
}
