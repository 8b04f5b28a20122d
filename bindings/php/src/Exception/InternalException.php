<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "internal". */
class InternalException extends LiterLlmException
{
}
