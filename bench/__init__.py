"""Benchmarks of the phone line: webhook load against a bare-Flask ceiling, the earliest-slot
search, and callers racing for the last places of a slot (results in ``docs/PERFORMANCE.md``)."""
