"""The words callers hear for numbers, dates, times and document numbers."""
import datetime

import pytest

from ivr.speech import (
    SPEAKERS,
    Address,
    Count,
    DayOfMonth,
    DigitString,
    Hours,
    Money,
    Spelled,
    Year,
    speech_seconds,
    words,
)
from ivr.speech.chinese import numeral
from languages import LINE


def said(value):
    """The value's words by each number speaker, in the language it is named after, in the order of SPEAKERS."""
    return tuple(words(value, language) for language in SPEAKERS)


def test_number_speakers_are_cantonese_putonghua_english():
    assert tuple(SPEAKERS) == ("zh-HK", "zh-CN", "en-GB")


@pytest.mark.parametrize(
    "number, chinese",
    [
        (0, "零"), (2, "二"), (10, "十"), (15, "十五"), (20, "二十"), (22, "二十二"),
        (100, "一百"), (105, "一百零五"), (110, "一百一十"), (115, "一百一十五"),
        (1001, "一千零一"), (1010, "一千零一十"), (1100, "一千一百"), (2024, "二千零二十四"),
        (99999, "九萬九千九百九十九"), (10000, "一萬"), (10010, "一萬零一十"),
        (100000, "十萬"), (100100, "十萬零一百"), (110000, "十一萬"), (1000001, "一百萬零一"),
    ],
)
def test_chinese_numerals(number, chinese):
    assert words(number, "zh-HK") == chinese
    assert words(number, "zh-CN") == chinese.replace("萬", "万")


def test_every_chinese_numeral_below_one_hundred_thousand_is_well_formed_and_distinct():
    numerals = [numeral(number, "萬") for number in range(100000)]
    assert len(set(numerals)) == len(numerals)
    for number, text in enumerate(numerals[1:], start=1):
        assert "零零" not in text and not text.endswith("零"), number
        assert not text.startswith("一十"), number


@pytest.mark.parametrize("number", [-1, 10**8])
def test_chinese_numerals_stop_where_the_line_needs_them(number):
    with pytest.raises(ValueError, match=str(number)):
        words(number, "zh-CN")


def test_english_cardinals_are_british():
    assert words(105, "en-GB") == "one hundred and five"
    assert words(1001, "en-GB") == "one thousand and one"


def test_a_count_of_two_things_is_liang_in_chinese():
    assert said(Count(2)) == ("兩", "两", "two")
    assert said(Count(4)) == ("四", "四", "four")
    assert said(Count(12)) == ("十二", "十二", "twelve")


def test_a_leading_two_before_thousand_or_ten_thousand_is_liang_in_a_count():
    assert said(Count(2000)) == ("兩千", "两千", "two thousand")
    assert said(Money(2500)) == ("兩千五百元", "两千五百元", "two thousand five hundred dollars")
    assert said(Count(22000))[:2] == ("兩萬二千", "两万二千")
    # Only a leading 2 before 千 or 萬: 二十, 二百 and the plain numeral stay as written.
    assert said(Count(20))[:2] == ("二十", "二十")
    assert said(Money(230))[:2] == ("二百三十元", "二百三十元")
    assert said(Count(200000))[:2] == ("二十萬", "二十万")
    assert words(2000, "zh-HK") == "二千"


def test_money():
    assert said(Money(370)) == ("三百七十元", "三百七十元", "three hundred and seventy dollars")
    assert said(Money(84)) == ("八十四元", "八十四元", "eighty-four dollars")
    assert said(Money(2)) == ("兩元", "两元", "two dollars")
    assert words(Money(1), "en-GB") == "one dollar"


def test_years():
    assert said(Year(1985)) == ("一九八五年", "一九八五年", "nineteen eighty-five")
    assert said(Year(2005)) == ("二零零五年", "二零零五年", "two thousand and five")
    assert said(Year(2010)) == ("二零一零年", "二零一零年", "twenty ten")


def test_days_of_month():
    assert said(DayOfMonth(5)) == ("五號", "五号", "the fifth")
    assert said(DayOfMonth(31)) == ("三十一號", "三十一号", "the thirty-first")
    with pytest.raises(ValueError):
        DayOfMonth(32)


def test_dates_without_the_year():
    assert said(datetime.date(2025, 11, 24)) == (
        "十一月二十四號星期一",
        "十一月二十四号星期一",
        "Monday the twenty-fourth of November",
    )
    assert said(datetime.date(2026, 1, 11)) == (
        "一月十一號星期日",
        "一月十一号星期日",
        "Sunday the eleventh of January",
    )


@pytest.mark.parametrize(
    "clock, cantonese, putonghua, english",
    [
        ("09:30", "上午九時三十分", "上午九点三十分", "nine thirty a.m."),
        ("09:00", "上午九時", "上午九点", "nine a.m."),
        ("09:05", "上午九時零五分", "上午九点零五分", "nine oh five a.m."),
        ("12:00", "中午十二時", "中午十二点", "twelve noon"),
        ("12:30", "中午十二時三十分", "中午十二点三十分", "twelve thirty p.m."),
        ("14:30", "下午二時三十分", "下午两点三十分", "two thirty p.m."),
        ("16:45", "下午四時四十五分", "下午四点四十五分", "four forty-five p.m."),
        ("22:00", "晚上十時", "晚上十点", "ten p.m."),
        ("00:00", "午夜十二時", "午夜十二点", "twelve midnight"),
        ("00:30", "凌晨十二時三十分", "凌晨十二点三十分", "twelve thirty a.m."),
        ("06:10", "上午六時十分", "上午六点十分", "six ten a.m."),
    ],
)
def test_times(clock, cantonese, putonghua, english):
    assert said(datetime.time.fromisoformat(clock)) == (cantonese, putonghua, english)


def test_document_numbers_are_spelled_with_the_check_character_in_brackets():
    assert said(Spelled("A1234563", bracket_last=True)) == (
        "A、一、二、三、四、五、六、括號三",
        "A、一、二、三、四、五、六、括号三",
        "A, one, two, three, four, five, six, bracket three",
    )
    assert said(Spelled("G123456A", bracket_last=True)) == (
        "G、一、二、三、四、五、六、括號A",
        "G、一、二、三、四、五、六、括号A",
        "G, one, two, three, four, five, six, bracket A",
    )
    assert said(Spelled("AB9876543", bracket_last=True))[2] == (
        "A, B, nine, eight, seven, six, five, four, bracket three"
    )


def test_travel_documents_are_spelled_without_brackets():
    assert said(Spelled("K0123")) == ("K、零、一、二、三", "K、零、一、二、三", "K, zero, one, two, three")


@pytest.mark.parametrize("text", ["", "a123", "A123456(3)", "A 1"])
def test_only_capitals_and_digits_can_be_spelled(text):
    with pytest.raises(ValueError):
        Spelled(text)


def test_references_are_read_digit_by_digit():
    assert said(DigitString("20260001")) == (
        "二、零、二、六、零、零、零、一",
        "二、零、二、六、零、零、零、一",
        "two, zero, two, six, zero, zero, zero, one",
    )
    with pytest.raises(ValueError):
        DigitString("2026-01")


def test_localized_entries_and_plain_text():
    office = {"zh-HK": "九龍辦事處", "zh-CN": "九龙办事处", "en-GB": "Kowloon Office"}
    assert said(office) == ("九龍辦事處", "九龙办事处", "Kowloon Office")
    assert said({"zh-HK": 2, "zh-CN": 2, "en-GB": 2}) == ("二", "二", "two")
    assert said("www.gov.hk/icbooking") == ("www.gov.hk/icbooking",) * 3


def test_a_localized_entry_missing_the_language_is_refused():
    with pytest.raises(ValueError, match="'zh-CN'"):
        words({"zh-HK": "九龍辦事處", "en-GB": "Kowloon Office"}, "zh-CN")


def test_an_unknown_language_is_named():
    with pytest.raises(ValueError, match="'fr-FR'"):
        words(5, "fr-FR")
    with pytest.raises(ValueError, match="'zh-TW'"):
        speech_seconds("你好", "zh-TW")


@pytest.mark.parametrize("value", [True, datetime.datetime(2025, 11, 24, 9, 30), 1.5, None])
def test_values_without_a_spoken_form_are_refused(value):
    with pytest.raises(TypeError, match=type(value).__name__):
        words(value, "en-GB")


def test_markers_are_immutable():
    with pytest.raises(AttributeError):
        Year(1985).value = 1986


def test_english_speech_time_at_150_words_a_minute():
    # 15 words: "a.m." is two letters said, "twenty-fourth" two words.
    text = "Your appointment is on Monday the twenty-fourth of November at nine thirty a.m."
    assert speech_seconds(text, "en-GB") == pytest.approx(15 * 60 / 150)
    # Each digit counts as a word.
    assert speech_seconds("Call 2824 6111.", "en-GB") == pytest.approx(9 * 0.4)


def test_chinese_speech_time_at_four_syllables_a_second():
    assert speech_seconds("十一月二十四號星期一", "zh-HK") == pytest.approx(10 / 4)
    assert speech_seconds("上午九点三十分。", "zh-CN") == pytest.approx(7 / 4)
    # Capitals are said letter by letter, digits one by one, lower-case words as words.
    assert speech_seconds("A、一、括號3", "zh-HK") == pytest.approx(5 / 4)
    assert speech_seconds("請瀏覽 SMS icbooking", "zh-HK") == pytest.approx((3 + 3 + 3) / 4)


def test_silence_takes_no_time():
    assert {speech_seconds("", language) for language in LINE.codes} == {0}


@pytest.mark.parametrize(("opens", "closes", "cantonese", "putonghua", "english"), [
    ("09:00", "11:30", "上午九時至十一時三十分", "上午九点至十一点三十分", "nine to eleven thirty a.m."),
    ("08:45", "16:30", "上午八時四十五分至下午四時三十分", "上午八点四十五分至下午四点三十分",
     "eight forty-five a.m. to four thirty p.m."),
])
def test_opening_hours_say_the_part_of_the_day_once_when_both_share_it(opens, closes, cantonese, putonghua, english):
    hours = Hours(datetime.time.fromisoformat(opens), datetime.time.fromisoformat(closes))
    assert said(hours) == (cantonese, putonghua, english)


@pytest.mark.parametrize(("written", "language", "said"), [
    ("8/F, Immigration Tower, 7 Gloucester Road", "en-GB", "eighth floor, Immigration Tower, 7 Gloucester Road"),
    ("Office 3, 2/F, 223-231 Wai Yip Street", "en-GB", "Office 3, second floor, 223 to 231 Wai Yip Street"),
    ("G/F, 1 Main Street", "en-GB", "ground floor, 1 Main Street"),
    ("九龍觀塘偉業街223-231號宏利金融中心2樓3室", "zh-HK", "九龍觀塘偉業街223至231號宏利金融中心2樓3室"),
    ("九龙观塘伟业街223-231号", "zh-CN", "九龙观塘伟业街223至231号"),
])
def test_addresses_are_said_as_words_not_as_abbreviations(written, language, said):
    assert words(Address(written), language) == said
