"""The booking record as stored in its Redis hash, and back to a ``Booking``.

Documents are stored as keyed hashes plus a masked form, the enquiry code as an HMAC keyed
with the secret and bound to a salt of its own, birth data as one HMAC per applicant, and the
reminder phone sealed (it must be read back to send the SMS). Nothing personal is stored in
clear.
"""
import datetime as dt
import json
import secrets

from booking import identity
from booking.calendar import HK_TZ
from booking.model import ACTIVE, Applicant, Booking, BookingRequest
from booking.sealing import seal
from store import keys

HOLD_GRACE_DAYS = 1


def code_hash(secret, salt: str, code: str, like: str | None = None) -> str:
    """The stored form of an enquiry code, bound to its booking's salt (``like``: under the key of that stored hash)."""
    return identity.keyed_hash(secret, f"code:{salt}:{code}", like)


def code_salt(record: dict) -> str:
    """What the record's code hash is bound to: its salt (before salts were kept, its reference)."""
    return record.get("code_salt") or record["reference"]


def birth_hash(secret, document: str, day: int, year: int) -> str:
    """The stored form of one applicant's day and year of birth, bound to the document (and its key)."""
    return identity.keyed_hash(secret, f"birth:{document}:{day:02d}:{year:04d}", like=document)


def new_record(secret, request: BookingRequest, applicants: tuple[Applicant, ...],
               created_at: dt.datetime) -> dict:
    """The hash fields of a new booking but its reference, which the booking script adds."""
    documents = [identity.document_hash(secret, a.doc_type, a.number) for a in applicants]
    # The salt, not the reference, binds the code: the reference is taken inside the script.
    salt = secrets.token_hex(8)
    return {
        "office": request.office,
        "day": request.day.isoformat(),
        "time": request.time,
        "app_type": request.app_type,
        "applicants": str(len(applicants)),
        "masked": json.dumps([identity.mask(a.number, a.doc_type) for a in applicants]),
        "documents": json.dumps(documents),
        "births": json.dumps([birth_hash(secret, d, a.birth_day, a.birth_year)
                              for d, a in zip(documents, applicants)]),
        "code_salt": salt,
        "code": code_hash(secret, salt, request.enquiry_code),
        "status": ACTIVE,
        "reminder": "1" if request.reminder_phone else "0",
        "phone": seal(secret, request.reminder_phone) if request.reminder_phone else "",
        "language": request.language,
        "created_at": created_at.isoformat(),
    }


def booked_document_hashes(record: dict) -> list[str]:
    """The keyed hashes of the booking's documents."""
    return json.loads(record["documents"])


def document_keys(record: dict) -> list[str]:
    """The active-document keys of the booking's documents."""
    return [keys.document_active(document) for document in booked_document_hashes(record)]


def hold_seconds(day: dt.date, now: dt.datetime) -> int:
    """How long an active-document key lives: to the end of the day after the appointment."""
    # The one-appointment rule lapses once the day has passed (the scripts compare the day);
    # the key outlives it a little so a clock skew never frees a document early.
    last_day = day + dt.timedelta(days=HOLD_GRACE_DAYS)
    expires = dt.datetime.combine(last_day + dt.timedelta(days=1), dt.time(), HK_TZ)
    return max(int((expires - now).total_seconds()), 1)


def booking_of(record: dict) -> Booking:
    """The ``Booking`` a stored hash describes."""
    # ``closed`` names the office and day staff closed; once the booking moves it no longer matches.
    closed = record.get("closed") == closure_mark(record["office"], record["day"])
    return Booking(
        reference=record["reference"],
        office=record["office"],
        day=dt.date.fromisoformat(record["day"]),
        time=record["time"],
        app_type=record["app_type"],
        applicants=int(record["applicants"]),
        documents=tuple(json.loads(record["masked"])),
        status=record["status"],
        reminder=record["reminder"] == "1",
        language=record["language"],
        created_at=dt.datetime.fromisoformat(record["created_at"]),
        office_closed=closed,
        reminder_held=closed and record.get("reminder_held") == "1",
    )


def closure_mark(office: str, day: str) -> str:
    """What a booking record's ``closed`` field holds while its office is closed on its day."""
    return f"{office}|{day}"
