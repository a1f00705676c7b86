"""Every prompt exists in all three languages with the same placeholders."""
import json

import pytest

from ivr.flowspec import load_machine
from ivr.line import ROOT
from ivr import prompts as prompts_module
from ivr.prompts import PromptError, Secret, load_prompts, placeholders
from ivr.speech import Spelled
from languages import LINE


def test_shipped_prompts_agree_and_cover_the_flows():
    prompts = load_prompts(ROOT / "prompts")
    prompts.require(load_machine(ROOT / "flows").prompt_ids())
    for prompt_id, text in prompts.texts["en-GB"].items():
        for language in LINE.codes:
            assert placeholders(prompts.texts[language][prompt_id]) == placeholders(text), prompt_id


def write_catalogues(directory, **overrides):
    for language in LINE.codes:
        texts = {"hello": "Hello {name}", "bye": "Bye"}
        texts.update(overrides.get(language.replace("-", "_"), {}))
        (directory / f"{language}.json").write_text(json.dumps(texts))


def test_prompt_missing_in_one_language_is_named(tmp_path):
    write_catalogues(tmp_path, zh_CN={"extra": "x"})
    with pytest.raises(PromptError, match="prompt extra is in zh-CN but missing in zh-HK"):
        load_prompts(tmp_path)


def test_different_placeholders_are_named(tmp_path):
    write_catalogues(tmp_path, en_GB={"hello": "Hello {person}"})
    with pytest.raises(PromptError, match="prompt hello: placeholders in en-GB"):
        load_prompts(tmp_path)


def test_prompt_used_by_a_flow_but_missing_is_named(tmp_path):
    write_catalogues(tmp_path)
    with pytest.raises(PromptError, match="missing: welcome"):
        load_prompts(tmp_path).require({"hello", "welcome"})


def test_readings_are_kept_but_never_a_secrets(tmp_path):
    write_catalogues(tmp_path)
    prompts = load_prompts(tmp_path)
    kept = prompts_module._public_words
    kept.cache_clear()
    assert prompts.render("hello", "en-GB", {"name": 21}) == prompts.render("hello", "en-GB", {"name": 21}) \
        == "Hello twenty-one"
    assert (kept.cache_info().hits, kept.cache_info().currsize) == (1, 1)
    assert prompts.render("hello", "en-GB", {"name": Secret(Spelled("A123"))}) == "Hello A, one, two, three"
    assert kept.cache_info().currsize == 1  # the secret's reading is not kept
    assert prompts.render("hello", "en-GB", {"name": 1}) == "Hello one"
    with pytest.raises(TypeError):  # a bool is refused even once 1 has been read
        prompts.render("hello", "en-GB", {"name": True})
