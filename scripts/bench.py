"""The benchmark behind scripts/bench (run that: it installs and builds what this needs).

Every wall time is a median measured by hyperfine, every peak RSS is read by /usr/bin/time;
nothing here times anything itself. Peers run the same workload in the same run, so ratios
compare like with like on a noisy shared machine.
"""
import argparse
import json
import os
import shlex
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASYNCDEMO = os.path.join(ROOT, "build", "release", "app", "asyncdemo")
PEERS = os.path.join(ROOT, "scripts", "peers")
OUT_DIR = os.path.join(ROOT, "build", "bench")

TARGETS = {
    "wall_1m": 1.10,  # s, 1,000,000 tasks x 1 s, async, --quiet
    "rss_1m_mib": 160,  # MiB
    "bytes_per_task": 160,
    "wall_100k": 1.02,
    "late_p99_100k_ms": 5,
    "traced_events_per_s": 4_000_000,
    "virtual_1m": 1.0,
    "sync_1000x1ms": 1.15,
    "startup_ms": 10,
    "page_100k_open_ms": 2000,  # the interactive page of 100,000 events, in headless Chromium
}


def programs(n):
    """The same workload three ways: n tasks each sleeping 1 s, run concurrently."""
    return {
        "asyncdemo": [ASYNCDEMO, "--async", "--quiet", "--format", "jsonl", f"w*{n}=sleep:1s"],
        "python": ["python3", os.path.join(PEERS, "asyncio_sleepers.py"), str(n)],
        "node": ["node", "--max-old-space-size=8192", os.path.join(PEERS, "node_sleepers.js"),
                 str(n)],
    }


def median_wall(command, runs):
    """Median wall time in seconds of `command` (a list), by hyperfine."""
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        subprocess.run(["hyperfine", "--shell=none", "--style", "none", "--runs", str(runs),
                        "--export-json", export.name, shlex.join(command)],
                       check=True, stdout=subprocess.DEVNULL)
        with open(export.name) as f:
            return json.load(f)["results"][0]["median"]


def peak_rss_and_output(command):
    """Peak RSS in bytes (by /usr/bin/time) and standard output of one run."""
    with tempfile.NamedTemporaryFile(mode="r") as report:
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *command],
                              check=True, stdout=subprocess.PIPE, text=True)
        return int(report.read().strip().splitlines()[-1]) * 1024, done.stdout


def late_p99(name, output):
    """The p99 wake lateness in seconds that a program reported about itself."""
    if name == "asyncdemo":
        run_end = json.loads(output.strip().splitlines()[-1])
        return run_end["late_p99"]
    return json.loads(output.strip().splitlines()[-1])["late_p99"]


def measure_scale(sizes, log):
    rows = []
    baseline = {}
    for name, command in programs(1).items():
        baseline[name], _ = peak_rss_and_output(command)
    for n in sizes:
        runs = 3 if n >= 1_000_000 else 5
        row = {"n": n}
        for name, command in programs(n).items():
            log(f"  N={n:>9,} {name}: {runs} runs")
            rss, output = peak_rss_and_output(command)
            row[name] = {
                "wall_s": median_wall(command, runs),
                "peak_rss_bytes": rss,
                "bytes_per_task": (rss - baseline[name]) / n,
                "late_p99_s": late_p99(name, output),
            }
        rows.append(row)
    return rows, baseline


def measure_extras(largest, log):
    extras = {}
    os.makedirs(OUT_DIR, exist_ok=True)
    trace = os.path.join(OUT_DIR, "trace.jsonl")
    traced = [ASYNCDEMO, "--async", "--clock", "virtual", "--format", "jsonl", "-o", trace,
              f"w*{largest}=sleep:1s"]
    log(f"  traced run: {largest:,} tasks, JSON lines to a file")
    wall = median_wall(traced, 3)
    with open(trace) as f:
        lines = sum(1 for _ in f)
        f.seek(0)
        *_, last = f
    run_end = json.loads(last)
    extras["traced"] = {"tasks": largest, "events": run_end["events"], "lines_written": lines,
                        "wall_s": wall, "events_per_s": run_end["events"] / wall}
    os.remove(trace)

    log(f"  virtual clock: {largest:,} tasks")
    extras["virtual"] = {"tasks": largest, "wall_s": median_wall(
        [ASYNCDEMO, "--async", "--quiet", "--clock", "virtual", f"w*{largest}=sleep:1s"], 5)}

    log("  sync: 1,000 sleeps of 1 ms")
    extras["sync_1000x1ms"] = {"wall_s": median_wall(
        [ASYNCDEMO, "--sync", "--quiet", "w*1000=sleep:1ms"], 5)}

    log("  start-up: the classic example on the virtual clock")
    extras["startup"] = {"wall_s": median_wall([ASYNCDEMO, "--clock", "virtual"], 50)}
    extras["startup_python"] = {"wall_s": median_wall(["python3", "-c", "pass"], 20)}
    extras["startup_node"] = {"wall_s": median_wall(["node", "-e", "0"], 20)}

    log("  the interactive page: the classic example, and 100,000 events, opened in Chromium")
    classic = os.path.join(OUT_DIR, "classic.html")
    large = os.path.join(OUT_DIR, "large.html")
    subprocess.run([ASYNCDEMO, "--clock", "virtual", "--quiet", "--html", classic], check=True,
                   stdout=subprocess.DEVNULL)
    subprocess.run([ASYNCDEMO, "--async", "--clock", "virtual", "--quiet", "--html", large,
                    "w*25000=sleep:1s"], check=True, stdout=subprocess.DEVNULL)
    opened = json.loads(subprocess.run(
        ["node", os.path.join(ROOT, "scripts", "page_bench.mjs"), "5", classic, large],
        check=True, capture_output=True, text=True).stdout)
    extras["page_classic"] = dict(opened[0], events=28)
    extras["page_100k"] = dict(opened[1], events=100_002)
    for page in (classic, large):
        os.remove(page)
    return extras


def mib(b):
    return f"{b / 2**20:,.1f} MiB"


def markdown(rows, baseline, extras):
    out = []
    out.append("| N tasks x 1 s | asyncdemo wall | Python wall | Node wall | Python / asyncdemo "
               "| Node / asyncdemo |")
    out.append("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        a, p, n = row["asyncdemo"], row["python"], row["node"]
        out.append(f"| {row['n']:,} | {a['wall_s']:.3f} s | {p['wall_s']:.3f} s | "
                   f"{n['wall_s']:.3f} s | {p['wall_s'] / a['wall_s']:.2f}x | "
                   f"{n['wall_s'] / a['wall_s']:.2f}x |")
    out.append("")
    out.append("| N tasks | asyncdemo peak RSS | Python | Node | asyncdemo B/task | Python B/task "
               "| Node B/task | Python / asyncdemo RSS | Node / asyncdemo RSS |")
    out.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        a, p, n = row["asyncdemo"], row["python"], row["node"]
        out.append(f"| {row['n']:,} | {mib(a['peak_rss_bytes'])} | {mib(p['peak_rss_bytes'])} | "
                   f"{mib(n['peak_rss_bytes'])} | {a['bytes_per_task']:,.0f} | "
                   f"{p['bytes_per_task']:,.0f} | {n['bytes_per_task']:,.0f} | "
                   f"{p['peak_rss_bytes'] / a['peak_rss_bytes']:.1f}x | "
                   f"{n['peak_rss_bytes'] / a['peak_rss_bytes']:.1f}x |")
    out.append("")
    out.append("| N tasks | asyncdemo lateness p99 | Python | Node |")
    out.append("|---:|---:|---:|---:|")
    for row in rows:
        out.append(f"| {row['n']:,} | {row['asyncdemo']['late_p99_s'] * 1000:.2f} ms | "
                   f"{row['python']['late_p99_s'] * 1000:.2f} ms | "
                   f"{row['node']['late_p99_s'] * 1000:.2f} ms |")
    out.append("")
    t = extras["traced"]
    out.append("| figure | measured | target |")
    out.append("|---|---:|---:|")
    out.append(f"| traced run, {t['tasks']:,} tasks, JSON lines to a file (virtual clock) | "
               f"{t['events_per_s']:,.0f} events/s ({t['events']:,} events, "
               f"{t['lines_written']:,} lines) | >= {TARGETS['traced_events_per_s']:,} |")
    v = extras["virtual"]
    out.append(f"| virtual clock, {v['tasks']:,} tasks, --quiet | {v['wall_s']:.3f} s | "
               f"<= {TARGETS['virtual_1m']} s |")
    out.append(f"| sync, 1,000 x 1 ms sleeps | {extras['sync_1000x1ms']['wall_s']:.3f} s | "
               f"<= {TARGETS['sync_1000x1ms']} s |")
    out.append(f"| start-up, classic example, virtual clock | "
               f"{extras['startup']['wall_s'] * 1000:.1f} ms (Python {extras['startup_python']['wall_s'] * 1000:.0f} ms, "
               f"Node {extras['startup_node']['wall_s'] * 1000:.0f} ms just to start) | "
               f"<= {TARGETS['startup_ms']} ms |")
    for key, name in (("page_classic", "classic example, compare"),
                      ("page_100k", "25,000 tasks, async")):
        p = extras[key]
        target = f"<= {TARGETS['page_100k_open_ms']:,} ms" if key == "page_100k" else ""
        out.append(f"| interactive page, {name}: {p['events']:,} events | "
                   f"{p['bytes'] / 1024:,.0f} KiB ({p['bytes'] / p['events']:,.0f} bytes per event), "
                   f"opens in {p['open_ms']:,} ms | {target} |")
    out.append(f"| baseline peak RSS, 1 task | asyncdemo {mib(baseline['asyncdemo'])}, Python "
               f"{mib(baseline['python'])}, Node {mib(baseline['node'])} | |")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="stop at 100,000 tasks")
    args = parser.parse_args()
    sizes = [1_000, 10_000, 100_000] + ([] if args.quick else [1_000_000])

    def log(text):
        print(text, file=sys.stderr, flush=True)

    log(f"asyncdemo bench on {os.cpu_count()} cores; N = {', '.join(f'{n:,}' for n in sizes)}")
    rows, baseline = measure_scale(sizes, log)
    extras = measure_extras(sizes[-1], log)
    os.makedirs(OUT_DIR, exist_ok=True)
    results = os.path.join(OUT_DIR, "results.json")
    with open(results, "w") as f:
        json.dump({"cores": os.cpu_count(), "sizes": sizes, "scale": rows,
                   "baseline_rss_bytes": baseline, "extras": extras, "targets": TARGETS}, f,
                  indent=2)
    print(markdown(rows, baseline, extras))
    log(f"raw figures: {os.path.relpath(results, ROOT)}")


if __name__ == "__main__":
    main()
