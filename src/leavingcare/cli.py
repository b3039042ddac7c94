"""The ``leavingcare`` command."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("leavingcare: not yet wired", file=sys.stderr)
    return 2


if __name__ == "__main__":
    raise SystemExit(main())
