"""The engine core does no I/O of its own: it imports no Flask, Redis or Twilio."""
import subprocess
import sys


def test_engine_imports_no_flask_redis_or_twilio():
    probe = (
        "import sys, ivr.engine; "
        "print(sorted(m for m in ('flask', 'redis', 'twilio', 'werkzeug') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
