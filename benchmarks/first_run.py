"""A new user's first run, measured: `assistant ingest corpus/` then `assistant ask …` with an
empty model cache and an empty index, as `make run` does on a fresh machine; then the same
question again, as any later run would (the cache built, a new process).

Each command runs in its own process (with the code of the working tree, or of `--before
REV` from a temporary git worktree); the table gives its wall time, its peak resident memory
(the process's and its children's `ru_maxrss`, from `wait4`) and what the model cache holds
after it; the one-time stages the command reports are printed on stderr. The caches live in
a temporary folder and are deleted afterwards; the machine's own cache is not touched.

    python benchmarks/first_run.py                   # the working tree
    python benchmarks/first_run.py --before bf8638e  # that commit, then the working tree
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from worktrees import checked_out, pythonpath

ROOT = Path(__file__).resolve().parents[1]
QUESTION = "How large is the AI investment fund?"


def run(cmd: list[str], env: dict[str, str], log: Path) -> tuple[float, float, int]:
    """(seconds, peak RSS in GiB, exit status) of one command, its output kept in `log`.
    Run from the log's folder: `python -m` puts the working directory first on sys.path."""
    started = time.perf_counter()
    with log.open("w") as out:
        child = subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=log.parent)
        _, status, usage = os.wait4(child.pid, 0)
    return time.perf_counter() - started, usage.ru_maxrss / 2**20, os.waitstatus_to_exitcode(status)


def size(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 2**30


def first_run(code: Path, work: Path) -> list[tuple[str, float, float, int, float]]:
    """(command, seconds, peak RSS GiB, exit status, model cache GiB after it) per command."""
    env = {
        **pythonpath(code),
        "ASSISTANT_MODEL_CACHE_DIR": str(work / "models"),
        "ASSISTANT_INDEX_DIR": str(work / "index"),
    }
    rows = []
    commands = (
        ("ingest", ["ingest", str(ROOT / "corpus")]),
        ("ask", ["ask", QUESTION]),
        ("ask again (cache built)", ["ask", QUESTION]),
    )
    for step, (name, args) in enumerate(commands):
        log_file = work / f"{step}-{args[0]}.log"
        seconds, peak, status = run([sys.executable, "-m", "assistant", *args], env, log_file)
        models = work / "models"
        rows.append((name, seconds, peak, status, size(models) if models.exists() else 0.0))
        log = log_file.read_text()
        if status:
            print(log[-3000:], file=sys.stderr)
        # The one-time stages, as the command line reports them outside a terminal.
        for line in log.splitlines():
            if re.search(r": .+ in \d+ s$", line):
                print(f"    {name}: {line}", file=sys.stderr)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", help="also measure this commit first")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        revs = {"before": args.before, "after": None} if args.before else {"after": None}
        with checked_out(revs, Path(tmp)) as codes:
            print(
                "| code | command | wall (s) | peak RSS (GiB) | exit | model cache after (GiB) |",
            )
            print("|---|---|---|---|---|---|")
            for label, code in codes.items():
                work = Path(tmp) / label
                work.mkdir()
                for name, seconds, peak, status, cache in first_run(code, work):
                    shown = args.before if label == "before" else "working tree"
                    print(
                        f"| {shown} | {name} | {seconds:.0f} | {peak:.2f} | {status} "
                        f"| {cache:.2f} |",
                        flush=True,
                    )
    print(f"\n{os.cpu_count()} CPUs; question: {QUESTION!r}")


if __name__ == "__main__":
    main()
