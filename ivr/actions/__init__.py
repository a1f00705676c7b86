"""The hooks the flows name: each module here declares its own, and they are joined here, once."""
from ivr.actions import applicants, commit, info, landed, language, limits, manage, slots
from ivr.registry import Registry

REGISTRY = Registry.joined(
    applicants.HOOKS, commit.HOOKS, info.HOOKS, landed.HOOKS, language.HOOKS, limits.HOOKS, manage.HOOKS, slots.HOOKS
)
