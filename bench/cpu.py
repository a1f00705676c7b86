"""CPU seconds used by each part of a benchmark in its measuring window (Linux ``/proc``).

Server, load generator and Redis share this machine's cores, so where the CPU goes explains
the numbers: it is sampled at the window's start and end.
"""
import os
import time
from pathlib import Path
from typing import Callable, Iterable

TICKS = os.sysconf("SC_CLK_TCK")


def _stat_fields(pid: str) -> list[str]:
    # The command name (field 2) may hold spaces and parentheses: split after its last ")".
    return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()


def tree_cpu_seconds(roots: Iterable[int]) -> float:
    """User and system CPU seconds of the ``roots`` and all their living descendants."""
    parents, cpu = {}, {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = _stat_fields(entry.name)
            except OSError:
                continue  # the process ended meanwhile
            parents[int(entry.name)] = int(fields[1])
            cpu[int(entry.name)] = (int(fields[11]) + int(fields[12])) / TICKS
    tree, frontier = set(roots), set(roots)
    while frontier:
        frontier = {pid for pid, parent in parents.items() if parent in frontier} - tree
        tree |= frontier
    return sum(cpu.get(pid, 0.0) for pid in tree)


def machine_busy_seconds() -> float:
    """CPU seconds every core of the machine has spent busy since boot (anyone's processes)."""
    ticks = [int(field) for field in Path("/proc/stat").read_text().split("\n")[0].split()[1:]]
    idle, iowait = ticks[3], ticks[4]
    return (sum(ticks[:8]) - idle - iowait) / TICKS


def used_between(start: float, end: float, probes: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Wait for ``start`` and ``end`` (monotonic), sampling each CPU-seconds probe at both."""
    time.sleep(max(start - time.monotonic(), 0))
    first = {name: probe() for name, probe in probes.items()}
    time.sleep(max(end - time.monotonic(), 0))
    return {name: probe() - first[name] for name, probe in probes.items()}
