"""Read a valgrind log: fail on any invalid read/write, or a definite leak whose stack
passes through liter_llm's own code (the C wrappers or the cffi glue)."""

import re
import sys

with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
    text = f.read()
blocks = re.split(r"\n==\d+== \n", text)
bad = [b for b in blocks if re.search(r"Invalid (read|write)|Mismatched free|Invalid free", b)]
ours = re.compile(r"literllm_|ll__|_liter_llm_cffi|test_abi")
leaks = [b for b in blocks if "definitely lost in loss record" in b and ours.search(b)]
for b in bad + leaks:
    print(b[:3000])
summary = re.search(r"ERROR SUMMARY: .*", text)
print(
    f"valgrind: {len(bad)} invalid accesses, {len(leaks)} definite leaks through liter_llm; "
    f"{summary.group(0) if summary else 'no summary'}"
)
sys.exit(1 if bad or leaks else 0)
