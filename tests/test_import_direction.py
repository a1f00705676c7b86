"""Imports point one way: each package uses only those below it, and the engine core no I/O."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GROUND = {"store", "languages", "text_table"}
# Each package and the project packages it may import; app.py, the factory, may import all,
# and bench/ (the top floor) may also use the tests' helpers. No package imports app, bench or tests.
MAY_IMPORT = {
    "languages": set(),
    "store": set(),
    "text_table": set(),
    "booking": GROUND,
    "ivr": {"booking"} | GROUND,
    "supervision": {"ivr", "booking"} | GROUND,
    "reminders": {"ivr", "booking"} | GROUND,
    "phone": {"ivr", "languages"},
}
ABOVE_ALL = {"app", "bench", "tests"}
# The engine and what it is made of; the hooks (ivr/actions) and the web layer reach out.
ENGINE = ("ivr.engine", "ivr.flowspec", "ivr.prompts", "ivr.registry", "ivr.turns", "ivr.speech", "ivr.keypad")
ENGINE_REFUSES = ("booking", "store", "supervision", "reminders", "phone", "ivr.actions", "ivr.web",
                  "flask", "redis", "twilio", "werkzeug")


def project_imports(path: Path) -> set[str]:
    """The project packages a module imports, at the top or inside a function."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else \
            [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else []
        found.update(name.split(".")[0] for name in names if name.split(".")[0] in MAY_IMPORT.keys() | ABOVE_ALL)
    return found


def modules(package: str) -> list[Path]:
    """The package's Python files (a top-level module is a package of one file)."""
    single = ROOT / f"{package}.py"
    return [single] if single.exists() else sorted((ROOT / package).rglob("*.py"))


@pytest.mark.parametrize("package", sorted(MAY_IMPORT))
def test_a_package_imports_only_those_below_it(package):
    assert modules(package)
    upward = {
        f"{path.relative_to(ROOT)} imports {name}"
        for path in modules(package)
        for name in project_imports(path) - MAY_IMPORT[package] - {package}
    }
    assert sorted(upward) == []


def test_the_engine_imports_no_domain_store_supervision_or_io():
    probe = f"import sys, {', '.join(ENGINE)}; print(sorted(m for m in sys.modules if m.startswith({ENGINE_REFUSES!r})))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, cwd=ROOT)
    assert result.stdout.strip() == "[]"
