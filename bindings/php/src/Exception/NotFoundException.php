<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "not_found". */
class NotFoundException extends LiterLlmException
{
}
