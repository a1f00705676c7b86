"""Chinese words for numbers, dates, times and characters: Cantonese and Putonghua.

Both read the same numerals; only a few characters and words differ between the
Traditional (zh-HK) and Simplified (zh-CN) texts, and they live in ``VARIANTS``.
"""
import datetime
import re

# Digits are read as 一 in both languages: 幺 (Putonghua phone style) is less familiar
# to callers from Hong Kong reading their own document numbers.
DIGITS = "零一二三四五六七八九"
ZERO = DIGITS[0]
# Units inside a group of four digits; groups of four are joined by 萬/万.
UNITS = ((1000, "千"), (100, "百"), (10, "十"), (1, ""))
LARGEST = 10**8 - 1  # below 億, which the line never needs
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
# Spelled and digit-by-digit readings pause between characters so the caller can follow.
CHARACTER_SEPARATOR = "、"
# (first hour, period), latest first, for the 12-hour clock; 12:00-12:59 is 中午.
DAY_PERIODS = ((18, "晚上"), (13, "下午"), (12, "中午"), (6, "上午"), (0, "凌晨"))
MIDNIGHT = "午夜"
RANGE = re.compile(r"(\d+)-(\d+)")

VARIANTS = {
    "zh-HK": {
        "ten_thousand": "萬",
        # 兩 replaces 二 only for a quantity of things (兩位, 兩元), as people say it.
        "two_things": "兩",
        # Cantonese announcements use the formal 時 clock, where 二時 is the usual form.
        "hour": "時",
        "two_hour": "二",
        "day": "號",
        "bracket": "括號",
    },
    "zh-CN": {
        "ten_thousand": "万",
        "two_things": "两",
        # Putonghua says 两点 for two o'clock; 二点 would sound wrong.
        "hour": "点",
        "two_hour": "两",
        "day": "号",
        "bracket": "括号",
    },
}


def _group(number: int, leading: bool) -> str:
    """A group of up to four digits, with 零 for the gaps between non-zero digits."""
    said, gap = [], False
    for value, unit in UNITS:
        digit = number // value % 10
        if digit == 0:
            gap = gap or bool(said)
            continue
        if gap:
            said.append(ZERO)
            gap = False
        said.append(DIGITS[digit] + unit)
    # A number that starts with 10-19 drops the 一: 十五, but 一百一十五.
    if leading and said and said[0] == "一十":
        said[0] = "十"
    return "".join(said)


def numeral(number: int, ten_thousand: str) -> str:
    """The Chinese numeral for 0 to 99,999,999: 105 -> 一百零五, 10010 -> 一萬零一十."""
    if not 0 <= number <= LARGEST:
        raise ValueError(f"no Chinese numeral for {number}: only 0 to {LARGEST}")
    if number == 0:
        return ZERO
    high, low = divmod(number, 10**4)
    if not high:
        return _group(low, leading=True)
    said = _group(high, leading=True) + ten_thousand
    if low and low < 1000:
        said += ZERO
    return said + _group(low, leading=False)


def _period(moment: datetime.time) -> str:
    """The part of the day said before a 12-hour clock time."""
    if moment.hour == 0 and moment.minute == 0:
        return MIDNIGHT
    return next(name for first, name in DAY_PERIODS if moment.hour >= first)


class ChineseSpeaker:
    """The words of one Chinese language, "zh-HK" or "zh-CN"."""

    def __init__(self, language: str):
        self.terms = VARIANTS[language]

    def cardinal(self, number: int) -> str:
        """The plain numeral, always with 二: 2 -> 二, 22 -> 二十二."""
        return numeral(number, self.terms["ten_thousand"])

    def count(self, number: int) -> str:
        """A quantity before a measure word: 2 -> 兩 / 两, 2000 -> 兩千, otherwise the numeral.

        A leading 2 before 千 or 萬 is said 兩 as well (兩千元, 兩萬元); before 百 both forms are
        heard, and the line keeps the written 二百.
        """
        if number == 2:
            return self.terms["two_things"]
        said = self.cardinal(number)
        if said[:2] in ("二千", "二" + self.terms["ten_thousand"]):
            said = self.terms["two_things"] + said[1:]
        return said

    def year(self, number: int) -> str:
        """A year, digit by digit: 1985 -> 一九八五年."""
        return "".join(DIGITS[int(digit)] for digit in str(number)) + "年"

    def day_of_month(self, day: int) -> str:
        """A day of the month: 5 -> 五號 / 五号."""
        return self.cardinal(day) + self.terms["day"]

    def money(self, dollars: int) -> str:
        """Whole Hong Kong dollars: 370 -> 三百七十元."""
        return self.count(dollars) + "元"

    def date(self, day: datetime.date) -> str:
        """A date without its year: 十一月二十四號星期一."""
        return f"{self.cardinal(day.month)}月{self.day_of_month(day.day)}{WEEKDAYS[day.weekday()]}"

    def time(self, moment: datetime.time) -> str:
        """A clock time to the minute, 12-hour: 上午九時三十分 / 上午九点三十分."""
        hour = moment.hour % 12 or 12
        hour_word = self.terms["two_hour"] if hour == 2 else self.cardinal(hour)
        said = _period(moment) + hour_word + self.terms["hour"]
        if moment.minute:
            # 九時零五分: the 零 keeps five past from sounding like fifty past.
            said += (ZERO if moment.minute < 10 else "") + self.cardinal(moment.minute) + "分"
        return said

    def hours(self, opens: datetime.time, closes: datetime.time) -> str:
        """Opening hours, the day's part said once: 上午九時至十一時三十分."""
        last = self.time(closes)
        if _period(opens) == _period(closes):
            last = last.removeprefix(_period(closes))
        return f"{self.time(opens)}至{last}"

    @staticmethod
    def address(text: str) -> str:
        """An address as said: the house-number range "223-231號" becomes 223至231號."""
        return RANGE.sub(r"\1至\2", text)

    def spelled(self, text: str, bracket_last: bool) -> str:
        """Character by character: A、一、二、三、四、五、六、括號三."""
        said = [self._character(character) for character in text]
        if bracket_last:
            said[-1] = self.terms["bracket"] + said[-1]
        return CHARACTER_SEPARATOR.join(said)

    def digits(self, text: str) -> str:
        """Digit by digit: "2026" -> 二、零、二、六."""
        return CHARACTER_SEPARATOR.join(self._character(digit) for digit in text)

    @staticmethod
    def _character(character: str) -> str:
        """A digit as its numeral; a letter stays a Latin capital, said by its English name."""
        return DIGITS[int(character)] if character.isdigit() else character
