"""Every key at every step of the four flows, over an empty and a busy ledger (see tests/explorer)."""
import time

from store.connection import redis_of
from tests.explorer import ledgers
from tests.explorer.explore import FRESH, Explorer, Report, breadth_first, required_pairs
from tests.explorer.ledgers import CODE

# Ledger, the language explored in it, and the points explored per step: enough for every
# (step, key) pair in every language, bounded for CI.
BUDGET = ((ledgers.busy, "3", 6), (ledgers.empty, "1", 2), (ledgers.busy, "2", 1))
# Points that lie deep start walks of their own: a group booking's second applicant (applicant
# one keyed), the same document again for applicant two (refused), applicant two's read-back
# (`#` there goes back to applicant one's, with applicant one kept), a date far enough ahead for
# the reminder choice at the confirmation, and each document of the ledger keyed for a booking
# (up to its read-back) and for an enquiry.
APPLICANT = ("05", "1985", "1")
SEEDS = (
    ["1", "2", FRESH[0], *APPLICANT],
    ["1", "2", FRESH[0], *APPLICANT, FRESH[0]],
    ["1", "2", FRESH[0], *APPLICANT, FRESH[1], *APPLICANT[:2]],
    ["1", "1", FRESH[1], *APPLICANT, "6", "1", "4", "0112", "1", "1", "1", CODE],
)


def seeds(ledger):
    """The key paths the walk starts from besides the language menu."""
    # Whether a document is booked is said after its birth date (SPEC §2): the booking seeds key
    # the ledger's documents up to the read-back of the number with the birth date.
    documents = ledger.documents
    booking = [["1", "1", document, "05", "1985"] for document in documents]
    managing = [[menu, "1", document, "1"] for document in documents for menu in ("2", "3", "4")]
    # A document booked under another birth date is refused only at the confirmation: a group of
    # two confirms (office 2, its earliest offer) to the refusal of its second applicant.
    squatted = [["1", "2", FRESH[0], *APPLICANT, ledger.squatted, *APPLICANT, "6", "2", "1", CODE, "1"]]
    # A change of the first document to its own office, date and time: no change.
    unchanged = [["3", "1", documents[0], "1", CODE, *ledger.same_slot]] if ledger.same_slot else []
    return SEEDS + tuple(booking + managing + (squatted if ledger.squatted else []) + unchanged)


def test_every_key_at_every_step_is_answered_properly(app):
    started, report = time.monotonic(), Report()
    for make_ledger, language_key, per_step in BUDGET:
        redis_of(app).flushdb()
        ledger = make_ledger(app)
        explorer = Explorer(app, ledger.documents)
        try:
            report.merge(breadth_first(explorer, language_key, per_step, seeds(ledger)))
        finally:
            explorer.close()
    required = required_pairs(explorer.machine)
    print(f"\nflow explorer: {len(report.pairs & required)} of {len(required)} (step, key) pairs reached, "
          f"{report.turns} turns, {len(report.violations)} violations, {time.monotonic() - started:.0f} s")
    assert report.violations == [], "\n".join(report.violations)
    assert sorted(required - report.pairs) == []
