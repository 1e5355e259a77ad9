"""Read YAML into plain values while remembering the source line of every node.

PyYAML's constructed values forget where they came from, and it silently keeps the last of two equal
mapping keys. The lint must name ``file:line`` for every finding, so this module composes the node
graph and builds the values itself, recording a line per path and noting duplicate keys and scalars
YAML resolved to something other than a string without quotes (``no`` -> false, ``1.0`` -> 1.0).
Dates stay the strings they were written as, so ``2026-03-16`` and ``"2026-03-16"`` mean the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from journalloft import safe_yaml

Path_ = tuple[str | int, ...]

_STRING_TAG = "tag:yaml.org,2002:str"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"


class YamlReadError(Exception):
    """The file cannot be read or is not well-formed YAML; carries the line when YAML knows it."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass(frozen=True)
class BareScalar:
    """A plain (unquoted) scalar that YAML resolved to a non-string type."""

    path: Path_
    source: str
    resolved: str


@dataclass
class SourceDocument:
    """A YAML document as plain values, with the line of every path (1-based)."""

    path: Path
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path_, int]] = field(default_factory=list)
    bare_scalars: dict[Path_, BareScalar] = field(default_factory=dict)

    def line_of(self, location: Path_) -> int:
        """The line of ``location``, or of its nearest ancestor that has one."""
        probe = tuple(location)
        while probe:
            if probe in self.lines:
                return self.lines[probe]
            probe = probe[:-1]
        return self.lines.get((), 1)


def load_yaml(path: Path) -> SourceDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlReadError(f"ikke UTF-8 ({exc.reason} ved byte {exc.start})", 1) from None
    except OSError as exc:
        raise YamlReadError(f"filen kan ikke leses: {exc.strerror}", 1) from None
    try:
        node = safe_yaml.compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlReadError(f"ikke gyldig YAML; YAML-leseren sier «{exc.problem or exc.context}»", line) from None
    except yaml.YAMLError as exc:
        raise YamlReadError(f"ikke gyldig YAML; YAML-leseren sier «{exc}»", 1) from None
    except RecursionError:
        raise YamlReadError("for dyp nøsting", 1) from None
    document = SourceDocument(path=path, data=None)
    if node is None:
        document.lines[()] = 1
        return document
    builder = _Builder(document)
    try:
        document.data = builder.build(node, ())
    except RecursionError:
        # Absurd nesting (aliases are refused by safe_yaml); no catalogue needs it.
        raise YamlReadError("for dyp nøsting", node.start_mark.line + 1) from None
    return document


class _Builder:
    def __init__(self, document: SourceDocument) -> None:
        self._document = document
        self._scalars = yaml.SafeLoader("")

    def build(self, node: yaml.Node, path: Path_) -> Any:
        self._document.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self._scalar(node, path)

    def _mapping(self, node: yaml.MappingNode, path: Path_) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = self._scalar(key_node, path) if isinstance(key_node, yaml.ScalarNode) else None
            key_text = str(key)
            if key_text in result:
                self._document.duplicate_keys.append(((*path, key_text), key_node.start_mark.line + 1))
            result[key_text] = self.build(value_node, (*path, key_text))
            self._document.lines[(*path, key_text)] = key_node.start_mark.line + 1
        return result

    def _scalar(self, node: yaml.Node, path: Path_) -> Any:
        if node.tag == _TIMESTAMP_TAG:
            return node.value
        value = self._scalars.construct_object(node, deep=True)
        if node.tag != _STRING_TAG and getattr(node, "style", None) is None and value is not None:
            self._document.bare_scalars[path] = BareScalar(path, str(node.value), node.tag.rsplit(":", 1)[-1])
        return value
