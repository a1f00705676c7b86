"""The audit trail: who opened which call and when, every login (refused and throttled ones), every lifted throttle.

One Redis stream, trimmed by entry id (a time) on each write so it keeps the retention period.
"""
import logging
import time
from dataclasses import dataclass

from store import keys
from store.calllog import retention_seconds

log = logging.getLogger(__name__)

OPENED_CALL, REPLAYED_CALL = "opened call", "replayed call"
LOGIN, LOGIN_REFUSED, LOGOUT = "login", "login refused", "logout"
# Throttled: once per address and throttle spell, so a flood of attempts cannot flood the trail.
LOGIN_THROTTLED, THROTTLE_LIFTED = "login throttled", "throttle lifted"
# A refused login for a name that is not an account: the typed name is not kept, as it may
# be anything at all (a password typed in the wrong field, say).
UNKNOWN_ACCOUNT = "(unknown account)"


@dataclass(frozen=True)
class AuditEntry:
    """One thing a supervisor did."""

    at: float
    supervisor: str
    action: str
    call: str
    via: str


def record(client, supervisor: str, action: str, retention_days: float, call: str = "", via: str = "web") -> None:
    """Append an entry (``via`` is "web" or "cli:<OS user>") and drop those past retention."""
    now = time.time()
    oldest_id = int((now - retention_seconds(retention_days)) * 1000)
    entry = {"at": now, "supervisor": supervisor, "action": action, "call": call, "via": via}
    # Exact trimming: an audit trail with a few entries a day would never fill an approximate node.
    client.xadd(keys.audit_trail(), entry, minid=oldest_id, approximate=False)
    log.info("audit: %s %s %s via %s", supervisor, action, call or "-", via)


def recent(client, limit: int = 200) -> list[AuditEntry]:
    """The newest entries first."""
    return [
        AuditEntry(float(fields["at"]), fields["supervisor"], fields["action"], fields.get("call", ""), fields["via"])
        for _, fields in client.xrevrange(keys.audit_trail(), count=limit)
    ]
