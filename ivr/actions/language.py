"""Hooks of the language menu: a returning caller's language is remembered per calling number.

A caller whose number chose a language on an earlier call skips the language menu: the line
says, in every language, that hash changes the language (the main menu's ``#`` goes back to the
language menu, SPEC §4), then goes on in the language remembered. Each choice at the language
menu is remembered anew (``booking.caller_language``: a keyed hash of the number, expiring).
"""
from ivr.registry import Context, Registry

HOOKS = Registry()  # this module's hooks; ivr/actions/__init__.py joins them


@HOOKS.action("recall_language", ("none", "known"))
def recall_language(context: Context) -> str:
    """The language this calling number last chose, when the line still remembers it and speaks it."""
    languages = context.services.languages
    language = languages.recall(context.caller.get("from", ""), context.services.reader) if languages else None
    if language not in context.services.catalogue.languages:
        return "none"
    context.language = language
    return "known"


@HOOKS.action("remember_language", ("done",))
def remember_language(context: Context) -> str:
    """Remember the language just chosen for this calling number (with the call's save)."""
    languages = context.services.languages
    if languages:
        languages.remember(context.caller.get("from", ""), context.language,
                           pipeline=context.services.closing_pipeline())
    return "done"
