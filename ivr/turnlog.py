"""The call-log record of one webhook turn, with every secret masked."""
import time

from booking.identity import mask_phone
from ivr.flowspec import Machine
from ivr.turns import CallState, Turn


def turn_record(machine: Machine, previous: CallState | None, state: CallState, turn: Turn, digits) -> dict:
    """What supervisors may see of one turn: what was said, the keys (masked), the events."""
    return {
        "sid": state.caller.get("sid", ""),
        "at": time.time(),
        "turn": state.turn,
        "from_step": previous.step if previous else None,
        "keys": masked_keys(machine, previous, digits),
        "step": turn.step,
        "events": list(turn.events),
        "said": [{"prompt": s.prompt_id, "language": s.language, "text": s.logged} for s in turn.speech],
        "language": state.language,
        "outcome": turn.outcome,
        "hangup": turn.hangup,
        "caller": mask_phone(state.caller.get("from", "")) if previous is None else None,
    }


def masked_keys(machine: Machine, previous: CallState | None, digits) -> str | None:
    """Menu keys as pressed; keys typed into a sensitive entry field only as a count."""
    if previous is None:
        return None
    digits = digits or ""
    step = machine[previous.step]
    if digits and step.kind == "entry" and step.sensitive and digits != "*":
        return f"[{len(digits)} keys hidden]"
    return digits
