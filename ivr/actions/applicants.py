"""Hooks that take each applicant's document and birth details (SPEC §4.3.2)."""
from booking import identity
from booking.errors import CallerLimited, CallLimited, InvalidBirthDate, InvalidDocument
from ivr.actions.limits import caller_refusal
from ivr.prompts import PromptRef, Secret
from ivr.registry import Context, Invalid, Registry
from ivr.speech import DayOfMonth, Spelled, Year

HOOKS = Registry()  # this module's hooks; ivr/actions/__init__.py joins them

DOCUMENT_ERRORS = {
    "keypad": "booking.bad_keys",
    "format": "booking.bad_format",
    "check_digit": "booking.bad_check_digit",
}
HOOKS.speaks(
    "booking.duplicate_document", "booking.already_booked", "booking.bad_birth_day", "booking.bad_birth_year",
    *DOCUMENT_ERRORS.values(), *(f"booking.document_{doc_type}" for doc_type in identity.DOC_TYPES),
)


@HOOKS.action("check_may_book", ("yes", "caller_limited", "withheld_busy", "call_limited"))
def check_may_book(context: Context) -> str:
    """Whether this phone may book now: asked at main menu 1, before the caller keys anything."""
    try:
        context.services.ledger.check_may_book(context.caller.get("from", ""), context.caller.get("sid"))
    except (CallerLimited, CallLimited) as limited:
        return caller_refusal(context, limited)
    return "yes"


@HOOKS.action("begin_applicants", ("next",))
def begin_applicants(context: Context) -> str:
    """Start (or start again) a booking with nothing taken yet but the number of applicants."""
    count = context.data["applicant_count"]
    context.data.clear()
    # Most applicants hold an identity card: it is taken as the document unless the caller keys 0.
    context.data.update(applicant_count=count, applicants=[], purpose="book", doc_type=identity.HKID)
    return "next"


@HOOKS.param("applicant_number")
def applicant_number(context: Context) -> dict:
    """Which applicant is being entered (1-based): the next one, or the place refused at the confirmation."""
    data = context.data
    return {"number": data.get("replacing", len(data["applicants"])) + 1}


@HOOKS.param("document_request")
def document_request(context: Context) -> dict:
    """Which applicant is being entered, and the kind of document asked for."""
    return {**applicant_number(context), "document": PromptRef(f"booking.document_{context.data['doc_type']}")}


@HOOKS.validator("document_number")
def document_number(keys: str, context: Context) -> str:
    """The canonical document number keyed in (letters as ``*`` + key + position)."""
    doc_type = context.data["doc_type"]
    try:
        keyed = identity.decode_keypad(keys)
        number = identity.normalize(doc_type, keyed)
    except InvalidDocument as invalid:
        if invalid.reason == "check_digit":
            # Said plainly, number then check digit, so the caller can find a mistyped character.
            cleaned = "".join(character for character in keyed.upper() if character.isalnum())
            raise Invalid("booking.bad_check_digit", number=Secret(Spelled(cleaned[:-1])),
                          check=Secret(Spelled(cleaned[-1]))) from None
        raise Invalid(DOCUMENT_ERRORS[invalid.reason]) from None
    return number


@HOOKS.param("document_readback")
def document_readback(context: Context) -> dict:
    """The document number, character by character (never logged)."""
    data = context.data
    return {"number": Secret(spelled_document(data["doc_type"], data["doc_number"]))}


def spelled_document(doc_type: str, number: str) -> Spelled:
    """How a document number is read back: an HK number's check character is in brackets."""
    return Spelled(number, bracket_last=doc_type != identity.TRAVEL)


@HOOKS.validator("birth_day")
def birth_day(keys: str, context: Context) -> int:
    """The day of birth, two digits."""
    try:
        return identity.parse_birth_day(keys)
    except InvalidBirthDate:
        raise Invalid("booking.bad_birth_day") from None


@HOOKS.validator("birth_year")
def birth_year(keys: str, context: Context) -> int:
    """The year of birth, four digits, from 1900 to this year."""
    try:
        return identity.parse_birth_year(keys, context.services.today())
    except InvalidBirthDate:
        raise Invalid("booking.bad_birth_year") from None


@HOOKS.param("applicant_readback")
def applicant_readback(context: Context) -> dict:
    """The document number, day and year of birth as words, read back together (never logged)."""
    data = context.data
    return {
        **document_readback(context),
        "day": Secret(DayOfMonth(data["birth_day"])),
        "year": Secret(Year(data["birth_year"])),
    }


@HOOKS.action("check_not_entered", ("new", "known", "refused", "refused_alone"))
def check_not_entered(context: Context) -> str:
    """Whether this document was entered already for another applicant of this call; "known"
    when only the number was changed at the read-back: the birth date keyed stays."""
    data = context.data
    for index, applicant in enumerate(data["applicants"], start=1):
        # An HK birth certificate carries its holder's identity card number: same number, same person.
        if applicant["doc_number"] == data["doc_number"]:
            context.say("booking.duplicate_document", applicant=index)
            return _refused(data)
    return "known" if "birth_year" in data else "new"


@HOOKS.action(
    "check_document_free", ("free", "refused", "refused_alone", "caller_limited", "withheld_busy", "call_limited")
)
def check_document_free(context: Context) -> str:
    """Whether the document already has an active appointment (one per person).

    The ledger is asked only once the day and year of birth are in, and the look-up counts
    against the calling number: whether a document is booked is said only to a caller who
    keyed its matching birth date (SPEC §2).
    """
    data = context.data
    try:
        booked = context.services.ledger.booked_for(
            data["doc_type"], data["doc_number"], data["birth_day"], data["birth_year"],
            context.caller.get("from", ""), context.caller.get("sid"))
    except (CallerLimited, CallLimited) as limited:
        return caller_refusal(context, limited)
    if booked:
        context.say("booking.already_booked")
        return _refused(data)
    return "free"


def _refused(data: dict) -> str:
    """The refusal menu: going on without this applicant is offered only when others remain."""
    # Another document keyed for this place may be another person's: its birth date is asked again.
    for name in ("birth_day", "birth_year"):
        data.pop(name, None)
    return "refused" if data["applicant_count"] > 1 else "refused_alone"


def refused_at_commit(data: dict, index: int) -> str:
    """Take out the applicant the booking refused (0-based ``index``), keeping their place to key
    another document for or to give up; the others, the slot and the code stay (SPEC §4 3.9)."""
    del data["applicants"][index]
    data.update(replacing=index, doc_type=identity.HKID)
    return _refused(data)


@HOOKS.action("skip_applicant", ("more", "done", "resume"))
def skip_applicant(context: Context) -> str:
    """Go on without the refused applicant: one place fewer, those already taken kept."""
    data = context.data
    data["applicant_count"] -= 1
    # An office full for one more applicant may have room now.
    for name in ("doc_type", "doc_number", "birth_day", "birth_year", "full_offices"):
        data.pop(name, None)
    return _next_applicant(data)


@HOOKS.action("save_applicant", ("more", "done", "resume"))
def save_applicant(context: Context) -> str:
    """Keep the applicant just confirmed, in the place refused at the confirmation if there is one;
    ask for the next one until all are in."""
    data = context.data
    fields = ("doc_type", "doc_number", "birth_day", "birth_year")
    applicant = {name: data.pop(name) for name in fields}
    data["applicants"].insert(data.get("replacing", len(data["applicants"])), applicant)
    return _next_applicant(data)


def _next_applicant(data: dict) -> str:
    if data.pop("replacing", None) is not None:
        return "resume"  # the place refused at the confirmation is settled: back to the confirmation
    if len(data["applicants"]) < data["applicant_count"]:
        data["doc_type"] = identity.HKID  # the next applicant's default document, as for the first
        return "more"
    return "done"
