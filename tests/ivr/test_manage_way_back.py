"""After identification, `#` never leads back into it: the code is not asked again."""
import datetime as dt

import pytest

from tests.documents import hkid
from tests.ivr.calls import heard
from tests.ivr.manage_calls import CANCEL, CHANGE, book_ahead, identify

MAIN_MENU = "1: book."
CODE_PROMPT = "Enter the four-digit enquiry code"
DAY = dt.date(2026, 12, 7)


@pytest.mark.parametrize("task", [CHANGE, CANCEL], ids=["change", "cancel"])
def test_hash_after_identification_returns_to_the_main_menu(app, task):
    number = hkid(620001)
    book_ahead(app, number, DAY)
    said = heard(app, identify("3", task, number) + ["#"])
    assert said[-1].startswith(MAIN_MENU), said[-3:]
    assert sum(CODE_PROMPT in text for text in said) == 1
