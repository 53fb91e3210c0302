"""The server benchmark behind `scripts/bench --serve` (run that: it installs wrk and builds).

Measures `asyncdemo serve` and `fetch:` on 127.0.0.1 only; every load is bounded in time or in
count:
  - requests per second under Debian's wrk (`wrk -t2 -c100 -d10s .../cats/1?delay=0`), and the
    server's peak RSS (VmHWM) by then;
  - the server's RSS holding 3,000 idle kept-alive connections (each asked one request first);
  - the server's RSS after one client sent blank lines ("\\r\\n") for 3 s, and how much it sent;
  - the peak RSS (/usr/bin/time) of `asyncdemo --async` running 1,000 fetches of an endless body
    (tests/support/broken_http_server.py), and how they ended.
`--binary PATH`, once for each build, measures several builds in one run (say, main before a
change and the change), so that a before and an after come from the same machine and commands.
"""
import argparse
import json
import os
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASYNCDEMO = os.path.join(ROOT, "build", "release", "app", "asyncdemo")
BROKEN_SERVER = os.path.join(ROOT, "tests", "support", "broken_http_server.py")


def kib_field(pid, field):
    """A /proc/PID/status field in KiB (VmRSS, VmHWM)."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


class Server:
    """`asyncdemo serve --port 0` (its log to /dev/null), stopped with SIGTERM on exit."""

    def __init__(self, binary):
        self.process = subprocess.Popen([binary, "serve", "--port", "0"], stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL, text=True)
        line = self.process.stdout.readline()
        self.port = int(re.search(r"127\.0\.0\.1:(\d+)", line).group(1))

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def kib(self, field):
        return kib_field(self.process.pid, field)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        self.process.wait(timeout=10)


def wrk(binary, log):
    with Server(binary) as server:
        command = ["wrk", "-t2", "-c100", "-d10s", server.url("/cats/1?delay=0")]
        log("  " + " ".join(command))
        out = subprocess.run(command, check=True, capture_output=True, text=True,
                             timeout=60).stdout
        rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
        errors = re.search(r"Socket errors:.*", out)
        if server.process.poll() is not None:
            raise RuntimeError(f"the server ended during wrk (exit {server.process.returncode})")
        return {"requests_per_s": rps, "peak_rss_kib": server.kib("VmHWM"),
                "socket_errors": errors.group(0) if errors else "none",
                "non_2xx": int(m.group(1)) if (m := re.search(r"Non-2xx.*?(\d+)", out)) else 0}


def idle_connections(binary, count, log):
    log(f"  {count:,} idle kept-alive connections")
    with Server(binary) as server:
        time.sleep(0.2)
        before = server.kib("VmRSS")
        clients = []
        try:
            for _ in range(count):
                client = socket.create_connection(("127.0.0.1", server.port), timeout=10)
                client.sendall(b"GET /cats/1?delay=0 HTTP/1.1\r\nHost: bench\r\n\r\n")
                clients.append(client)
            for client in clients:
                reply = b""
                while not reply.endswith(b"}\n"):
                    more = client.recv(4096)
                    if not more:
                        raise RuntimeError("the server closed a connection it should keep")
                    reply += more
            time.sleep(0.5)
            return {"connections": count, "rss_before_kib": before, "rss_kib": server.kib("VmRSS")}
        finally:
            for client in clients:
                client.close()


def blank_line_flood(binary, seconds, log):
    log(f"  one client sending blank lines for {seconds} s")
    with Server(binary) as server:
        client = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        chunk = b"\r\n" * 32768
        sent = 0
        answered = b""
        end = time.monotonic() + seconds
        client.settimeout(0.05)
        try:
            while time.monotonic() < end:
                try:
                    sent += client.send(chunk)
                except socket.timeout:
                    pass
                try:
                    answered += client.recv(4096)
                except socket.timeout:
                    pass
        except OSError:
            pass  # the server closed the connection
        client.close()
        time.sleep(0.2)
        return {"seconds": seconds, "bytes_sent": sent, "rss_kib": server.kib("VmRSS"),
                "peak_rss_kib": server.kib("VmHWM"),
                "answer": answered.split(b"\r\n")[0].decode(errors="replace")}


def endless_fetches(binary, count, log):
    log(f"  {count:,} fetches of an endless body")
    broken = subprocess.Popen(["python3", "-u", BROKEN_SERVER], stdout=subprocess.PIPE, text=True)
    try:
        port = int(broken.stdout.readline())
        with tempfile.NamedTemporaryFile(mode="r") as report:
            done = subprocess.run(
                ["/usr/bin/time", "-f", "%M", "-o", report.name, binary, "--async", "--quiet",
                 "--on-error", "continue", "--timeout", "60s",
                 f"f*{count}=fetch:http://127.0.0.1:{port}/endless"],
                capture_output=True, text=True, timeout=120)
            peak = int(report.read().strip().splitlines()[-1])
        reasons = {}
        for line in done.stdout.splitlines():
            if " failed in fetch:" in line:
                why = line.split(": ", 2)[-1]
                why = re.sub(r"\(\d[^)]*\)", "(...)", why)
                reasons[why] = reasons.get(why, 0) + 1
        return {"fetches": count, "peak_rss_kib": peak, "exit": done.returncode,
                "failures": reasons}
    finally:
        broken.kill()
        broken.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", action="append",
                        help="an asyncdemo to measure (again for each build to compare; "
                             "default: build/release)")
    parser.add_argument("--idle", type=int, default=3000, help="idle connections to hold")
    parser.add_argument("--fetches", type=int, default=1000, help="endless fetches at once")
    parser.add_argument("--rounds", type=int, default=2, help="wrk runs of each build, taken in turn")
    parser.add_argument("--wrk-only", action="store_true", help="only the wrk rounds")
    args = parser.parse_args()
    binaries = args.binary or [ASYNCDEMO]
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # thousands of client sockets

    def log(text):
        print(text, file=sys.stderr, flush=True)

    results = {binary: {"wrk": []} for binary in binaries}
    # wrk in turns (A B A B ...), so that a build is not favoured by a quiet moment of a shared
    # machine; the median of each build's runs is reported.
    for round_ in range(args.rounds):
        for binary in binaries:
            log(f"{binary}: wrk, round {round_ + 1}")
            results[binary]["wrk"].append(wrk(binary, log))
    for binary in binaries:
        runs = sorted(results[binary]["wrk"], key=lambda run: run["requests_per_s"])
        results[binary]["requests_per_s_median"] = runs[len(runs) // 2]["requests_per_s"]
        if args.wrk_only:
            continue
        log(f"{binary}:")
        results[binary]["idle"] = idle_connections(binary, args.idle, log)
        results[binary]["blank_lines"] = blank_line_flood(binary, 3, log)
        results[binary]["endless_fetches"] = endless_fetches(binary, args.fetches, log)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
