"""The call flows drawn from the same files the line runs: a Mermaid state diagram."""
from ivr.flowspec import Machine, State

SHAPES = {"menu": ("[", "]"), "confirm": ("{{", "}}"), "entry": ("[/", "/]"), "announce": ("(", ")"), "action": ("[[", "]]")}


def mermaid(machine: Machine) -> str:
    """A Mermaid flowchart of every state (shape by kind) and transition (labelled by key or outcome)."""
    lines = ["flowchart TD"]
    for state in machine.states.values():
        opening, closing = SHAPES[state.kind]
        lines.append(f'    {_node(state.name)}{opening}"{state.name}"{closing}')
    for state in machine.states.values():
        lines += [f"    {_node(state.name)} -->|{label}| {_node(target)}" for label, target in _edges(state)]
    return "\n".join(lines) + "\n"


def _edges(state: State) -> list[tuple[str, str]]:
    edges = [(option.key, option.target) for option in state.options]
    edges += [(outcome, target) for outcome, target in state.on.items()]
    if state.next:
        edges.append(("choice" if state.options_from else "next", state.next))
    if state.back:
        edges.append(("#", state.back))
    return edges


def _node(name: str) -> str:
    return name.replace(".", "__")
