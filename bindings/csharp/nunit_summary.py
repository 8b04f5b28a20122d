"""Print NUnit 2's result file as the plain closing line CI reads: 'N passed, N failed'."""

import sys
import xml.etree.ElementTree as ET

r = ET.parse(sys.argv[1]).getroot()
total = int(r.get("total", 0))
failed = int(r.get("failures", 0)) + int(r.get("errors", 0))
skipped = int(r.get("not-run", 0)) + int(r.get("skipped", 0)) + int(r.get("ignored", 0))
print(f"{total - failed - skipped} passed, {failed} failed, {skipped} skipped")
sys.exit(1 if failed or total == 0 else 0)
