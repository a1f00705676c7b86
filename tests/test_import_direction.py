"""Imports point one way: each package uses only those below it, and the engine core no I/O."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Each package and the project packages it may import; app.py, the factory, may import all.
MAY_IMPORT = {
    "languages": set(),
    "store": set(),
    "booking": {"store", "languages"},
    "ivr": {"booking", "store", "languages"},
    "supervision": {"ivr", "booking", "store", "languages"},
    "reminders": {"ivr", "booking", "store", "languages"},
    "phone": {"ivr", "languages"},
}
# The engine and what it is made of; the hooks (ivr/actions) and the web layer reach out.
ENGINE = "ivr.engine"
ENGINE_REFUSES = ("booking", "store", "supervision", "reminders", "phone", "ivr.actions", "ivr.web",
                  "flask", "redis", "twilio", "werkzeug")


def project_imports(path: Path) -> set[str]:
    """The project packages a module imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
            [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in MAY_IMPORT)
    return found


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_a_package_imports_only_those_below_it(package):
    upward = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in sorted((ROOT / package).rglob("*.py"))
        for name in project_imports(path) - MAY_IMPORT[package] - {package}
    }
    assert sorted(upward) == []


def test_the_engine_imports_no_domain_store_supervision_or_io():
    probe = f"import sys, {ENGINE}; print(sorted(m for m in sys.modules if m.startswith({ENGINE_REFUSES!r})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"
