#!/usr/bin/python3
"""wall.py - wall-clock time of a whole process: runs COMMAND N times
(output discarded) and prints "median_ms=.. min_ms=.." and its exit status.

Usage: wall.py N COMMAND [ARGS...]
"""

import statistics
import subprocess
import sys
import time


def main():
    n = int(sys.argv[1])
    cmd = sys.argv[2:]
    times = []
    status = 0
    for _ in range(n):
        t0 = time.perf_counter()
        status = subprocess.call(cmd, stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
        times.append((time.perf_counter() - t0) * 1e3)
    print("median_ms=%.2f min_ms=%.2f status=%d"
          % (statistics.median(times), min(times), status))


if __name__ == "__main__":
    main()
