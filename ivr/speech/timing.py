"""How long a text takes to say, at a stated speaking rate per language."""
import math
import re

ENGLISH_WORDS_PER_MINUTE = 150
CHINESE_SYLLABLES_PER_SECOND = 4.0
# A Latin word inside Chinese speech (gov, icbooking) is said as a word, roughly one
# syllable per three letters; a run of capitals (HK, ROP, SMS, A) is said letter by letter.
LETTERS_PER_SYLLABLE = 3

# Each digit counts on its own: "2824" is read as four digits or as a number of several words.
ENGLISH_WORD = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)?|\d")
CHINESE_SYLLABLE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|\d|[A-Za-z]+")


def _chinese_syllables(token: str) -> int:
    """Syllables of one Han character, digit or run of Latin letters in Chinese speech."""
    if not token.isascii() or token.isdigit():
        return 1
    if token.isupper():
        return len(token)
    return math.ceil(len(token) / LETTERS_PER_SYLLABLE)


def english_seconds(text: str) -> float:
    """Seconds to say English text at ENGLISH_WORDS_PER_MINUTE."""
    return len(ENGLISH_WORD.findall(text)) * 60 / ENGLISH_WORDS_PER_MINUTE


def chinese_seconds(text: str) -> float:
    """Seconds to say Cantonese or Putonghua text at CHINESE_SYLLABLES_PER_SECOND."""
    syllables = sum(_chinese_syllables(token) for token in CHINESE_SYLLABLE.findall(text))
    return syllables / CHINESE_SYLLABLES_PER_SECOND
