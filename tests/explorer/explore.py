"""Walk the call flows key by key and judge every turn by what the caller hears.

A ``Point`` is where a call stands (its stored state) with the way back the caller has made:
each menu on it with what the caller heard on entering it. From a point the explorer presses
each key of the keypad, silence, and at entry fields a few entries, and checks the answer:

- no technical-problem apology, no webhook failure, no placeholder left unfilled;
- ``*`` repeats the page the caller is on as it was entered: what led into it (a closure
  notice, a refusal) and its prompt, not the apology of a retry; after "more" the page shown;
- ``#`` at a menu lands on the menu before it on the way back, said as it was then (the main
  menu's declared ``back``, the language menu repeats itself);
- from every point, the main menu or an end other than giving up can be reached.
"""
import random
from collections import deque
from dataclasses import dataclass, field

from booking.calendar import window_days
from ivr.engine import MORE_KEY, PREVIOUS_KEY, visit
from ivr.keypad import KEYPAD, UNIVERSAL_KEYS
from tests.explorer.driver import Answer, Driver, LedgerGuard
from tests.documents import hkid
from tests.explorer.ledgers import CODE, LETTER
from booking.identity import encode_keypad
from tests.reliability.fuzzing import watching_failures

KEYS = (*sorted(KEYPAD - UNIVERSAL_KEYS), "*", "#", "")  # the digits, repeat, back; "" is silence
VALID, INVALID = "valid", "invalid"
FRESH = tuple(encode_keypad(hkid(serial, LETTER)) for serial in (800001, 800002, 800003, 800004))
BAD_CHECK_DIGIT = "*211234569"  # A123456(9)
# Entries tried at entry fields besides single keys: documents, days, years, dates, codes.
ENTRIES = {
    "document_number": (*FRESH[:2], BAD_CHECK_DIGIT),
    "birth_day": ("05", "32"),
    "birth_year": ("1985", "2999"),
    "chosen_date": ("3102",),  # plus the day on offer, from the call's data
    "enquiry_code": (CODE, "9999", "12"),
}
GENERIC_ENTRIES = ("05", "1985", CODE, FRESH[0], "32")
MAIN_MENU = "main.menu"
FAR_DAY = 40
PAGE_KEYS = (MORE_KEY, PREVIOUS_KEY)
END = "(end)"


def key_label(keys: str) -> str:
    """How a key is named in the coverage: the key, or 'silence'."""
    return keys or "silence"


@dataclass(frozen=True)
class Point:
    """Where a call stands, the way back as the caller made it, and the keys that led here."""

    answer: Answer
    trail: tuple[tuple[str, tuple[str, ...], int | None], ...]  # each menu, what was said, its visit
    path: tuple[str, ...]
    entered: tuple[str, ...] = ()  # what was said on entering this page: what * says again

    def identity(self) -> tuple:
        """Points that sound the same with the same way back are explored once."""
        return self.answer.step, self.answer.said, self.trail[-2:]

    def budget_key(self) -> tuple:
        """Points share a budget by step and by the flows on the way back: a booking step
        reached while changing an appointment has a budget of its own."""
        return self.answer.step, tuple(sorted({name.split(".")[0] for name, *_ in self.trail}))


@dataclass
class Report:
    """What the exploration reached and found wrong."""

    pairs: set = field(default_factory=set)  # (step, key label)
    violations: list = field(default_factory=list)
    turns: int = 0
    calls: int = 0

    def merge(self, other: "Report") -> None:
        """Add another exploration's findings to this one."""
        self.pairs |= other.pairs
        self.violations += other.violations
        self.turns += other.turns
        self.calls += other.calls


class Explorer:
    """Presses keys on one app (with one ledger) and checks each answer."""

    def __init__(self, app, documents: tuple[str, ...] = ()):
        line = app.extensions["line"]
        self.machine, self.driver = line.engine.machine, Driver(app)
        self.apologies = {line.prompts.render("common.apology", language) for language in line.prompts.languages.codes}
        self.documents = documents
        # A day late in the window: far enough ahead for the reminder to be offered.
        self.far_day = window_days(app.extensions["ledger"].today())[FAR_DAY]
        self.guard = LedgerGuard(app)
        self.report = Report()

    def close(self) -> None:
        """Stop watching the ledger."""
        self.guard.close()

    # -- one turn --------------------------------------------------------------------------

    def start(self) -> Point:
        """A new call, checked like any turn."""
        self.report.calls += 1
        with watching_failures() as failures:
            answer = self.driver.start()
        self._check_common(("(start)",), answer, failures)
        return Point(answer, self._trail((), answer, False), (), answer.said)

    def press(self, point: Point, keys: str) -> tuple[Answer | None, Point | None]:
        """Press ``keys`` at ``point``: the answer, and the point reached (None: the call ended)."""
        before = point.answer
        step = self.machine[before.step]
        with watching_failures() as failures:
            digits, answer = self.driver.press(before, keys)
        self.guard.restore()
        self.report.turns += 1
        path = point.path + (key_label(keys),)
        if answer is None:
            self._violation(path, f"at {before.step} the Gather falls through on {key_label(keys)!r}")
            return None, None
        label = key_label(keys)
        if step.kind == "entry" and len(digits) > 1:
            label = INVALID if answer.step == before.step and not answer.ended else VALID
        self.report.pairs.add((before.step, label))
        self._check_common(path, answer, failures)
        if digits == "*":
            self._check_repeat(path, point, answer)
        elif digits == "#" and step.kind != "entry":
            self._check_back(path, point, answer)
        if answer.ended:
            return answer, None
        back = digits == "#" and step.kind != "entry"
        trail = point.trail if back else self._restarted(point.trail, before.step, answer.step)
        moved, paged = answer.step != before.step, digits in PAGE_KEYS
        # A retry, or an entry refused (a date keyed right, the office not open): * says the page as entered.
        retried = not moved and (answer.stored.state.tries > 0 or self.machine[answer.step].kind == "entry")
        entered = point.entered if retried else answer.said
        return answer, Point(answer, self._trail(trail, answer, back, moved, paged), path, entered)

    def entries(self, point: Point) -> tuple[str, ...]:
        """Keys to try at ``point``: each key and silence; at an entry field, entries too."""
        step = self.machine[point.answer.step]
        if step.kind != "entry":
            return KEYS
        entries = list(ENTRIES.get(step.validator, GENERIC_ENTRIES))
        if step.validator == "document_number":
            entries += self.documents
        day = point.answer.data.get("day")
        if step.validator == "chosen_date" and day:
            entries += [day[8:10] + day[5:7], self.far_day.strftime("%d%m")]
        finish = point.answer.rules.rules.finish_on_key
        return KEYS + tuple(entry if step.digits or entry.endswith(finish) else entry + finish for entry in entries)

    # -- the way back, as the caller made it ------------------------------------------------

    def _restarted(self, trail, source: str, target: str):
        """The way back cut at a menu when every automatic path from ``source`` to ``target``
        passes a step that restarts it there (identification done: `#` leads to the main menu)."""
        restarts = self._restarts_between(source, target)
        names = [name for name, *_ in trail]
        if len(restarts) == 1 and None not in restarts and next(iter(restarts)) in names:
            return trail[: names.index(next(iter(restarts))) + 1]
        return trail

    def _restarts_between(self, source: str, target: str) -> set:
        """The way_back_from menus met on the automatic paths (announcements and actions) from
        ``source``'s targets to ``target``; None for a path that meets none."""
        found, queue, seen = set(), [(name, None) for name in self.machine[source].targets()], set()
        while queue:
            name, restart = queue.pop()
            if (name, restart) in seen or name not in self.machine.states:
                continue
            seen.add((name, restart))
            state = self.machine[name]
            restart = state.way_back_from or restart
            if name == target:
                found.add(restart)
            elif state.kind in ("announce", "action"):
                queue += [(following, restart) for following in state.targets()]
        return found

    def _trail(self, trail, answer: Answer, back: bool, moved: bool = True, paged: bool = False):
        """The way back after ``answer``: menus and confirmations only, each with what was said
        on entering it; ``#`` leaves the top one, a root menu starts it afresh, a rewinding
        step entered again cuts it back to its last visit."""
        if answer.ended or answer.step not in self.machine.states:
            return trail
        step = self.machine[answer.step]
        if step.kind == "entry":
            return trail
        if back:
            trail = trail[:-1]
        elif not moved and trail and trail[-1][0] == step.name:
            if paged:
                return trail  # another page: the menu as entered stays the same
            # A repeat or a retry ends with the menu as entered; a choice that came back to the same
            # menu (an office found full, no longer offered) says it as it now stands.
            return trail[:-1] + ((step.name, answer.said, visit(step, answer.data)),)
        names = [name for name, *_ in trail]
        if step.root:
            trail = ()
        elif step.rewind and step.name in names:
            trail = trail[: names.index(step.name)]
        if trail and trail[-1][0] in (step.name, step.page_of) and trail[-1][2] == visit(step, answer.data):
            # Another page of the menu on top (the next date after the earliest): `#` leaves the
            # pages together, like "more" pages, for the menu before them. The next applicant's
            # read-back is not the same menu again: `#` there goes back to the applicant before.
            trail = trail[:-1]
        return trail + ((step.name, answer.said, visit(step, answer.data)),)

    # -- checks -----------------------------------------------------------------------------

    def _violation(self, path, text: str) -> None:
        self.report.violations.append(f"{text} (keys: {','.join(path)})")

    def _check_common(self, path, answer: Answer, failures) -> None:
        if failures:
            self._violation(path, f"webhook failed: {failures[0].exc_info[1]!r}")
        if any(apology in said for said in answer.said for apology in self.apologies):
            self._violation(path, f"the technical-problem apology at {answer.step}")
        unfilled = [said for said in answer.said if "{" in said or "}" in said]
        if unfilled:
            self._violation(path, f"a placeholder left unfilled at {answer.step}: {unfilled[0]!r}")
        if not answer.said:
            self._violation(path, f"nothing said at {answer.step}")

    def _check_repeat(self, path, point: Point, after: Answer) -> None:
        step = point.answer.step
        if after.step != step or after.said != point.entered:
            self._violation(path, f"* at {step} said {after.said!r}, not what was said on entering: {point.entered!r}")

    def _check_back(self, path, point: Point, after: Answer) -> None:
        step = self.machine[point.answer.step]
        if step.back:
            expected, said = step.back, None
        elif step.root or len(point.trail) < 2:
            expected, said = step.name, point.entered
        else:
            expected, said, _ = point.trail[-2]
        kept = len(after.data.get("applicants", ())) - len(point.answer.data.get("applicants", ()))
        if kept < -1:
            self._violation(path, f"# at {step.name} took back {-kept} applicants, not one at most")
        if after.step != expected:
            self._violation(path, f"# at {step.name} went to {after.step}, not {expected}")
        elif said is not None and said[-len(after.said):] != after.said:
            self._violation(path, f"# at {step.name} said {after.said!r}, not what was said there: {said!r}")


def required_pairs(machine) -> set[tuple[str, str]]:
    """Every (step, key) pair of the flows: each key and silence at every input step, and at
    entry fields a valid and an invalid entry."""
    pairs = set()
    for name, step in machine.states.items():
        if step.kind in ("menu", "confirm", "entry"):
            pairs |= {(name, key_label(key)) for key in KEYS}
            if step.kind == "entry":
                pairs |= {(name, VALID), (name, INVALID)}
    return pairs


def breadth_first(explorer: Explorer, language_key: str, per_step: int, seeds=()) -> Report:
    """Try every key at every point reached, nearest points first, at most ``per_step`` points
    of each step (see ``Point.budget_key``); then check that every step reached leads to the main menu or an end.

    Every key is tried at the language menu, but only the call in the language of
    ``language_key`` is explored further (a budget spent on one language goes three times as
    deep). ``seeds`` are key paths (after the language) to points a bounded walk would reach
    too late, such as the second applicant of a group; they are explored first.
    """
    first = explorer.start()
    queue, seen, seeded = deque(), {first.identity()}, set()
    for seed in seeds:
        point = first
        for keys in (language_key, *seed):
            _, point = explorer.press(point, keys)
        queue.append(point)
        seeded.add(id(point))  # explored whatever the budget of its step
    queue.append(first)
    explored: dict[tuple, int] = {}
    leads_to: dict[str, set[str]] = {}  # step -> steps reached from it by one key
    first_path: dict[str, tuple] = {}
    while queue:
        point = queue.popleft()
        name, budget = point.answer.step, point.budget_key()
        if explored.get(budget, 0) >= per_step and id(point) not in seeded:
            continue
        explored[budget] = explored.get(budget, 0) + 1
        first_path.setdefault(name, point.path)
        for keys in explorer.entries(point):
            answer, reached = explorer.press(point, keys)
            if answer is not None:
                ending = answer.ended and answer.outcome != "gave_up"
                leads_to.setdefault(name, set()).add(END if ending else answer.step)
            if reached is None or (reached.answer.step == name and keys not in PAGE_KEYS):
                continue  # ended, or the same step again (a repeat or a retry): nothing new
            if point is first and keys != language_key:
                continue
            if reached.identity() not in seen:
                seen.add(reached.identity())
                queue.append(reached)
    _check_way_out(explorer, leads_to, first_path)
    return explorer.report


def _check_way_out(explorer: Explorer, leads_to: dict[str, set[str]], first_path: dict) -> None:
    """Every step explored leads, key by key, to the main menu or an end other than giving up."""
    reaching, changed = {MAIN_MENU, END}, True
    while changed:
        changed = False
        for step, nexts in leads_to.items():
            if step not in reaching and nexts & reaching:
                reaching.add(step)
                changed = True
    for step in sorted(leads_to.keys() - reaching):
        explorer._violation(first_path[step], f"no way to the main menu or an end from {step}")


def random_call(explorer: Explorer, rng: random.Random, max_turns: int = 60) -> None:
    """One call with keys drawn at random at every step, until the line hangs up."""
    point = explorer.start()
    for _ in range(max_turns):
        _, point = explorer.press(point, rng.choice(explorer.entries(point)))
        if point is None:
            return
