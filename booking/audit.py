"""The staff audit trail: who looked at, cancelled or unlocked what, when, and why.

One Redis stream, trimmed by entry id (a time) on each write so it keeps the retention period.
An entry names a booking reference or a document only by its masked form: never a number,
birth date or code in clear. The reason is what the clerk typed, kept as written.
"""
import logging
import time
from dataclasses import dataclass

from store import keys

log = logging.getLogger(__name__)

SHOWN, CANCELLED, UNLOCKED = "showed booking", "cancelled booking", "unlocked document"
DAY_SECONDS = 24 * 3600


@dataclass(frozen=True)
class StaffAction:
    """One thing a member of staff did."""

    at: float
    staff: str
    action: str
    subject: str
    reason: str


def record(client, staff: str, action: str, subject: str, retention_days: float, reason: str = "") -> None:
    """Append one action (``subject``: a reference or a masked document) and drop those past retention."""
    now = time.time()
    oldest_id = int((now - retention_days * DAY_SECONDS) * 1000)
    entry = {"at": now, "staff": staff, "action": action, "subject": subject, "reason": reason}
    client.xadd(keys.staff_audit_trail(), entry, minid=oldest_id, approximate=False)
    log.info("staff audit: %s %s %s", staff, action, subject)


def recent(client, limit: int = 200) -> list[StaffAction]:
    """The newest actions first."""
    return [
        StaffAction(float(fields["at"]), fields["staff"], fields["action"], fields["subject"], fields["reason"])
        for _, fields in client.xrevrange(keys.staff_audit_trail(), count=limit)
    ]
