<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "permission_denied". */
class PermissionDeniedException extends LiterLlmException
{
}
