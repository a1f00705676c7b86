"""Identity documents: keypad decoding, check digits, masking and keyed hashes (SPEC §4)."""
import datetime as dt
import re

from booking.errors import InvalidBirthDate, InvalidDocument, InvalidKeypadEntry
from booking.keyring import keyring_of

HKID = "hkid"
BIRTH_CERT = "birth_cert"
TRAVEL = "travel"
DOC_TYPES = (HKID, BIRTH_CERT, TRAVEL)

# Letters on each phone key; "*21" is the first letter of key 2 (A), "*94" is Z.
KEYPAD_LETTERS = {
    "2": "ABC", "3": "DEF", "4": "GHI", "5": "JKL",
    "6": "MNO", "7": "PQRS", "8": "TUV", "9": "WXYZ",
}
HK_NUMBER = re.compile(r"([A-Z]{1,2})([0-9]{6})([0-9A])")
TRAVEL_NUMBER = re.compile(r"[A-Z0-9]{5,20}")
CLEAN = re.compile(r"[\s()\-]")
PAD_VALUE = 36  # a one-letter prefix is padded with a space worth 36
EARLIEST_BIRTH_YEAR = 1900


def decode_keypad(keys: str) -> str:
    """The characters keyed as digits and ``*`` + key + position ("*21" is A; "#" may end it)."""
    keys = keys[:-1] if keys.endswith("#") else keys
    characters, i = [], 0
    while i < len(keys):
        if keys[i].isdigit():
            characters.append(keys[i])
            i += 1
            continue
        characters.append(_keypad_letter(keys[i:i + 3]))
        i += 3
    if not characters:
        raise InvalidKeypadEntry()
    return "".join(characters)


def encode_keypad(number: str) -> str:
    """How a caller keys ``number``: a letter is ``*``, its key, its place; ``#`` ends (inverse of decode_keypad)."""
    keyed = []
    for character in number:
        key = next((k for k, letters in KEYPAD_LETTERS.items() if character in letters), None)
        keyed.append(f"*{key}{KEYPAD_LETTERS[key].index(character) + 1}" if key else character)
    return "".join(keyed) + "#"


def _keypad_letter(triple: str) -> str:
    letters = KEYPAD_LETTERS.get(triple[1:2], "")
    position = triple[2:3]
    if triple[:1] != "*" or not position.isdigit() or not 1 <= int(position) <= len(letters):
        raise InvalidKeypadEntry()
    return letters[int(position) - 1]


def check_character(prefix: str, digits: str) -> str:
    """The government check character ("0"-"9" or "A") for a prefix and six digits."""
    values = [ord(letter) - ord("A") + 10 for letter in prefix]
    if len(values) == 1:
        values.insert(0, PAD_VALUE)
    values += [int(digit) for digit in digits]
    total = sum(value * weight for value, weight in zip(values, range(9, 1, -1)))
    check = (11 - total % 11) % 11
    return "A" if check == 10 else str(check)


def normalize(doc_type: str, raw: str) -> str:
    """The canonical number (upper case, no brackets or spaces), or ``InvalidDocument``."""
    if doc_type not in DOC_TYPES:
        raise InvalidDocument("format")
    number = CLEAN.sub("", raw or "").upper()
    if doc_type == TRAVEL:
        if not TRAVEL_NUMBER.fullmatch(number):
            raise InvalidDocument("format")
        return number
    match = HK_NUMBER.fullmatch(number)
    if not match:
        raise InvalidDocument("format")
    prefix, digits, check = match.groups()
    if check_character(prefix, digits) != check:
        raise InvalidDocument("check_digit")
    return number


def is_valid(doc_type: str, raw: str) -> bool:
    """True when ``raw`` is a valid number of ``doc_type``."""
    try:
        normalize(doc_type, raw)
    except InvalidDocument:
        return False
    return True


def display(number: str) -> str:
    """The usual written form: the check character of an HK number in brackets."""
    if HK_NUMBER.fullmatch(number):
        return f"{number[:-1]}({number[-1]})"
    return number


def mask(number: str, doc_type: str | None = None) -> str:
    """A form safe for logs and rosters: at most the first two characters, e.g. "A1*****(*)"."""
    shown = number[:2]
    if doc_type != TRAVEL and HK_NUMBER.fullmatch(number):
        return f"{shown}{'*' * (len(number) - 3)}(*)"
    return shown + "*" * max(len(number) - 2, 0)


def mask_phone(number: str) -> str:
    """A telephone number safe for logs: all but its last three digits hidden."""
    return "*" * max(len(number) - 3, 0) + number[-3:] if number else ""


def document_namespace(doc_type: str) -> str:
    """The numbering a document belongs to: "hk" (HKID and birth certificate) or "travel"."""
    # An HK birth certificate carries its holder's identity card number: one person, one
    # namespace, so the same number cannot be booked twice under the two document types.
    return "travel" if doc_type == TRAVEL else "hk"


def keyed_hash(secret, message: str, like: str | None = None) -> str:
    """HMAC-SHA256 of ``message`` under ``secret``'s hashing key (or that of ``like``'s key id), with the key id."""
    return keyring_of(secret).hash(message, like)


def document_hash(secret, doc_type: str, number: str) -> str:
    """The keyed hash that stands for a canonical document number in storage (current key)."""
    return keyed_hash(secret, _document_message(doc_type, number))


def document_hashes(secret, doc_type: str, number: str) -> list[str]:
    """The document's keyed hash under every key of the ring, the current one first."""
    return keyring_of(secret).hashes(_document_message(doc_type, number))


def _document_message(doc_type: str, number: str) -> str:
    return f"doc:{document_namespace(doc_type)}:{number}"


def check_birth(day: int, year: int, today: dt.date | None = None) -> None:
    """Raise ``InvalidBirthDate`` unless day is 1-31 and year is 1900 to the current year."""
    if not (isinstance(day, int) and 1 <= day <= 31):
        raise InvalidBirthDate("day")
    this_year = (today or dt.date.today()).year
    if not (isinstance(year, int) and EARLIEST_BIRTH_YEAR <= year <= this_year):
        raise InvalidBirthDate("year")


def parse_birth_day(text: str) -> int:
    """The day of birth from two keyed digits ("01"-"31")."""
    if not (len(text) == 2 and text.isdigit()):
        raise InvalidBirthDate("day")
    check_birth(int(text), EARLIEST_BIRTH_YEAR)
    return int(text)


def parse_birth_year(text: str, today: dt.date | None = None) -> int:
    """The year of birth from four keyed digits (1900 to the current year)."""
    if not (len(text) == 4 and text.isdigit()):
        raise InvalidBirthDate("year")
    check_birth(1, int(text), today)
    return int(text)
