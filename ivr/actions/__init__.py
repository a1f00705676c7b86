"""The hooks the flows name, registered on one registry by the modules of this package."""
from ivr.registry import Registry

REGISTRY = Registry()

# Imported for their registrations.
from ivr.actions import info  # noqa: E402,F401
from ivr.actions import applicants, commit, slots  # noqa: E402,F401
from ivr.actions import landed, manage  # noqa: E402,F401
