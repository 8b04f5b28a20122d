"""Print Surefire's reports as the plain closing line CI reads: 'N passed, N failed'."""

import glob
import re
import sys

total = failed = skipped = 0
for path in glob.glob(sys.argv[1] + "/TEST-*.xml"):
    with open(path, encoding="utf-8") as f:
        head = f.read(4096)
    m = re.search(r'tests="(\d+)" errors="(\d+)" skipped="(\d+)" failures="(\d+)"', head)
    if m:
        t, e, s, fl = map(int, m.groups())
        total, failed, skipped = total + t, failed + e + fl, skipped + s
print(f"{total - failed - skipped} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or total == 0 else 0)
