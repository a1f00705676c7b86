"""Checks on a booking request before it reaches Redis: nothing invalid is ever stored."""
import dataclasses
import datetime as dt

from booking import identity
from booking.errors import DuplicateDocument, InvalidDocument, InvalidRequest
from booking.model import APPLICATION_TYPES, MAX_APPLICANTS, Applicant, BookingRequest

CODE_DIGITS = 4


def check_enquiry_code(code: str) -> str:
    """The enquiry code when it is exactly four digits."""
    if not (isinstance(code, str) and len(code) == CODE_DIGITS and code.isdigit()):
        raise InvalidRequest("the enquiry code must be four digits")
    return code


def check_applicant_count(count: int) -> int:
    """The number of applicants when it is 1 to 4."""
    if not (isinstance(count, int) and 1 <= count <= MAX_APPLICANTS):
        raise InvalidRequest(f"a booking has 1 to {MAX_APPLICANTS} applicants")
    return count


def check_request(request: BookingRequest, today: dt.date, languages: tuple[str, ...]) -> tuple[Applicant, ...]:
    """The applicants with canonical numbers; raises on any invalid field (0-based indexes)."""
    check_applicant_count(len(request.applicants))
    if request.app_type not in APPLICATION_TYPES:
        raise InvalidRequest(f"unknown application type {request.app_type!r}")
    if request.language not in languages:
        raise InvalidRequest(f"unknown language {request.language!r}")
    if request.reminder_phone is not None and not request.reminder_phone.strip():
        raise InvalidRequest("an empty reminder phone number")
    check_enquiry_code(request.enquiry_code)
    checked = tuple(_check_applicant(a, index, today) for index, a in enumerate(request.applicants))
    _refuse_duplicates(checked)
    return checked


def _check_applicant(applicant: Applicant, index: int, today: dt.date) -> Applicant:
    try:
        number = identity.normalize(applicant.doc_type, applicant.number)
    except InvalidDocument as error:
        raise InvalidDocument(error.reason, index) from None
    identity.check_birth(applicant.birth_day, applicant.birth_year, today)
    return dataclasses.replace(applicant, number=number)


def _refuse_duplicates(applicants: tuple[Applicant, ...]) -> None:
    seen: dict[tuple[str, str], int] = {}
    for index, applicant in enumerate(applicants):
        key = (identity.document_namespace(applicant.doc_type), applicant.number)
        if key in seen:
            raise DuplicateDocument(seen[key], index)
        seen[key] = index
