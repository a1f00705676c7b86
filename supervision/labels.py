"""What people read instead of ids: the one table of labels for flows, steps, outcomes and events.

Pages and terminal text show these labels; JSON keeps the ids (and adds the labels), and the
pages keep each id in a tooltip. A step missing from the table is named from the flows: its
flow's label and its state name in words, so a new step reads sensibly before it is labelled.
"""
from ivr.flowspec import Machine
from languages import LINE, Languages

# The flows as supervisors think of them, in the order a call meets them; the funnel has one
# section per flow, in this order.
FLOW_LABELS = {
    "main": "Start of the call",
    "booking": "Booking",
    "manage": "Enquire, change or cancel",
    "info": "Information",
}

# The steps a call can stop at: where the line waits for keys, or where it says goodbye.
STEP_LABELS = {
    "main.language": "Language menu",
    "main.menu": "Main menu",
    "booking.start": "Number of applicants",
    "booking.doc_first": "Identity card number",
    "booking.doc_type": "Another document type",
    "booking.doc_number": "Document number",
    "booking.birth_day": "Day of birth",
    "booking.birth_year": "Year of birth",
    "booking.applicant_confirm": "Document and birth date read back",
    "booking.refused": "Applicant refused",
    "booking.app_type": "Application type",
    "booking.office": "Office",
    "booking.date_offer": "Earliest date and time offered",
    "booking.next_offer": "Next date and time offered",
    "booking.enter_date": "Date keyed in",
    "booking.hours": "Hour",
    "booking.times": "Time",
    "booking.time_confirm": "Time read back",
    "booking.code": "Enquiry code",
    "booking.confirm_remind": "Code read back, confirm (with reminder choice)",
    "booking.confirm": "Code read back, confirm",
    "booking.booked": "Booked",
    "booking.goodbye": "Goodbye",
    "manage.doc_type": "Document type",
    "manage.doc_number": "Document number",
    "manage.doc_confirm": "Document number read back",
    "manage.code": "Enquiry code",
    "manage.not_found": "Not found",
    "manage.details": "Appointment read back",
    "manage.enquiry_menu": "Enquiry menu",
    "manage.change_summary": "Change summary, confirm",
    "manage.cancel_confirm": "Cancellation, confirm",
    "info.offices": "Offices",
    "info.other": "Other information",
    "info.documents": "Documents to bring",
}
# Where a call was when it failed before the line had logged a step.
NO_STEP = "(before the first prompt)"
NO_STEP_LABEL = "Before the first prompt"

OUTCOME_LABELS = {
    "booked": "Booked",
    "enquired": "Enquired",
    "changed": "Changed",
    "cancelled": "Cancelled",
    "information": "Heard information",
    "gave_up": "Gave up after 3 tries",
    "caller_hung_up": "Caller hung up",
    "error": "Line failed (apology)",
    "in_progress": "Still on the line",
}

# A call that ended before its caller chose a language; the others are named by the line's table.
NO_LANGUAGE, NO_LANGUAGE_LABEL = "none", "No language chosen"

# What happened at a turn, as the replay notes it.
EVENT_LABELS = {
    "no_input": "no key pressed",
    "wrong_input": "wrong input",
    "repeat": "asked to hear it again (*)",
    "back": "went back (#)",
    "more": "asked for more choices",
    "gave_up": "three tries failed: the line gave the other channels and said goodbye",
    "error": "the line failed here: the caller heard an apology and the line hung up",
}


def flow_of(step: str) -> str:
    """The flow a step id belongs to (``booking`` of ``booking.doc_confirm``)."""
    return step.split(".", 1)[0] if "." in step else ""


def flow_label(flow: str) -> str:
    """A flow's label."""
    return FLOW_LABELS.get(flow) or _words(flow).capitalize()


def step_label(step: str | None) -> str:
    """A step's label; an unlabelled step as its flow's label and its name in words."""
    if not step:
        return "–"
    if step == NO_STEP:
        return NO_STEP_LABEL
    if step in STEP_LABELS:
        return STEP_LABELS[step]
    flow, _, name = step.rpartition(".")
    return f"{flow_label(flow)}: {_words(name)}" if flow else _words(name).capitalize()


def full_step_label(step: str | None) -> str:
    """A step's label with its flow's, for where steps of every flow are mixed (``Booking · Office``)."""
    flow = flow_of(step or "")
    label = step_label(step)
    if not flow or label.startswith(flow_label(flow)):
        return label
    return f"{flow_label(flow)} · {label}"


def outcome_label(outcome: str | None) -> str:
    """An outcome's label."""
    return OUTCOME_LABELS.get(outcome or "", _words(outcome or "-").capitalize())


def language_label(language: str | None, languages: Languages = LINE) -> str:
    """A language's name (the app's table of languages), or ``-`` for none."""
    if language in languages:
        return languages[language].name
    return NO_LANGUAGE_LABEL if language == NO_LANGUAGE else language or "-"


def language_order(seen, languages: Languages = LINE) -> list[str]:
    """The languages ``seen`` in the order of the language menu, a call that chose none last."""
    known = languages.codes
    return sorted(seen, key=lambda language: (known.index(language) if language in known else len(known), language))


def event_label(event: str) -> str:
    """An event's label."""
    return EVENT_LABELS.get(event, _words(event))


def flow_order(machine: Machine) -> dict[str, int]:
    """Each step's place in the flows: flows in the order of FLOW_LABELS, steps as the flow files list them."""
    flows = list(FLOW_LABELS)
    flows += sorted({flow_of(name) for name in machine.states} - set(flows))
    ranked = sorted(machine.states, key=lambda name: flows.index(flow_of(name)))
    return {name: place for place, name in enumerate(ranked)}


def successes(machine: Machine) -> frozenset[str]:
    """The outcomes the flows declare: a call ending with one got what it came for."""
    return frozenset(state.outcome for state in machine.states.values() if state.outcome)


def _words(name: str) -> str:
    return name.replace("_", " ")
