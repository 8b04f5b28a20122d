<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "init_failed". */
class InitFailedException extends LiterLlmException
{
}
