"""``POST /v1/assess`` of a 30-event history over loopback, served by ``leavingcare serve`` with one and
with two worker processes, beside in-process ``assess`` of the same history and eventsourcing's
``Aggregate`` replay of the same events, in the same run.

    python benchmarks/bench_serve.py                        # 2,000 requests a run, 4 connections
    python benchmarks/bench_serve.py --requests 5000 --connections 2 --workers 1 2

What is timed:

- *in process*: ``lc.assess`` of the history already parsed; and ``History.from_jsonl`` + ``lc.assess``
  + the JSON document, which is what the server's handler does for a request; call by call;
- *eventsourcing*: the history's JSONL objects as events of the minimal ``Aggregate`` of
  ``bench_inprocess.py``, reconstructed with ``repository.get``, call by call;
- *over HTTP*: ``leavingcare serve --workers N`` started as a subprocess on a free loopback port over an
  empty SQLite store, with a reader's token made by ``leavingcare token add``; once ``/healthz``
  answers, ``--connections`` client threads, each with one keep-alive ``http.client`` connection, send
  ``--warmup`` requests each and then ``--requests`` in all, as fast as the answers come. Requests per
  second is the timed requests over the wall time from the first to the last; latency is each request's,
  from sending to the last byte of the answer read. Every answer is checked to be a 200 and to equal the
  in-process document (without its receipt, as a reader's token is used).

The client and the server share the machine's cores: the client threads' CPU time (the Python HTTP
client, under one GIL) is printed beside the server's (the worker processes' user and system time, read
from ``/proc``), both per request. The history is the 30-event one of ``bench_inprocess.py``'s latency
figures (the first of about 30 events after person 1,000,000 of the population, seed 1).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

from common import ASSESS_ON, LATENCY_PEOPLE, Dossiers, find_history, percentile, print_machine, table

import leavingcare as lc
from leavingcare.report import jsonout

HOST = "127.0.0.1"
PATH = f"/v1/assess?on={ASSESS_ON.isoformat()}"
TICK = os.sysconf("SC_CLK_TCK")


def _leavingcare() -> str:
    beside = Path(sys.executable).parent / "leavingcare"
    found = str(beside) if beside.exists() else shutil.which("leavingcare")
    if found is None:
        raise SystemExit("the leavingcare command is not installed (pip install -e .)")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def _process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's supervisor and its worker processes)."""
    found = [pid]
    for each in found:
        try:
            for task in Path(f"/proc/{each}/task").iterdir():
                found += [int(child) for child in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds of the server's processes so far (Linux ``/proc``)."""
    total = 0
    for each in _process_tree(pid):
        try:
            fields = Path(f"/proc/{each}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
    return total / TICK


def _wait_healthy(port: int, server: subprocess.Popen[bytes], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"leavingcare serve exited with {server.returncode} before answering")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/healthz")
            if connection.getresponse().status == 200:
                connection.close()
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit(f"leavingcare serve did not answer /healthz within {timeout:.0f} s")


def _drive(
    port: int, token: str, body: bytes, expected: str, *, connections: int, warmup: int, requests: int
) -> tuple[float, list[float], float]:
    """Wall seconds of the timed requests, each request's latency, and the client's CPU seconds."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/x-ndjson"}
    shares = [requests // connections + (1 if i < requests % connections else 0) for i in range(connections)]
    latencies: list[list[float]] = [[] for _ in range(connections)]
    ready = threading.Barrier(connections + 1)
    done = threading.Barrier(connections + 1)
    failures: list[str] = []

    def one(connection: http.client.HTTPConnection) -> float:
        started = time.perf_counter()
        connection.request("POST", PATH, body=body, headers=headers)
        answer = connection.getresponse()
        text = answer.read()
        took = time.perf_counter() - started
        if answer.status != 200 or text.decode("utf-8") != expected:
            failures.append(f"{answer.status}: {text[:200]!r}")
        return took

    def client(index: int) -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=60)
        for _ in range(warmup):
            one(connection)
        ready.wait()
        latencies[index] = [one(connection) for _ in range(shares[index])]
        done.wait()
        connection.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(connections)]
    for thread in threads:
        thread.start()
    ready.wait()
    cpu, wall = time.process_time(), time.perf_counter()
    done.wait()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    for thread in threads:
        thread.join()
    if failures:
        raise SystemExit(f"{len(failures)} answers were not the in-process document, e.g. {failures[0]}")
    return wall, [x for each in latencies for x in each], cpu


def _serve(workers: int, folder: Path, token: str, body: bytes, expected: str, args: argparse.Namespace) -> list[str]:
    port = _free_port()
    command = [_leavingcare(), "--store", f"sqlite:///{folder / 'served.sqlite'}", "serve"]
    command += ["--port", str(port), "--workers", str(workers), "--tokens", str(folder / "tokens.jsonl")]
    server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        _wait_healthy(port, server)
        before = _cpu_seconds(server.pid)
        wall, latencies, client_cpu = _drive(
            port, token, body, expected, connections=args.connections, warmup=args.warmup, requests=args.requests
        )
        server_cpu = _cpu_seconds(server.pid) - before
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    what = f"POST /v1/assess, {workers} worker{'s' if workers > 1 else ''}, {args.connections} connections"
    return _row(what, args.requests, wall, latencies, server_cpu, client_cpu)


def _row(
    what: str, count: int, wall: float, latencies: list[float], server_cpu: float | None, client_cpu: float
) -> list[str]:
    def ms(seconds: float) -> str:
        return f"{seconds * 1000:.2f}"

    return [
        what,
        f"{count / wall:,.0f}",
        ms(percentile(latencies, 50)),
        ms(percentile(latencies, 99)),
        "" if server_cpu is None else ms(server_cpu / count),
        ms(client_cpu / count),
    ]


def _in_process(what: str, fn: Callable[[], object], repeat: int) -> list[str]:
    for _ in range(min(repeat, 100)):
        fn()
    latencies = []
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        latencies.append(time.perf_counter() - started)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return _row(what, repeat, wall, latencies, None, cpu)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--requests", type=int, default=2000, help="timed requests a run (default 2000)")
    parser.add_argument("--warmup", type=int, default=50, help="untimed requests a connection first (default 50)")
    parser.add_argument("--connections", type=int, default=4, help="client threads, one connection each (default 4)")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to run (default 1 2)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    if not 1 <= args.connections <= 8 or not all(1 <= n <= 2 for n in args.workers):
        parser.error("at most 8 connections and 2 workers: the benchmark shares the machine")

    print_machine("leavingcare serve: POST /v1/assess over loopback")
    lines, size = find_history(30, args.seed, start=LATENCY_PEOPLE)
    body = "".join(line + "\n" for line in lines).encode("utf-8")
    history = lc.History.from_jsonl(lines)
    # a reader's answer: the document without its receipt
    expected = jsonout.dumps({**jsonout.assessment(lc.assess(history, on=ASSESS_ON)), "receipt": None})
    print(f"history: {size} events, {len(body):,} bytes of JSONL; assessed on {ASSESS_ON}")
    print(f"client: {args.connections} threads with a keep-alive connection each, {args.warmup} warm-up requests each")
    print(f"cores: client and server share the {os.cpu_count()} of this machine\n")

    rows = [
        _in_process("in process: lc.assess (history parsed)", lambda: lc.assess(history, on=ASSESS_ON), args.requests),
        _in_process(
            "in process: History.from_jsonl + lc.assess + JSON",
            lambda: jsonout.dumps(jsonout.assessment(lc.assess(lc.History.from_jsonl(lines), on=ASSESS_ON))),
            args.requests,
        ),
    ]
    events = [{k: v for k, v in json.loads(line).items() if k != "person"} for line in lines]
    replay = Dossiers()
    ident = replay.open("p", events)
    rows.append(
        _in_process("eventsourcing Aggregate replay (repository.get)", lambda: replay.repository.get(ident), 2000)
    )

    with tempfile.TemporaryDirectory(prefix="leavingcare-bench-") as name:
        folder = Path(name)
        lc.open_store(f"sqlite:///{folder / 'served.sqlite'}").close()
        made = subprocess.run(
            [_leavingcare(), "token", "add", "bench", "--role", "reader", "--tokens", str(folder / "tokens.jsonl")],
            capture_output=True,
            text=True,
            check=True,
        )
        token = made.stdout.strip()
        for workers in args.workers:
            rows.append(_serve(workers, folder, token, body, expected, args))

    headers = ["what", "calls/s", "p50 ms", "p99 ms", "server CPU ms a call", "client CPU ms a call"]
    print(table(headers, rows))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
