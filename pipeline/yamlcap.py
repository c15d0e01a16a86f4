"""YAML with a budget for aliases: `*name` may repeat a node, never blow up into gigabytes.

PyYAML shares an aliased node instead of copying it, so nine lines of nested aliases make a
value of 9**9 items that costs nothing until something walks it (a check, an error message).
`AliasBudget` counts the nodes each alias stands for and refuses past `ALIAS_LIMIT`.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.composer import Composer, ComposerError
from yaml.events import AliasEvent
from yaml.nodes import CollectionNode, MappingNode, Node

ALIAS_LIMIT = 10_000  # nodes that aliases may stand for, per document (or sheet record)


class AliasBudget:
    """A mixin for a loader whose composer is PyYAML's (`compose_node` in Python)."""

    expanded = 0
    _sizes: dict[int, int]

    def reset_budget(self) -> None:
        self.expanded = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(AliasEvent):  # type: ignore[attr-defined]
            event = self.peek_event()  # type: ignore[attr-defined]
            node = self.anchors.get(event.anchor)  # type: ignore[attr-defined]
            if node is not None:
                self.expanded += self._size(node)
                if self.expanded > ALIAS_LIMIT:
                    raise ComposerError(
                        None,
                        None,
                        f"aliases (*name) here stand for more than {ALIAS_LIMIT} values",
                        event.start_mark,
                    )
        return super().compose_node(parent, index)  # type: ignore[misc]

    def _size(self, node: Node) -> int:
        """Nodes under `node`, counting shared ones each time (as a reader would see them)."""
        if not hasattr(self, "_sizes"):
            self._sizes = {}
        if id(node) not in self._sizes:
            children: list[Node] = []
            if isinstance(node, MappingNode):
                children = [n for pair in node.value for n in pair]
            elif isinstance(node, CollectionNode):
                children = node.value
            self._sizes[id(node)] = 1 + sum(self._size(child) for child in children)
        return self._sizes[id(node)]


_LIBYAML = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SafeLoader(AliasBudget, _LIBYAML, Composer):
    """PyYAML's safe loader with the alias budget, for a small file read whole: libyaml parses
    where PyYAML has it (the pure-Python parser cost `check` ~4 ms for the manifest), and
    PyYAML's composer composes, so that the budget sees every alias."""

    def __init__(self, stream: Any) -> None:
        _LIBYAML.__init__(self, stream)
        Composer.__init__(self)

    def get_single_node(self) -> Any:
        self.reset_budget()
        return Composer.get_single_node(self)
