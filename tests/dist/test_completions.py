#!/usr/bin/env python3
"""The shell completions in dist/completions, asked for completions as a user's shell would.

    test_completions.py bash|fish|zsh COMPLETIONS_DIR

bash: an interactive bash in a pseudo-terminal loads the script and is typed a TAB, and the
line it completes to is read back; then the completion function is asked for its whole list
of candidates on lines a user could type. fish: fish's own `complete -C` answers for a line.
zsh: the script parses (zsh -n), and zsh's completion system loads it (compinit) and finds it
bound to asyncdemo. Every wait has a deadline: a shell that hangs fails the test.
"""
import os
import pty
import select
import subprocess
import sys
import time

STEP_KINDS = ["sleep", "print", "block", "work", "fail", "fetch", "fetch-print", "await",
              "spawn", "acquire", "release", "put", "get", "set", "wait"]

failures = []


def check(what, got, expected):
    status = "ok  " if got == expected else "FAIL"
    print(f"{status} {what}: {got!r}" + ("" if got == expected else f", expected {expected!r}"))
    if got != expected:
        failures.append(what)


def bash_typed(script, typed):
    """What an interactive bash shows on its line after `typed` (ending in a TAB)."""
    pid, fd = pty.fork()
    if pid == 0:
        os.environ["PS1"] = "$ "
        os.environ["INPUTRC"] = "/dev/null"
        os.execvp("bash", ["bash", "--norc", "--noprofile", "-i"])

    def read_for(seconds):
        out = b""
        end = time.time() + seconds
        while time.time() < end:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    out += os.read(fd, 4096)
                except OSError:
                    break
        return out

    try:
        os.write(fd, f"source {script}; echo loaded\n".encode())
        seen = b""
        end = time.time() + 10
        while b"loaded\r\n" not in seen and time.time() < end:
            seen += read_for(0.1)
        os.write(fd, typed.encode())
        shown = read_for(1.0).decode(errors="replace")
    finally:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    # The line as drawn: readline may redraw it, after a carriage return and escape codes.
    line = shown.split("\r")[-1]
    while "\x1b[" in line:
        start = line.index("\x1b[")
        end = start + 2
        while end < len(line) and not line[end].isalpha():
            end += 1
        line = line[:start] + line[end + 1:]
    return line


def bash_candidates(script, line):
    """The candidates _asyncdemo offers for `line`, the cursor at its end."""
    program = (f'source "{script}"; COMP_LINE=$1; COMP_POINT=${{#1}}; _asyncdemo; '
               'printf "%s\\n" "${COMPREPLY[@]}"')
    out = subprocess.run(["bash", "--norc", "-c", program, "bash", line], capture_output=True,
                         text=True, timeout=10).stdout
    return [word for word in out.split("\n") if word]


def test_bash(folder):
    script = os.path.join(folder, "asyncdemo.bash")
    check("bash: TAB completes an option", bash_typed(script, "asyncdemo --form\t"),
          "asyncdemo --format ")
    check("bash: TAB completes an option's value", bash_typed(script, "asyncdemo --clock vi\t"),
          "asyncdemo --clock virtual ")
    check("bash: TAB completes a step kind after =", bash_typed(script, "asyncdemo w=sl\t"),
          "asyncdemo w=sleep:")
    check("bash: TAB completes a step kind after ,",
          bash_typed(script, "asyncdemo w=sleep:1s,fetch-p\t"),
          "asyncdemo w=sleep:1s,fetch-print:")
    check("bash: TAB completes a help topic", bash_typed(script, "asyncdemo help exi\t"),
          "asyncdemo help exit-codes ")
    check("bash: options starting --t", bash_candidates(script, "asyncdemo --t"),
          ["--task", "--timeline", "--timeout", "--threads"])
    check("bash: --format's values", bash_candidates(script, "asyncdemo --format "),
          ["text", "jsonl", "csv", "chrome"])
    check("bash: --color=", bash_candidates(script, "asyncdemo --color=a"), ["auto", "always"])
    check("bash: every step kind after =", bash_candidates(script, "asyncdemo one="),
          [kind + ":" for kind in STEP_KINDS])
    check("bash: nothing to offer inside a step's argument",
          bash_candidates(script, "asyncdemo one=sleep:1"), [])
    check("bash: serve's options", bash_candidates(script, "asyncdemo serve --"),
          ["--host", "--port", "--help"])
    check("bash: the commands", bash_candidates(script, "asyncdemo "), ["render", "serve", "help"])


def test_fish(folder):
    script = os.path.join(folder, "asyncdemo.fish")

    def complete(line):
        out = subprocess.run(["fish", "--no-config", "-c", f"source {script}; complete -C $argv",
                              line], capture_output=True, text=True, timeout=10).stdout
        return [entry.split("\t")[0] for entry in out.split("\n") if entry]

    check("fish: an option", complete("asyncdemo --form"), ["--format"])
    check("fish: an option's values", complete("asyncdemo --on-error "), ["cancel", "continue"])
    check("fish: step kinds after =", complete("asyncdemo w=fe"), ["w=fetch:", "w=fetch-print:"])
    check("fish: step kinds after ,", complete("asyncdemo w=sleep:1s,pr"),
          ["w=sleep:1s,print:"])
    check("fish: serve's options", sorted(complete("asyncdemo serve --")),
          ["--help", "--host", "--port"])


def test_zsh(folder):
    script = os.path.join(folder, "_asyncdemo")
    parsed = subprocess.run(["zsh", "-n", script], capture_output=True, text=True, timeout=10)
    check("zsh: the script parses", parsed.returncode, 0)
    program = (f'fpath=({folder} $fpath); autoload -Uz compinit; compinit -u -D; '
               'print -r -- ${_comps[asyncdemo]}')
    bound = subprocess.run(["zsh", "-f", "-c", program], capture_output=True, text=True,
                           timeout=20)
    check("zsh: compinit binds it to asyncdemo", bound.stdout.strip(), "_asyncdemo")


def main():
    shell, folder = sys.argv[1], os.path.abspath(sys.argv[2])
    {"bash": test_bash, "fish": test_fish, "zsh": test_zsh}[shell](folder)
    if failures:
        print(f"{len(failures)} failed: {', '.join(failures)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
