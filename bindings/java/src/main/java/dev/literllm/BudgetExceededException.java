package dev.literllm;

import com.fasterxml.jackson.databind.JsonNode;

/** Label "budget_exceeded". */
public class BudgetExceededException extends LiterLlmException {
    private static final long serialVersionUID = 1L;

    /** Build from an envelope's "error" object. */
    public BudgetExceededException(JsonNode e) { super(e); }
}
