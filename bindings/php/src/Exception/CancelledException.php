<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "cancelled". */
class CancelledException extends LiterLlmException
{
}
