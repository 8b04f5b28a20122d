<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "content_policy". */
class ContentPolicyException extends InvalidRequestException
{
}
