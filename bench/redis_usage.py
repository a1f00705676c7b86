"""What the Redis server did during a benchmark: CPU time and commands, from INFO deltas."""
from dataclasses import dataclass

from bench.stats import table


@dataclass(frozen=True)
class Snapshot:
    """The server's CPU seconds and per-command statistics at one moment."""

    cpu_seconds: float
    commands: dict[str, tuple[int, int]]  # command -> (calls, microseconds)

    @classmethod
    def take(cls, client) -> "Snapshot":
        """Read INFO cpu and INFO commandstats."""
        cpu = client.info("cpu")
        stats = client.info("commandstats")
        commands = {name.removeprefix("cmdstat_"): (int(v["calls"]), int(v["usec"])) for name, v in stats.items()}
        return cls(float(cpu["used_cpu_user"]) + float(cpu["used_cpu_sys"]), commands)


@dataclass(frozen=True)
class Usage:
    """The difference between two snapshots."""

    cpu_seconds: float
    commands: dict[str, tuple[int, int]]

    @classmethod
    def between(cls, before: Snapshot, after: Snapshot) -> "Usage":
        """What happened from ``before`` to ``after`` (INFO itself left out)."""
        commands = {}
        for name, (calls, usec) in after.commands.items():
            was_calls, was_usec = before.commands.get(name, (0, 0))
            if calls > was_calls and name != "info":
                commands[name] = (calls - was_calls, usec - was_usec)
        return cls(after.cpu_seconds - before.cpu_seconds, commands)

    def calls(self) -> int:
        """Commands executed (a pipeline's commands each count)."""
        return sum(calls for calls, _ in self.commands.values())

    def command_table(self, per: int, label: str, top: int) -> str:
        """The ``top`` commands by total time: calls per ``label`` and microseconds per call."""
        ordered = sorted(self.commands.items(), key=lambda item: -item[1][1])[:top]
        rows = [[name, calls / per, usec / calls] for name, (calls, usec) in ordered]
        return table(["command", f"calls per {label}", "µs per call (in Redis)"], rows)
