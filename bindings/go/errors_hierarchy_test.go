package literllm_test

import (
	"errors"
	"os"
	"regexp"
	"testing"

	literllm "github.com/liter-llm/liter_llm/bindings/go"
)

// The header's table of label parents is the one every binding implements.
func TestErrorHierarchyIsTheHeaders(t *testing.T) {
	h, err := os.ReadFile("liter_llm.h")
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, m := range regexp.MustCompile(`(?m)^ \*   (\w+) -> (\w+)$`).FindAllStringSubmatch(string(h), -1) {
		want[m[1]] = m[2]
	}
	if len(want) == 0 || len(want) != len(literllm.Parents) {
		t.Fatalf("header parents %v, binding %v", want, literllm.Parents)
	}
	for label := range literllm.Labels {
		err := &literllm.Error{Label: label, Message: "x"}
		for other, sentinel := range literllm.Labels {
			is := errors.Is(err, sentinel)
			if should := other == label || want[label] == other; is != should {
				t.Errorf("errors.Is(%s, Err[%s]) = %v", label, other, is)
			}
		}
	}
}
