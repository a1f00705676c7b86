"""The table of languages: a table that must not run is refused at start-up, naming what is wrong."""
import json

import pytest

from app import create_app
from languages import DEFAULT_FILE, LINE, LanguageError, load_languages

ROWS = json.loads(DEFAULT_FILE.read_text(encoding="utf-8"))["languages"]


def table(tmp_path, rows):
    path = tmp_path / "languages.json"
    path.write_text(json.dumps({"languages": rows}), encoding="utf-8")
    return path


def test_the_line_speaks_its_table_in_menu_order():
    assert [(row.code, row.menu_key) for row in LINE] == [(row["code"], row["menu_key"]) for row in ROWS]
    assert load_languages(DEFAULT_FILE) == LINE


@pytest.mark.parametrize("change, refusal", [
    (lambda rows: rows[1].update(menu_key="1"), "every language needs its own menu_key"),
    (lambda rows: rows[1].update(code="zh-HK"), "every language needs its own code"),
    (lambda rows: rows[0].update(menu_key="9"), "language zh-HK: menu_key '9' is not one of 1-8"),
    (lambda rows: rows[2].update(speech_rate=0), "language en-GB: speech_rate must be a positive number"),
    (lambda rows: rows[0].pop("espeak_voice"), "language #0: needs exactly the fields"),
    (lambda rows: rows.pop(2), "no row for en-GB, the language staff read"),
    (lambda rows: rows.clear(), "every language needs its own code"),
])
def test_a_table_that_must_not_run_is_refused(tmp_path, change, refusal):
    rows = json.loads(json.dumps(ROWS))
    change(rows)
    with pytest.raises(LanguageError, match=refusal):
        load_languages(table(tmp_path, rows))


def test_an_unreadable_table_is_refused(tmp_path):
    (tmp_path / "languages.json").write_text("{", encoding="utf-8")
    with pytest.raises(LanguageError, match="cannot read the table of languages"):
        load_languages(tmp_path / "languages.json")


def test_the_app_refuses_a_language_without_a_number_speaker(app, tmp_path):
    rows = json.loads(json.dumps(ROWS))
    rows[2]["number_speaker"] = "fr-FR"
    with pytest.raises(ValueError, match="language en-GB: no number speaker 'fr-FR'"):
        create_app({**app.config, "LANGUAGES_FILE": str(table(tmp_path, rows))})
