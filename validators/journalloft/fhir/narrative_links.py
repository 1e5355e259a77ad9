"""Internal links in a resource's narrative (``<a href="#...">`` in ``text.div``) that point at nothing.

The rule is HL7's validator's (org.hl7.fhir.validation 6.7.10, InstanceValidator.checkReferences and
countTargetMatches, checked by reading its source), not a guess at what a link may point at:

* only ``<a>`` elements with an ``href`` that starts with ``#`` and is more than ``#`` are checked;
* a target is any ``id`` in the resource: the resource's own id, the id of any element in it (contained
  resources and ``_x`` companions included), any ``id`` attribute of an XHTML element in any narrative
  in it, and the ``name`` of any ``<a>`` there;
* the resource is the outermost one that is not a Bundle entry (a contained resource's links are looked
  up in its container); when nothing there matches and the resource is in a Bundle, the whole Bundle
  is searched the same way;
* no target is an error (TYPE_SPECIFIC_CHECKS_DT_XHTML_RESOLVE), more than one a warning
  (TYPE_SPECIFIC_CHECKS_DT_XHTML_MULTIPLE_MATCHES).
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser
from typing import Any

from journalloft.fhir.walk_base import Loc, WalkRun, _Frame, _step, format_location
from journalloft.issues import Issue, error, warning


class _Anchors(HTMLParser):
    """The link targets (ids, ``<a name>``) and internal links (``<a href="#...">``) of one XHTML text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        ident = values.get("id")
        if ident is not None:
            self.targets.append(ident)
        if tag == "a":
            name, href = values.get("name"), values.get("href")
            if name is not None:
                self.targets.append(name)
            if href is not None and href.startswith("#") and href != "#":
                self.links.append(href)


def _anchors(div: str) -> _Anchors:
    parser = _Anchors()
    parser.feed(div)
    parser.close()
    return parser


def internal_links(div: str) -> list[str]:
    """The ``#...`` hrefs of the narrative's ``<a>`` elements, in order (a cheap test first: most have none)."""
    if "href" not in div or "#" not in div:
        return []
    return _anchors(div).links


def link_targets(node: Any) -> Counter[str]:
    """Every id in the JSON subtree (element and resource ids, narrative ids and ``<a name>``), counted."""
    counts: Counter[str] = Counter()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ident = item.get("id")
            if isinstance(ident, str):
                counts[ident] += 1
            for key, value in item.items():
                if key == "div" and isinstance(value, str):
                    counts.update(_anchors(value).targets)
                elif isinstance(value, (dict, list)):
                    stack.append(value)
        elif isinstance(item, list):
            stack.extend(item)
    return counts


class NarrativeLinkWalk:
    """The narrative's internal links, checked once per resource after its walk."""

    __slots__ = ("run",)

    def __init__(self, run: WalkRun) -> None:
        self.run = run

    def targets_in(self, node: Any) -> Counter[str]:
        cache = self.run.link_targets
        counts = cache.get(id(node))
        if counts is None:
            counts = cache[id(node)] = link_targets(node)
        return counts

    def narrative_links(self, node: dict[str, Any], loc: Loc, frame: _Frame) -> None:
        text = node.get("text")
        div = text.get("div") if isinstance(text, dict) else None
        if not isinstance(div, str):
            return
        links = internal_links(div)
        if not links:
            return
        where = format_location(_step(_step(loc, "text"), "div"))
        bundle = frame.bundle.bundle if frame.bundle is not None else None
        for href in links:
            self.run.issues.extend(self._link_findings(href, where, frame.root, bundle))

    def _link_findings(self, href: str, where: str, root: Any, bundle: Any) -> list[Issue]:
        fragment = href[1:]
        count = self.targets_in(root)[fragment]
        if count == 0 and bundle is not None:
            count = self.targets_in(bundle)[fragment]
        if count == 0:
            scope = "the resource or its Bundle" if bundle is not None else "the resource"
            return [
                error(
                    "fhir-narrative-link",
                    where,
                    f"the narrative's link {href} points at nothing: no id in {scope} is '{fragment}'",
                )
            ]
        if count > 1:
            return [
                warning(
                    "fhir-narrative-link",
                    where,
                    f"the narrative's link {href} matches {count} ids, so it is not clear what it points at",
                )
            ]
        return []
