<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "unsupported". */
class UnsupportedException extends LiterLlmException
{
}
