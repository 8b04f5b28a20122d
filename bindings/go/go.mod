module github.com/liter-llm/liter_llm/bindings/go

go 1.22
