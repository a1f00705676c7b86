"""The words of the line: ``prompts/<language>.json`` maps prompt ids to text with placeholders.

Loaded once at start-up, one file for each language of the table; every id must exist in
all of them with the same placeholders, so no caller ever hears a gap or a stray ``{brace}``.
"""
import json
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ivr.speech import Count, words
from languages import LINE, Languages


REDACTED = "***"
# Readings of values that are not secrets (keys, counts, times, dates on offer): the same few
# hundred come back on every call. Bounded, so a bug cannot grow it without end.
KEPT_READINGS = 4096


@dataclass(frozen=True)
class Secret:
    """A placeholder value the caller hears but no log may keep (document numbers, births)."""

    value: object


@dataclass(frozen=True)
class PromptRef:
    """A placeholder value that is itself a prompt (with its own values), in the call's language."""

    prompt_id: str
    params: tuple = ()  # (name, value) pairs: hashable, unlike a dict


def applicants_phrase(count: int, one: str, many: str) -> PromptRef:
    """A phrase about the applicants, singular or plural."""
    return PromptRef(one) if count == 1 else PromptRef(many, (("count", Count(count)),))


def holds_secret(params: Mapping | None) -> bool:
    """Whether a placeholder value, or one inside a ``PromptRef``, is a ``Secret``."""
    return any(
        isinstance(value, Secret) or (isinstance(value, PromptRef) and holds_secret(dict(value.params)))
        for value in (params or {}).values()
    )


class PromptError(ValueError):
    """A prompt catalogue that must not run; the message names the prompt and language."""


def placeholders(text: str) -> frozenset[str]:
    """The named placeholders of a prompt text."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(text) if name)


@dataclass(frozen=True)
class Prompts:
    """Prompt texts by language, then id, for the languages of a table."""

    texts: Mapping[str, Mapping[str, str]]
    languages: Languages = LINE

    def render(self, prompt_id: str, language: str, params: Mapping | None = None, redact=False) -> str:
        """The text of ``prompt_id`` in ``language`` with its placeholders spoken as words.

        With ``redact``, secret values are replaced by a mask: the text a call log may keep.
        """
        text = self.texts[language][prompt_id]
        spoken = {name: self._spoken(value, language, redact) for name, value in (params or {}).items()}
        # A time read "a.m." that ends a sentence would otherwise be written "a.m..".
        return text.format_map(spoken).replace("..", ".")

    def _spoken(self, value, language: str, redact: bool) -> str:
        if isinstance(value, Secret):
            return REDACTED if redact else words(value.value, language, self.languages)
        if isinstance(value, PromptRef):
            return self.render(value.prompt_id, language, dict(value.params), redact)
        if isinstance(value, dict):  # a value per language: unhashable, read each time
            return words(value, language, self.languages)
        return _public_words(value, language, self.languages)

    def require(self, prompt_ids) -> None:
        """Refuse to run when a prompt the flows use is missing."""
        missing = sorted(set(prompt_ids) - set(self.texts[self.languages.codes[0]]))
        if missing:
            raise PromptError(f"prompt(s) used by the flows but missing: {', '.join(missing)}")


@lru_cache(maxsize=KEPT_READINGS, typed=True)
def _public_words(value, language: str, languages: Languages) -> str:
    """``words`` kept per value: reading numbers, times and dates (num2words) costs more than the
    rest of a prompt. Never called for a ``Secret``, so no caller's details stay in memory;
    ``typed``, so ``True`` is never taken for ``1``."""
    return words(value, language, languages)


def load_prompts(directory: str | Path, languages: Languages = LINE) -> Prompts:
    """Load and cross-check the catalogue of every language of the table."""
    texts = {}
    for language in languages.codes:
        path = Path(directory) / f"{language}.json"
        if not path.exists():
            raise PromptError(f"prompts for {language} missing: {path}")
        texts[language] = json.loads(path.read_text(encoding="utf-8"))
    _check_same_prompts(texts)
    return Prompts(texts, languages)


def _check_same_prompts(texts: dict[str, dict[str, str]]) -> None:
    reference_language = next(iter(texts))
    reference = texts[reference_language]
    for language, catalogue in texts.items():
        for prompt_id in sorted(set(reference) ^ set(catalogue)):
            holder = language if prompt_id in catalogue else reference_language
            lacking = reference_language if holder == language else language
            raise PromptError(f"prompt {prompt_id} is in {holder} but missing in {lacking}")
        for prompt_id, text in catalogue.items():
            if placeholders(text) != placeholders(reference[prompt_id]):
                raise PromptError(
                    f"prompt {prompt_id}: placeholders in {language} "
                    f"{sorted(placeholders(text))} differ from {reference_language} "
                    f"{sorted(placeholders(reference[prompt_id]))}"
                )
