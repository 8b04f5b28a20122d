<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "stream_incomplete". */
class StreamIncompleteException extends LiterLlmException
{
}
