"""The repository explains itself: the README and docs/ link only to what a clone has, the
README tells office staff and supervisors what to run, and docs/ shows every supervisor page
at desktop and phone width."""
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
LINK = re.compile(r"\]\(([^)\s]+)\)")
SUPERVISOR_PAGES = ("login", "calls", "call", "funnel", "report", "audit", "not-found")


def links(page: Path) -> list[str]:
    return [target for target in LINK.findall(page.read_text(encoding="utf-8"))
            if not re.match(r"[a-z]+:", target) and not target.startswith("#")]


def test_every_link_of_the_readme_and_docs_is_a_file_of_the_repository():
    for page in PAGES:
        for target in links(page):
            found = (page.parent / target.split("#", 1)[0]).resolve()
            assert found.is_relative_to(ROOT), f"{page.name} links out of the repository: {target}"
            assert found.exists(), f"{page.name} links to a missing {target}"


def test_no_page_points_to_documents_a_clone_does_not_have():
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for outside in ("../shared", "SPEC.md", "DESIGN.md", "/work/"):
            assert outside not in text, f"{page.name} mentions {outside}"


def test_the_readme_tells_office_staff_and_supervisors_what_to_run():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    staff = readme.split("\n## Office staff\n", 1)[1].split("\n## ", 1)[0]
    for command in ("bookings list", "offices close", "offices reopen", "bookings cancel", "documents unlock"):
        assert command in staff, command
    supervisors = readme.split("\n## Supervisors\n", 1)[1].split("\n## ", 1)[0]
    for step in ("supervisors add", "scripts/dashboard", "http://127.0.0.1:5001/supervisor/", "calls list",
                 "calls replay", "calls funnel", "calls report"):
        assert step in supervisors, step


def test_docs_show_every_supervisor_page_at_desktop_and_phone_width():
    shots = ROOT / "docs" / "screenshots"
    supervision = (ROOT / "docs" / "SUPERVISION.md").read_text(encoding="utf-8")
    for page in SUPERVISOR_PAGES:
        for width in ("desktop", "phone"):
            name = f"supervisor-{page}-{width}.png"
            assert (shots / name).stat().st_size > 0, name
            assert f"(screenshots/{name})" in supervision, name
