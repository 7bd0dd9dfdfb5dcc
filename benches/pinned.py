"""Commands timed on one pinned core, shared by the benchmark scripts in this directory."""

import subprocess
import sys
import time


def timed(cmd):
    """Runs cmd pinned to CPU 0; returns (wall seconds, stdout), or exits with its stderr."""
    start = time.perf_counter()
    out = subprocess.run(["taskset", "-c", "0", *cmd], capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if out.returncode != 0:
        sys.exit(f"failed: {' '.join(cmd)}\n{out.stderr}")
    return elapsed, out.stdout


def siftql(binary, *statements, fmt="csv"):
    """Runs the SQL statements in one siftql process with one partition, timed by `timed`."""
    cmd = [binary, "--format", fmt, "--maxrows", "inf", "-c", "SET datafusion.execution.target_partitions = 1"]
    for statement in statements:
        cmd += ["-c", statement]
    return timed(cmd)
