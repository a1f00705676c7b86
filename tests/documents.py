"""Identity document numbers for tests and benchmarks, made from serial numbers."""
from booking.identity import check_character

SERIALS_PER_LETTER = 1_000_000


def hkid(serial: int, prefix: str | None = None) -> str:
    """A valid HKID number (canonical, no brackets) made from a serial number.

    Without ``prefix`` the millions pick the letter (A for serials below a million), so a
    serial below 26 million makes a distinct number.
    """
    if prefix is None:
        prefix, serial = chr(ord("A") + serial // SERIALS_PER_LETTER), serial % SERIALS_PER_LETTER
    digits = f"{serial:06d}"
    return f"{prefix}{digits}{check_character(prefix, digits)}"
