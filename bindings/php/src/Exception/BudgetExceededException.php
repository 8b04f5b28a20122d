<?php
declare(strict_types=1);

namespace LiterLlm\Exception;

/** Label "budget_exceeded". */
class BudgetExceededException extends LiterLlmException
{
}
