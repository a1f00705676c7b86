"""What a speaking rate counts: English words, or Chinese syllables (rates: data/languages.json)."""
import math
import re

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


def english_words(text: str) -> int:
    """The words of English text, each digit one word."""
    return len(ENGLISH_WORD.findall(text))


def chinese_syllables(text: str) -> int:
    """The syllables of Cantonese or Putonghua text."""
    return sum(_chinese_syllables(token) for token in CHINESE_SYLLABLE.findall(text))
