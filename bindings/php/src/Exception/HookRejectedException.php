<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "hook_rejected": an on_request hook refused the call (nothing was sent). PHP code
 *  cannot be such a hook (the library runs hooks on its own threads); a call from PHP can
 *  still meet one set by the host process. */
class HookRejectedException extends LiterLlmException
{
}
