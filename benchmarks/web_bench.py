"""Web benchmark: N concurrent clients (httpx, async) against `salespulse serve` on a
loopback port over the demo workspace, page by page: requests per second and p50/p95/p99
latency once warm, and cold — the first request of each page after the server starts.

    python benchmarks/web_bench.py [--scale 10] [--clients 20] [--requests 200]
        [--seed 7] [--as-of 2025-06-15] [--cold-caches] [--pages PATH ...] [--json]

The demo workspace is generated once per (scale, seed, as-of) under benchmarks/results/
(as kpi_bench.py does) and reused. `--cold-caches` also removes the workspace's `.cache/`
(compiled SQL and query results) before the server starts, so the cold figures include
building every query; without it, cold is a fresh server over a workspace whose disk
caches earlier runs filled (as after a restart). Targets (issue 11): p95 under 150 ms for
the team and rep pages with 20 concurrent clients once warm, under 1 s cold; zero errors.
A static file (`/static/style.css`) is measured first: the floor of the server and the
machine, with no page at all. The figures are written to
benchmarks/results/web_bench-scale{N}.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from kpi_bench import RESULTS, workspace_for  # noqa: E402

PAGES = [
    "/static/style.css",  # the floor: a static file, no page at all
    "/",
    "/reps/R0004",
    "/api/",
    "/api/reps/R0004",
    "/leaderboard",
    "/products",
    "/bridge",
    "/pipeline",
    "/prospecting",
    "/coaching",
    "/wins",
    "/kpis/win_rate?by=team&period=month",
    "/data",
]
TARGETED = ("/", "/reps/R0004")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def start(ws: Path, port: int) -> subprocess.Popen[bytes]:
    env = dict(os.environ, PYTHONPATH=str(HERE.parent / "src"))
    cmd = [sys.executable, "-m", "salespulse", "-w", str(ws), "serve", "--port", str(port)]
    cmd.append("--no-login")  # loopback only: every request acts as the local admin
    server = subprocess.Popen(cmd, env=env, stderr=subprocess.DEVNULL)
    import httpx

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            httpx.get(f"http://127.0.0.1:{port}/static/style.css", timeout=1)
            return server
        except httpx.HTTPError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("the server did not start")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


async def load(base: str, path: str, clients: int, requests: int) -> dict[str, Any]:
    """`requests` GETs of `path` from `clients` concurrent clients: rps and latency."""
    import httpx

    latencies: list[float] = []
    errors = 0
    todo = iter(range(requests))

    async def client(http: httpx.AsyncClient) -> None:
        nonlocal errors
        for _ in todo:
            started = time.perf_counter()
            response = await http.get(path)
            latencies.append(time.perf_counter() - started)
            errors += response.status_code != 200

    # Each client made and its connection opened before the clock starts: an httpx client
    # costs ~20 ms of this process's CPU to make (its TLS context), which the server never
    # sees; timed, 20 of them put a quarter of a second into the first requests' latency.
    https = [httpx.AsyncClient(base_url=base, timeout=60) for _ in range(clients)]
    try:
        await asyncio.gather(*(http.get(path) for http in https))
        started = time.perf_counter()
        await asyncio.gather(*(client(http) for http in https))
        took = time.perf_counter() - started
    finally:
        await asyncio.gather(*(http.aclose() for http in https))
    return {
        "requests": requests,
        "errors": errors,
        "rps": round(requests / took, 1),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p95_ms": round(percentile(latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 1),
    }


def run(ws: Path, clients: int, requests: int) -> dict[str, Any]:
    import httpx

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(ws, port)
    try:
        cold = {}
        for path in PAGES:  # the first request of each page after the start
            started = time.perf_counter()
            response = httpx.get(base + path, timeout=300)
            cold[path] = {
                "ms": round((time.perf_counter() - started) * 1000, 1),
                "status": response.status_code,
            }
            if response.status_code != 200:  # a bench of error pages says nothing
                raise SystemExit(f"{path} answered {response.status_code}: {response.text[:300]}")
        warm = {path: asyncio.run(load(base, path, clients, requests)) for path in PAGES}
    finally:
        server.terminate()
        server.wait(30)
    return {"cold": cold, "warm": warm}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=200, help="per page, once warm")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--as-of", default="2025-06-15")
    parser.add_argument("--cold-caches", action="store_true", help="remove .cache/ first")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--pages", nargs="*", help="only these paths (default: every page)")
    args = parser.parse_args()
    ws = workspace_for(args.scale, args.seed, args.as_of)
    if args.cold_caches:
        shutil.rmtree(ws / ".cache", ignore_errors=True)
    if args.pages:
        PAGES[:] = args.pages
    found = run(ws, args.clients, args.requests)
    found.update(
        scale=args.scale,
        clients=args.clients,
        cold_caches=args.cold_caches,
        targets_met=all(
            found["warm"][p]["p95_ms"] < 150
            and found["cold"][p]["ms"] < 1000
            and found["warm"][p]["errors"] == 0
            for p in TARGETED
            if p in found["warm"]
        ),
    )
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"web_bench-scale{args.scale}.json").write_text(json.dumps(found, indent=2))
    if args.json:
        print(json.dumps(found, indent=2))
        return
    print(f"scale {args.scale}, {args.clients} clients, {args.requests} requests a page")
    print(f"{'page':40} {'cold ms':>9} {'rps':>7} {'p50':>7} {'p95':>7} {'p99':>7} {'err':>4}")
    for path in PAGES:
        c, w = found["cold"][path], found["warm"][path]
        print(
            f"{path:40} {c['ms']:>9.0f} {w['rps']:>7.1f} {w['p50_ms']:>7.1f} "
            f"{w['p95_ms']:>7.1f} {w['p99_ms']:>7.1f} {w['errors']:>4}"
        )
    print("targets met" if found["targets_met"] else "targets NOT met (team and rep pages)")


if __name__ == "__main__":
    main()
