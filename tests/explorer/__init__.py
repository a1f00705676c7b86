"""The flow explorer: every key at every step of the call flows, checked turn by turn.

Shared by ``tests/ivr/test_flow_explorer.py`` (breadth-first, bounded) and ``bench/explore.py``
(random calls). It drives the app in-process, as Twilio would, and judges what the caller hears.
"""
