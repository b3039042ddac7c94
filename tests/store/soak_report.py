"""The counts of a soak run (``make soak``): sums the lines the test modules added to
``.soak/counts.jsonl`` and prints them; exits 1 when any event was lost, or nothing was counted.

    python tests/store/soak_report.py [.soak/counts.jsonl]
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

SHOWN = (
    "histories generated",
    "bad inputs tried",
    "messages scanned",
    "kills survived",
    "kills between people",
    "appends made",
    "concurrency retries",
    "events lost",
)


def main(argv: list[str]) -> int:
    path = Path(argv[0] if argv else ".soak/counts.jsonl")
    if not path.is_file():
        print(f"{path}: no counts (run the tests with LEAVINGCARE_SOAK=1)", file=sys.stderr)
        return 1
    totals: Counter[str] = Counter()
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            totals.update({k: v for k, v in json.loads(line).items() if k != "module"})
    width = max(len(name) for name in (*SHOWN, *totals))
    for name in [*SHOWN, *sorted(set(totals) - set(SHOWN))]:
        print(f"{name:<{width}}  {totals.get(name, 0):>9}")
    if totals["events lost"]:
        print("events were lost", file=sys.stderr)
        return 1
    return 0 if totals else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
