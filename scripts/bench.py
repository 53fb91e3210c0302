"""The benchmark behind scripts/bench (run that: it installs and builds what this needs).

Every wall time is a median measured by hyperfine, every peak RSS and CPU time is read by
/usr/bin/time; nothing here times anything itself. Peers run the same workload in the same run,
so ratios compare like with like on a noisy shared machine. Each figure is printed beside its
target from the scale issues, and the raw figures go to build/bench/results.json.
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

# (key, what, target, unit, "<=" or ">=")
TARGETS = [
    ("wall_1m", "1,000,000 x 1 s, --async --quiet: wall", 1.05, "s", "<="),
    ("rss_1m_mib", "same: peak RSS", 120, "MiB", "<="),
    ("bytes_per_task_1m", "same: bytes a task", 115, "B", "<="),
    ("late_p50_ms", "wake lateness p50, worst of 2 ... 100,000 sleepers", 0.2, "ms", "<="),
    ("late_p99_ms", "wake lateness p99, worst of 2 ... 100,000 sleepers", 1.0, "ms", "<="),
    ("traced_events_per_s", "traced run, JSON lines to a file", 6_000_000, "events/s", ">="),
    ("render_jsonl_lines_per_s", "render of that trace to JSON lines", 2_000_000, "lines/s", ">="),
    ("render_chart_lines_per_s", "render of that trace to the chart", 2_000_000, "lines/s", ">="),
    ("cost_spread", "CPU per task, 1,000 to the largest N: most / least", 1.10, "x", "<="),
    ("limit_cost", "100,000 tasks through --limit 100: CPU a task / a plain sleeper's", 2.0, "x",
     "<="),
    ("queue_cost", "1,000,000 items through one queue: CPU an item / a plain sleeper's", 2.0, "x",
     "<="),
    ("virtual_1m", "virtual clock, --quiet: wall", 1.0, "s", "<="),
    ("sync_1000x1ms", "sync, 1,000 x 1 ms sleeps: wall", 1.15, "s", "<="),
    ("startup_ms", "start-up, classic example, virtual clock", 10, "ms", "<="),
    ("page_100k_open_ms", "interactive page of 100,000 events, headless Chromium: opening",
     2000, "ms", "<="),
]


def programs(n):
    """The same workload three ways: n tasks each sleeping 1 s, run concurrently."""
    return {
        "asyncdemo": [ASYNCDEMO, "--async", "--quiet", "--format", "jsonl", f"w*{n}=sleep:1s"],
        "python": ["python3", os.path.join(PEERS, "asyncio_sleepers.py"), str(n)],
        "node": ["node", "--max-old-space-size=8192", os.path.join(PEERS, "node_sleepers.js"),
                 str(n)],
    }


def timed(command, runs):
    """hyperfine's figures for `command` (a list): the median wall time, and the mean CPU time
    (user plus system, from the kernel's accounting, to the microsecond), in seconds."""
    with tempfile.NamedTemporaryFile(suffix=".json") as export:
        subprocess.run(["hyperfine", "--shell=none", "--style", "none", "--runs", str(runs),
                        "--export-json", export.name, shlex.join(command)],
                       check=True, stdout=subprocess.DEVNULL)
        with open(export.name) as f:
            result = json.load(f)["results"][0]
            return result["median"], result["user"] + result["system"]


def median_wall(command, runs):
    """Median wall time in seconds of `command` (a list), by hyperfine."""
    return timed(command, runs)[0]


def measured_run(command):
    """Peak RSS in bytes, by /usr/bin/time, and the standard output of one run."""
    with tempfile.NamedTemporaryFile(mode="r") as report:
        done = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", report.name, *command],
                              check=True, stdout=subprocess.PIPE, text=True)
        return int(report.read().strip().splitlines()[-1]) * 1024, done.stdout


def lateness(output):
    """The p50 and p99 wake lateness in seconds that a program reported about itself: the
    last line, asyncdemo's run_end or a peer's summary."""
    last = json.loads(output.strip().splitlines()[-1])
    return last["late_p50"], last["late_p99"]


def measure_scale(sizes, runs_for, log):
    rows = []
    baseline = {}
    for name, command in programs(1).items():
        rss, _ = measured_run(command)
        baseline[name] = {"peak_rss_bytes": rss, "cpu_s": timed(command, 3)[1]}
    for n in sizes:
        runs = runs_for(n)
        row = {"n": n}
        for name, command in programs(n).items():
            log(f"  N={n:>9,} {name}: {runs} runs")
            rss, output = measured_run(command)
            p50, p99 = lateness(output)
            wall, cpu = timed(command, runs)
            row[name] = {
                "wall_s": wall,
                "peak_rss_bytes": rss,
                "bytes_per_task": (rss - baseline[name]["peak_rss_bytes"]) / n,
                "cpu_s": cpu,
                "cpu_per_task_s": (cpu - baseline[name]["cpu_s"]) / n,
                "late_p50_s": p50,
                "late_p99_s": p99,
            }
        rows.append(row)
    return rows, baseline


def measure_few_sleepers(log):
    """Lateness of 2 sleepers, which no crowd delays: the wake itself."""
    log("  N=        2: lateness, 5 runs each")
    row = {"n": 2}
    for name, command in programs(2).items():
        p50s, p99s = [], []
        for _ in range(5):
            p50, p99 = lateness(measured_run(command)[1])
            p50s.append(p50)
            p99s.append(p99)
        row[name] = {"late_p50_s": sorted(p50s)[2], "late_p99_s": sorted(p99s)[2]}
    return row


def measure_extras(largest, runs, log):
    extras = {}
    os.makedirs(OUT_DIR, exist_ok=True)
    trace = os.path.join(OUT_DIR, "trace.jsonl")
    traced = [ASYNCDEMO, "--async", "--clock", "virtual", "--format", "jsonl", "-o", trace,
              f"w*{largest}=sleep:1s"]
    log(f"  traced run: {largest:,} tasks, JSON lines to a file")
    wall, cpu = timed(traced, runs)
    with open(trace) as f:
        lines = sum(1 for _ in f)
        f.seek(0)
        *_, last = f
    run_end = json.loads(last)
    extras["traced"] = {"tasks": largest, "events": run_end["events"], "lines_written": lines,
                        "wall_s": wall, "events_per_s": run_end["events"] / wall, "cpu_s": cpu,
                        "events_per_cpu_s": run_end["events"] / cpu}

    log("  render of that trace: to JSON lines, to the chart")
    rendered = os.path.join(OUT_DIR, "rendered.jsonl")
    for key, command in [("render_jsonl", [ASYNCDEMO, "render", trace, "--format", "jsonl", "-o",
                                           rendered]),
                         ("render_chart", [ASYNCDEMO, "render", trace])]:
        wall, cpu = timed(command, runs)
        extras[key] = {"lines": lines, "wall_s": wall, "lines_per_s": lines / wall, "cpu_s": cpu,
                       "lines_per_cpu_s": lines / cpu}
    os.remove(rendered)
    os.remove(trace)

    log("  coordination: --limit 100 and one queue, beside plain sleepers (virtual clock)")
    virtual = [ASYNCDEMO, "--async", "--quiet", "--clock", "virtual", "--format", "jsonl"]
    base_cpu = timed(virtual + ["w=sleep:1s"], runs)[1]

    def coordinated(name, units, arguments):
        command = virtual + arguments
        wall, cpu = timed(command, runs)
        events = run_end_events(measured_run(command)[1])
        extras[name] = {"units": units, "wall_s": wall, "cpu_s": cpu, "events": events,
                        "events_per_s": events / wall, "cpu_per_unit_s": (cpu - base_cpu) / units}

    def run_end_events(output):
        return json.loads(output.strip().splitlines()[-1])["events"]

    coordinated("plain_100k", 100_000, ["w*100000=sleep:1s"])
    coordinated("limit_100k", 100_000, ["--limit", "100", "w*100000=sleep:1s"])
    coordinated("plain_1m", 1_000_000, ["w*1000000=sleep:1s"])
    coordinated("queue_1m", 1_000_000, ["--queue", "q=100", "p=(put:q=x)*1000000",
                                        "c=(get:q)*1000000"])

    log(f"  virtual clock: {largest:,} tasks")
    extras["virtual"] = {"tasks": largest, "wall_s": median_wall(
        [ASYNCDEMO, "--async", "--quiet", "--clock", "virtual", f"w*{largest}=sleep:1s"], 5)}

    log("  sync: 1,000 sleeps of 1 ms")
    extras["sync_1000x1ms"] = {"wall_s": median_wall(
        [ASYNCDEMO, "--sync", "--quiet", "w*1000=sleep:1ms"], runs)}

    log("  start-up: the classic example on the virtual clock")
    extras["startup"] = {"wall_s": median_wall([ASYNCDEMO, "--clock", "virtual"], 30)}
    extras["startup_python"] = {"wall_s": median_wall(["python3", "-c", "pass"], 10)}
    extras["startup_node"] = {"wall_s": median_wall(["node", "-e", "0"], 10)}

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


def figures(rows, few, extras):
    """Each target's measured figure, with Python's and Node's where they run the same."""
    largest = rows[-1]
    small = [few] + [row for row in rows if row["n"] <= 100_000]
    worst = lambda key, name: max(row[name][key] for row in small) * 1000
    costs = [row["asyncdemo"]["cpu_per_task_s"] for row in rows if row["n"] >= 1000]
    mib = lambda row, name: row[name]["peak_rss_bytes"] / 2**20
    out = {
        "late_p50_ms": (worst("late_p50_s", "asyncdemo"), worst("late_p50_s", "python"),
                        worst("late_p50_s", "node")),
        "late_p99_ms": (worst("late_p99_s", "asyncdemo"), worst("late_p99_s", "python"),
                        worst("late_p99_s", "node")),
        "traced_events_per_s": (extras["traced"]["events_per_s"], None, None),
        "render_jsonl_lines_per_s": (extras["render_jsonl"]["lines_per_s"], None, None),
        "render_chart_lines_per_s": (extras["render_chart"]["lines_per_s"], None, None),
        "cost_spread": (max(costs) / min(costs), None, None),
        "limit_cost": (extras["limit_100k"]["cpu_per_unit_s"] /
                       extras["plain_100k"]["cpu_per_unit_s"], None, None),
        "queue_cost": (extras["queue_1m"]["cpu_per_unit_s"] /
                       extras["plain_1m"]["cpu_per_unit_s"], None, None),
        "virtual_1m": (extras["virtual"]["wall_s"], None, None),
        "sync_1000x1ms": (extras["sync_1000x1ms"]["wall_s"], None, None),
        "startup_ms": (extras["startup"]["wall_s"] * 1000,
                       extras["startup_python"]["wall_s"] * 1000,
                       extras["startup_node"]["wall_s"] * 1000),
        "page_100k_open_ms": (extras["page_100k"]["open_ms"], None, None),
    }
    if largest["n"] >= 1_000_000:
        out["wall_1m"] = tuple(largest[name]["wall_s"] for name in ("asyncdemo", "python", "node"))
        out["rss_1m_mib"] = tuple(mib(largest, name) for name in ("asyncdemo", "python", "node"))
        out["bytes_per_task_1m"] = tuple(largest[name]["bytes_per_task"]
                                         for name in ("asyncdemo", "python", "node"))
    return out


def number(value, unit):
    if value is None:
        return "-"
    if unit in ("events/s", "lines/s"):
        return f"{value:,.0f} {unit}"
    if unit == "x":
        return f"{value:.2f}x"
    if unit == "B":
        return f"{value:,.0f} B"
    return f"{value:,.3f} {unit}" if value < 100 else f"{value:,.1f} {unit}"


def ratio(peer, ours, higher_is_better):
    if peer is None or ours is None or ours == 0:
        return "-"
    return f"{(ours / peer if higher_is_better else peer / ours):.2f}x"


def markdown(rows, few, baseline, extras, measured):
    out = []
    out.append("| figure | asyncdemo | target | met | Python | Node | asyncdemo vs Python "
               "| asyncdemo vs Node |")
    out.append("|---|---:|---:|---|---:|---:|---:|---:|")
    for key, what, target, unit, sense in TARGETS:
        if key not in measured:
            out.append(f"| {what} | not measured (--quick) | {sense} {number(target, unit)} | "
                       "| | | | |")
            continue
        ours, python, node = measured[key]
        met = ours <= target if sense == "<=" else ours >= target
        better = sense == ">="
        out.append(f"| {what} | {number(ours, unit)} | {sense} {number(target, unit)} | "
                   f"{'yes' if met else 'no'} | {number(python, unit)} | {number(node, unit)} | "
                   f"{ratio(python, ours, better)} | {ratio(node, ours, better)} |")
    out.append("")
    out.append("Ratios: how many times better asyncdemo is (their time over ours; our rate over "
               "theirs).")
    out.append("")
    out.append("| N tasks x 1 s | asyncdemo wall | Python wall | Node wall | Python / asyncdemo "
               "| Node / asyncdemo |")
    out.append("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        a, p, n = row["asyncdemo"], row["python"], row["node"]
        out.append(f"| {row['n']:,} | {a['wall_s']:.3f} s | {p['wall_s']:.3f} s | "
                   f"{n['wall_s']:.3f} s | {p['wall_s'] / a['wall_s']:.2f}x | "
                   f"{n['wall_s'] / a['wall_s']:.2f}x |")
    out.append("")
    mib = lambda b: f"{b / 2**20:,.1f} MiB"
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
    out.append("| N tasks | asyncdemo CPU a task | Python | Node | Python / asyncdemo "
               "| Node / asyncdemo |")
    out.append("|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        a, p, n = (row[name]["cpu_per_task_s"] * 1e9 for name in ("asyncdemo", "python", "node"))
        out.append(f"| {row['n']:,} | {a:,.0f} ns | {p:,.0f} ns | {n:,.0f} ns | "
                   f"{p / a:.1f}x | {n / a:.1f}x |")
    out.append("")
    out.append("| N tasks | asyncdemo lateness p50 / p99 | Python | Node |")
    out.append("|---:|---:|---:|---:|")
    for row in [few] + rows:
        cells = [f"{row[name]['late_p50_s'] * 1000:.3f} / {row[name]['late_p99_s'] * 1000:.3f} ms"
                 for name in ("asyncdemo", "python", "node")]
        out.append(f"| {row['n']:,} | " + " | ".join(cells) + " |")
    out.append("")
    out.append("| coordination (virtual clock) | events | events/s | CPU a task or item |")
    out.append("|---|---:|---:|---:|")
    for key, what in [("plain_100k", "100,000 plain sleepers"),
                      ("limit_100k", "100,000 tasks through --limit 100"),
                      ("plain_1m", "1,000,000 plain sleepers"),
                      ("queue_1m", "1,000,000 items through one queue (maxsize 100)")]:
        e = extras[key]
        out.append(f"| {what} | {e['events']:,} | {e['events_per_s']:,.0f} | "
                   f"{e['cpu_per_unit_s'] * 1e9:,.0f} ns |")
    out.append("")
    t = extras["traced"]
    j, c = extras["render_jsonl"], extras["render_chart"]
    out.append(f"On a busy machine wall time is shared with other programs; CPU time is not: the "
               f"traced run took {t['cpu_s']:.3f} s of CPU ({t['events_per_cpu_s']:,.0f} events "
               f"a CPU second), render to JSON lines {j['cpu_s']:.3f} s "
               f"({j['lines_per_cpu_s']:,.0f} lines a CPU second), to the chart "
               f"{c['cpu_s']:.3f} s ({c['lines_per_cpu_s']:,.0f}). Load average when done: "
               f"{os.getloadavg()[0]:.1f}.")
    out.append("")
    out.append(f"Traced run: {t['tasks']:,} tasks on the virtual clock, {t['events']:,} events "
               f"({t['lines_written']:,} lines) in {t['wall_s']:.3f} s. Baseline peak RSS, 1 "
               f"task: asyncdemo {mib(baseline['asyncdemo']['peak_rss_bytes'])}, Python "
               f"{mib(baseline['python']['peak_rss_bytes'])}, Node "
               f"{mib(baseline['node']['peak_rss_bytes'])}. CPU a task is user plus system time "
               "(mean of the runs) above a run of 1 task, over N.")
    for key, name in (("page_classic", "classic example, compare"),
                      ("page_100k", "25,000 tasks, async")):
        p = extras[key]
        out.append(f"Interactive page, {name}: {p['events']:,} events, "
                   f"{p['bytes'] / 1024:,.0f} KiB ({p['bytes'] / p['events']:,.0f} bytes an event), "
                   f"opens in {p['open_ms']:,} ms.")
    return "\n".join(out)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="stop at 100,000 tasks, fewer runs (under two minutes)")
    args = parser.parse_args()
    sizes = [1_000, 10_000, 100_000] + ([] if args.quick else [1_000_000])
    runs = 3 if args.quick else 5
    runs_for = lambda n: 3 if n >= 1_000_000 or args.quick else 5

    def log(text):
        print(text, file=sys.stderr, flush=True)

    log(f"asyncdemo bench on {os.cpu_count()} cores; N = 2, {', '.join(f'{n:,}' for n in sizes)}")
    rows, baseline = measure_scale(sizes, runs_for, log)
    few = measure_few_sleepers(log)
    extras = measure_extras(sizes[-1], runs, log)
    measured = figures(rows, few, extras)
    os.makedirs(OUT_DIR, exist_ok=True)
    results = os.path.join(OUT_DIR, "results.json")
    with open(results, "w") as f:
        json.dump({"cores": os.cpu_count(), "sizes": sizes, "scale": rows, "few_sleepers": few,
                   "baseline": baseline, "extras": extras,
                   "targets": {key: {"what": what, "target": target, "unit": unit, "sense": sense,
                                     "measured": measured.get(key, (None,))[0]}
                               for key, what, target, unit, sense in TARGETS}}, f, indent=2)
    print(markdown(rows, few, baseline, extras, measured))
    log(f"raw figures: {os.path.relpath(results, ROOT)}")


if __name__ == "__main__":
    main()
