"""The processes tests/store/test_faults.py starts, kills and races.

python tests/store/faults_worker.py import URL FILE
    Bulk-import the multi-person JSONL FILE into the store at URL with
    ``leavingcare.store.bulk.import_people``, in groups of ``GROUP_PEOPLE`` people a transaction
    (small, so that kills land between groups as well as in them); prints ``ready`` once the store
    is open, then the summary as one JSON line (with the seconds the import took).
python tests/store/faults_worker.py append URL WRITER COUNT PEOPLE
    Append COUNT events, each with its own id, to people ``shared-0`` .. ``shared-(PEOPLE-1)``
    in turn; prints ``ready`` and waits for a line on standard input before the first append, so
    that every writer starts together; retries on ``ConcurrencyError``; prints a JSON line with
    the ids appended and the number of retries.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
import time

import leavingcare as lc
from leavingcare import events as ev
from leavingcare.store import bulk
from leavingcare.store.bulk import import_people

BORN = dt.date(2004, 3, 15)
GROUP_PEOPLE = 6
MAX_ATTEMPTS = 10_000


def run_import(url: str, path: str) -> int:
    bulk.GROUP_PEOPLE = GROUP_PEOPLE
    with lc.open_store(url) as store:
        print("ready", flush=True)
        started = time.monotonic()
        summary = import_people(store, lc.read_people(path), recorded_by="bulk-import")
        seconds = time.monotonic() - started
    failures = [str(f.error) for f in summary.failures]
    report = {"people": summary.people, "added": summary.added, "already": summary.already, "failures": failures}
    report["seconds"] = seconds
    print(json.dumps(report), flush=True)
    return 0 if summary.ok else 1


def shared_person(n: int) -> str:
    return f"shared-{n}"


def event_id(writer: int, n: int) -> str:
    return f"w{writer}-a{n}"


def run_append(url: str, writer: int, count: int, people: int) -> int:
    retries = 0
    appended: list[str] = []
    print("loaded", flush=True)
    sys.stdin.readline()
    with lc.open_store(url) as store:
        print("ready", flush=True)
        sys.stdin.readline()
        for n in range(count):
            person = shared_person((writer + n) % people)
            ident = event_id(writer, n)
            event = ev.NeedsAssessed(on=BORN + dt.timedelta(days=1 + (writer * count + n) % 9000))
            for _ in range(MAX_ATTEMPTS):
                version = store.version(person)
                try:
                    store.record(
                        person, [ev.Envelope(ident, event)], recorded_by=f"writer-{writer}", expected_version=version
                    )
                    break
                except lc.ConcurrencyError:
                    retries += 1
                    if ident in {e.id for e in store.history(person)}:
                        break  # recorded after all: the error came after the commit
            else:
                raise SystemExit(f"writer {writer}: event {ident} never recorded")
            appended.append(ident)
    print(json.dumps({"writer": writer, "appended": appended, "retries": retries}), flush=True)
    return 0


def main(argv: list[str]) -> int:
    command, *rest = argv
    if command == "import":
        url, path = rest
        return run_import(url, path)
    if command == "open":
        (url,) = rest
        lc.open_store(url).close()
        return 0
    if command == "append":
        url, writer, count, people = rest
        return run_append(url, int(writer), int(count), int(people))
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
