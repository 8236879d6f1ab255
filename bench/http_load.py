"""HTTP load benchmark of the hot API calls, side by side with pgbench on the same PostgreSQL.

Starts gunicorn (3 sync workers, DEBUG off, Redis cache) on a loopback port over the benchmark's
PostgreSQL database (demo network + N prepared walk-in cases, see bench/http_setup.py), then
alternates pgbench (TPC-B-like, `-c 8 -j 2 -T S`) with wrk (16 connections, 2 threads) on each call:

  open a walk-in case · a cash payment · a transition (start) · the clerk's case list ·
  public tracking · find a centre

and prints requests per second, p50/p99 latency, non-2xx responses and each call's share of the mean
pgbench rate in the same run. Then a web worker's RSS before and after 10,000 requests (one worker,
a mix of the read calls). Needs wrk and pgbench; only loopback addresses.

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench BENCH_REDIS_URL=redis://127.0.0.1:6379/8 \\
        .venv/bin/python bench/http_load.py --seconds 20
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def lua_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def lua_script(*, method: str, paths: list[str], body: str | None, token: str | None) -> str:
    """A wrk script that cycles through `paths` (each thread its own stride, so one-shot calls such
    as paying a case or starting it never hit the same case twice before the list wraps)."""
    headers = ['wrk.headers["Accept"] = "application/json"']
    if token:
        headers.append(f'wrk.headers["Authorization"] = "Token {token}"')
    if body is not None:
        headers.append('wrk.headers["Content-Type"] = "application/json"')
    listing = ",\n".join(lua_string(p) for p in paths)
    return f"""
local paths = {{
{listing}
}}
local body = {lua_string(body) if body is not None else "nil"}
local threads = 0
local counter = 0
{chr(10).join(headers)}
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function init(args)
  nthreads = tonumber(args[1] or "2")
end
function request()
  local i = (counter * nthreads + id) % #paths + 1
  counter = counter + 1
  return wrk.format("{method}", paths[i], nil, body)
end
"""


UNITS = {"us": 1e-3, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def parse_wrk(output: str) -> dict:
    def latency(label):
        match = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        return float(match.group(1)) * UNITS[match.group(2)] if match else float("nan")

    rps = re.search(r"Requests/sec:\s+([\d.]+)", output)
    total = re.search(r"(\d+) requests in", output)
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return {
        "rps": float(rps.group(1)) if rps else 0.0,
        "requests": int(total.group(1)) if total else 0,
        "p50": latency("50"),
        "p99": latency("99"),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def run_wrk(base: str, script: str, seconds: int, connections: int, threads: int = 2) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        result = subprocess.run(
            [
                "wrk",
                f"-t{threads}",
                f"-c{connections}",
                f"-d{seconds}s",
                "--latency",
                "--timeout",
                "10s",
                "-s",
                handle.name,
                base,
                "--",
                str(threads),
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
        )
    finally:
        os.unlink(handle.name)
    return parse_wrk(result.stdout)


def pg_args(url: str) -> list[str]:
    parts = urlsplit(url)
    return [
        "-h",
        parts.hostname or "127.0.0.1",
        "-p",
        str(parts.port or 5432),
        "-U",
        parts.username or "postgres",
        parts.path.lstrip("/"),
    ]


def run_pgbench(url: str, seconds: int) -> float:
    result = subprocess.run(
        ["pgbench", "-c", "8", "-j", "2", "-T", str(seconds), "-n", *pg_args(url)],
        capture_output=True,
        text=True,
        timeout=seconds + 120,
    )
    match = re.search(r"tps = ([\d.]+) \(without initial connection time\)", result.stdout) or re.search(
        r"tps = ([\d.]+)", result.stdout
    )
    if not match:
        raise SystemExit(f"pgbench failed: {result.stdout}\n{result.stderr}")
    return float(match.group(1))


def start_gunicorn(env: dict, port: int, workers: int) -> subprocess.Popen:
    process = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "sanad.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "60",
            "--no-control-socket",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(120):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise SystemExit("gunicorn did not start")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds used so far by these processes (from /proc, clock ticks)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=20, help="wrk seconds per call")
    parser.add_argument("--pgbench-seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--cases", type=int, default=2000, help="prepared walk-in cases (paid, then started)")
    parser.add_argument("--port", type=int, default=8790)
    parser.add_argument(
        "--rounds", type=int, default=1, help="alternations of every call with pgbench (medians)"
    )
    parser.add_argument("--memory-requests", type=int, default=10000)
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()

    for tool in ("wrk", "pgbench"):
        if not shutil.which(tool):
            raise SystemExit(
                f"{tool} is not installed (apt-get install -y {tool if tool == 'wrk' else 'postgresql'})"
            )
    database = os.environ.get("BENCH_DATABASE_URL")
    if not database or not database.startswith("postgres"):
        raise SystemExit("Set BENCH_DATABASE_URL to a PostgreSQL database the benchmark may fill.")
    redis = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8")
    # pgbench's own tables may live in another database of the same server (BENCH_PGBENCH_URL).
    pgbench_database = os.environ.get("BENCH_PGBENCH_URL", database)
    var_dir = tempfile.mkdtemp(prefix="sanad-bench-")
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"SANAD_ENV", "SECRET_KEY"}},
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        # this checkout's code, not whatever the virtualenv has installed (bench_settings lives here)
        "PYTHONPATH": os.pathsep.join([str(HERE), str(HERE.parent / "src")]),
        "DEBUG": "0",
        "DATABASE_URL": database,
        "REDIS_URL": redis,
        "SANAD_VAR_DIR": var_dir,
    }

    def sanad(*command):
        subprocess.run([str(BIN / "sanad"), *command], env=env, check=True, stdout=subprocess.DEVNULL)

    print("preparing: migrate, demo network, prepared cases, pgbench -i -s 10 …", file=sys.stderr, flush=True)
    sanad("migrate", "--no-input")
    setup = json.loads(
        subprocess.run(
            [sys.executable, str(HERE / "http_setup.py"), str(args.cases)],
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    subprocess.run(
        ["pgbench", "-i", "-s", "10", "-q", *pg_args(pgbench_database)], check=True, capture_output=True
    )

    references = setup["references"]
    open_body = json.dumps(
        {
            "centre": setup["centre"],
            "service": setup["service"],
            "channel": "walk_in",
            "form_data": setup["form"],
            "government_fee": setup["government_fee"],
            "citizen": setup["citizen"],
        },
        ensure_ascii=False,
    )
    calls = [
        ("open a walk-in case", "POST /api/v1/cases/", "POST", ["/api/v1/cases/"], open_body),
        (
            "cash payment",
            "POST /api/v1/cases/{ref}/payments/",
            "POST",
            [f"/api/v1/cases/{r}/payments/" for r in references],
            json.dumps({"method": "cash", "amount": setup["total"]}),
        ),
        (
            "transition (start)",
            "POST /api/v1/cases/{ref}/transitions/",
            "POST",
            [f"/api/v1/cases/{r}/transitions/" for r in references],
            json.dumps({"action": "start"}),
        ),
        ("clerk's case list", "GET /api/v1/cases/", "GET", ["/api/v1/cases/"], None),
        (
            "public tracking",
            "POST /api/v1/public/track/",
            "POST",
            ["/api/v1/public/track/"],
            json.dumps(setup["track"]),
        ),
        (
            "find a centre",
            "GET /api/v1/centres/?near=…&service=…",
            "GET",
            [f"/api/v1/centres/?near={setup['near']}&service={setup['service']}"],
            None,
        ),
    ]

    base = f"http://127.0.0.1:{args.port}"
    web = start_gunicorn(env, args.port, workers=3)
    rows, pgbench_rates = [], []
    try:
        run_wrk(
            base, lua_script(method="GET", paths=["/api/v1/cases/"], body=None, token=setup["token"]), 3, 4
        )
        offset = 0
        for round_number in range(args.rounds):
            for label, endpoint, method, paths, body in calls:
                print(f"round {round_number + 1}: pgbench, then {label} …", file=sys.stderr, flush=True)
                pgbench_rates.append(run_pgbench(pgbench_database, args.pgbench_seconds))
                token = None if label == "public tracking" or label == "find a centre" else setup["token"]
                if len(paths) > 1:  # one-shot calls: each round takes the next prepared cases
                    paths = paths[offset:] + paths[:offset]
                workers = children(web.pid)
                cpu_before = cpu_seconds(workers)
                result = run_wrk(
                    base,
                    lua_script(method=method, paths=paths, body=body, token=token),
                    args.seconds,
                    args.connections,
                )
                result["cpu_ms"] = 1000 * (cpu_seconds(workers) - cpu_before) / max(result["requests"], 1)
                result["load"] = os.getloadavg()[0]
                rows.append((label, endpoint, result, pgbench_rates[-1]))
            offset += len(references) // max(args.rounds, 1)
        pgbench_rates.append(run_pgbench(pgbench_database, args.pgbench_seconds))
    finally:
        stop(web)

    from statistics import median

    mean_pgbench = sum(pgbench_rates) / len(pgbench_rates)
    print(f"\npgbench TPC-B-like, -c 8 -j 2 -T {args.pgbench_seconds}, scale 10: ", end="")
    print(
        " · ".join(f"{r:.0f}" for r in pgbench_rates)
        + f" tps (mean {mean_pgbench:.0f}, median {median(pgbench_rates):.0f})"
    )
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}\n")
    print(
        f"wrk -t2 -c{args.connections} -d{args.seconds}s against gunicorn (3 sync workers), {args.rounds} round(s):\n"
    )
    print(
        "| call | endpoint | requests | rps | p50 ms | p99 ms | non-2xx | web CPU ms/request | load | "
        "share of pgbench (adjacent run) |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, endpoint, r, before in rows:
        print(
            f"| {label} | `{endpoint}` | {r['requests']} | {r['rps']:.1f} | {r['p50']:.1f} | {r['p99']:.1f} | "
            f"{r['non2xx']} | {r['cpu_ms']:.1f} | {r['load']:.1f} | "
            f"{100 * r['rps'] / mean_pgbench:.1f}% ({100 * r['rps'] / before:.1f}%) |"
        )
    if args.rounds > 1:
        print(
            "\nmedians over the rounds (share: median of each round's rps over its adjacent pgbench run):\n"
        )
        print("| call | rps | p50 ms | p99 ms | web CPU ms/request | share of pgbench |")
        print("| --- | ---: | ---: | ---: | ---: | ---: |")
        for label, *_rest in calls:
            mine = [(r, before) for name, _e, r, before in rows if name == label]
            print(
                f"| {label} | {median(r['rps'] for r, _b in mine):.1f} | {median(r['p50'] for r, _b in mine):.1f} | "
                f"{median(r['p99'] for r, _b in mine):.1f} | {median(r['cpu_ms'] for r, _b in mine):.1f} | "
                f"{100 * median(r['rps'] / b for r, b in mine):.1f}% |"
            )

    if args.skip_memory:
        return
    print(
        f"\nmemory: one gunicorn worker, {args.memory_requests} requests (case list, tracking, find a centre) …",
        file=sys.stderr,
        flush=True,
    )
    web = start_gunicorn(env, args.port, workers=1)
    try:
        (worker,) = children(web.pid)
        mix = [
            ("GET", "/api/v1/cases/", None, setup["token"]),
            ("POST", "/api/v1/public/track/", json.dumps(setup["track"]), None),
            ("GET", f"/api/v1/centres/?near={setup['near']}&service={setup['service']}", None, None),
        ]
        before = rss_mib(worker)
        served, samples = 0, []
        started = time.monotonic()
        while served < args.memory_requests and time.monotonic() - started < 300:
            for method, path, body, token in mix:
                result = run_wrk(base, lua_script(method=method, paths=[path], body=body, token=token), 5, 4)
                served += result["requests"]
            samples.append((served, rss_mib(worker)))
        print(f"\nweb worker RSS: {before:.0f} MiB after start-up (load {os.getloadavg()[0]:.1f} at the end)")
        for count, rss in samples:
            print(f"  {rss:.0f} MiB after {count} requests")
    finally:
        stop(web)


if __name__ == "__main__":
    main()
