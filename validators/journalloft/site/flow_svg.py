"""A service's flow diagram as accessible inline SVG, drawn from the ``flow:`` data of its service file.

No external service draws it (no Mermaid, no CDN): the SVG is plain markup built here and inserted
into a page while the site builds. It carries ``<title>`` and ``<desc>`` (named by
``aria-labelledby``), follows the page's colour scheme through ``currentColor``, and is followed by
the same content as a text list, so a screen reader or a text browser loses nothing.

Data (``specs/services/<service>.yaml``)::

    flow:
      title: ...                  # the diagram's title
      description: ...            # one paragraph; the SVG's <desc>
      columns:                    # left to right
        - heading: Skriver
          separated: true         # optional: draw the column as one platform with separate parts
          nodes: [{id: a, label: [line 1, line 2], planned: false}]
      above: {id: helseid, label: [...]}   # optional: a node above the columns (the access service)
      edges: [{from: a, to: b, label: skriver, planned: false}]
      access: ...                 # optional: one sentence about the node above, for the text list
"""

from __future__ import annotations

from html import escape
from typing import Any

from journalloft.site.specdata import SpecDataError

BOX_W, BOX_H = 190, 58
COL_GAP = 260
ROW_GAP = 86
LEFT = 20
TOP = 150


def _labels(node: dict[str, Any]) -> list[str]:
    label = node.get("label")
    return [str(part) for part in label] if isinstance(label, list) else [str(label or node.get("id"))]


def _plain(node: dict[str, Any]) -> str:
    """The label as running text: a hyphen that only broke a word across lines is removed."""
    parts = _labels(node)
    joined = parts[0] if parts else ""
    for part in parts[1:]:
        joined = joined[:-1] + part if joined.endswith("-") else f"{joined} {part}"
    return joined


def _check(flow: dict[str, Any], where: str) -> None:
    columns = flow.get("columns")
    if not isinstance(columns, list) or not columns:
        raise SpecDataError(f"{where}: flow.columns must be a non-empty list")
    ids = {n.get("id") for c in columns for n in c.get("nodes") or []}
    if isinstance(flow.get("above"), dict):
        ids.add(flow["above"].get("id"))
    for index, edge in enumerate(flow.get("edges") or []):
        for end in ("from", "to"):
            if edge.get(end) not in ids:
                raise SpecDataError(f"{where}: flow.edges[{index}].{end} names unknown node {edge.get(end)!r}")


def render(flow: dict[str, Any], diagram_id: str, where: str = "flow") -> str:
    """The figure (SVG plus text alternative) as HTML and markdown, ready to put into a page."""
    _check(flow, where)
    columns: list[dict[str, Any]] = flow["columns"]
    rows = max(len(c.get("nodes") or []) for c in columns)
    width = LEFT * 2 + COL_GAP * (len(columns) - 1) + BOX_W
    height = TOP + rows * ROW_GAP + 10
    boxes: dict[str, tuple[int, int]] = {}
    parts: list[str] = []
    for ci, column in enumerate(columns):
        x = LEFT + ci * COL_GAP
        if column.get("separated"):
            parts.append(
                f'<rect x="{x - 10}" y="{TOP - 40}" width="{BOX_W + 20}" height="{rows * ROW_GAP + 24}" rx="10" '
                'fill="none" stroke="currentColor" stroke-width="1.5"/>'
            )
        parts.append(_text(x + BOX_W // 2, TOP - 16, [str(column.get("heading", ""))], bold=True))
        for ri, node in enumerate(column.get("nodes") or []):
            y = TOP + ri * ROW_GAP
            boxes[str(node["id"])] = (x, y)
            parts.append(_box(x, y, node))
    above = flow.get("above")
    if isinstance(above, dict):
        x, y = (width - BOX_W) // 2, 14
        boxes[str(above["id"])] = (x, y)
        parts.append(_box(x, y, above))
        for cx in (LEFT + BOX_W // 2, LEFT + (len(columns) - 1) * COL_GAP + BOX_W // 2):
            parts.append(
                f'<path d="M {x + BOX_W // 2} {y + BOX_H} L {cx} {TOP - 34}" fill="none" stroke="currentColor" '
                'stroke-width="1.5" stroke-dasharray="2 4"/>'
            )
    for edge in flow.get("edges") or []:
        parts.append(_edge(boxes[str(edge["from"])], boxes[str(edge["to"])], edge))
    title_id, desc_id = f"{diagram_id}-tittel", f"{diagram_id}-beskrivelse"
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="jl-flyt" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="{title_id} {desc_id}" font-size="14" '
        'font-family="system-ui, sans-serif">'
        f'<title id="{title_id}">{escape(str(flow.get("title", "")))}</title>'
        f'<desc id="{desc_id}">{escape(" ".join(str(flow.get("description", "")).split()))}</desc>'
        '<defs><marker id="' + diagram_id + '-pil" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M 0 0 L 10 5 L 0 10 z" fill="currentColor"/>'
        "</marker></defs>" + "".join(parts).replace("MARKER", f"url(#{diagram_id}-pil)") + "</svg>"
    )
    return "\n".join(
        [
            '<figure class="jl-flyt-figur" style="width: 100%; max-width: 52rem">',
            svg,
            f"<figcaption>{escape(str(flow.get('title', '')))}</figcaption>",
            "</figure>",
            "",
            *text_alternative(flow),
        ]
    )


def text_alternative(flow: dict[str, Any]) -> list[str]:
    """The diagram's content as HTML: one list item per arrow, plus the access sentence.

    HTML rather than a markdown list, so that a list the page starts right after the marker does
    not run together with this one.
    """
    nodes = {str(n["id"]): n for c in flow["columns"] for n in c.get("nodes") or []}
    if isinstance(flow.get("above"), dict):
        nodes[str(flow["above"]["id"])] = flow["above"]
    items = []
    for edge in flow.get("edges") or []:
        later = " (senere)" if edge.get("planned") and "senere" not in _plain(nodes[str(edge["to"])]) else ""
        items.append(
            f"{_plain(nodes[str(edge['from'])])} → {_plain(nodes[str(edge['to'])])}: {edge.get('label', '')}{later}"
        )
    if flow.get("access"):
        items.append(" ".join(str(flow["access"]).split()))
    return [
        '<details class="jl-flyt-tekst">',
        "<summary>Diagrammet som tekst</summary>",
        "<ul>",
        *(f"<li>{escape(item)}</li>" for item in items),
        "</ul>",
        "</details>",
        "",
    ]


def _text(cx: int, y: int, lines: list[str], bold: bool = False) -> str:
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(
        f'<tspan x="{cx}" dy="{0 if i == 0 else 17}">{escape(line)}</tspan>' for i, line in enumerate(lines)
    )
    return f'<text x="{cx}" y="{y}" text-anchor="middle" fill="currentColor"{weight}>{spans}</text>'


def _box(x: int, y: int, node: dict[str, Any]) -> str:
    dash = ' stroke-dasharray="6 4"' if node.get("planned") else ""
    lines = _labels(node)
    first = y + BOX_H // 2 + 5 - (len(lines) - 1) * 8
    return (
        f'<rect x="{x}" y="{y}" width="{BOX_W}" height="{BOX_H}" rx="6" fill="none" stroke="currentColor" '
        f'stroke-width="1.5"{dash}/>' + _text(x + BOX_W // 2, first, lines)
    )


def _edge(source: tuple[int, int], target: tuple[int, int], edge: dict[str, Any]) -> str:
    if source[0] == target[0]:
        return _down_edge(source, target, edge)
    x1, y1 = source[0] + BOX_W, source[1] + BOX_H // 2
    x2, y2 = target[0] - 2, target[1] + BOX_H // 2
    dash = ' stroke-dasharray="6 4"' if edge.get("planned") else ""
    mid_x, mid_y = (x1 + x2) // 2, (y1 + y2) // 2
    # A sloping arrow gets its label beside it, not on top of it.
    label_x, label_y = (mid_x + 30, mid_y + 4) if y1 != y2 else (mid_x, mid_y - 6)
    return (
        f'<path d="M {x1} {y1} L {x2} {y2}" fill="none" stroke="currentColor" stroke-width="1.5"{dash} '
        'marker-end="MARKER"/>' + _text(label_x, label_y, [str(edge.get("label", ""))])
    )


def _down_edge(source: tuple[int, int], target: tuple[int, int], edge: dict[str, Any]) -> str:
    """A step within one column (a sequence drawn top to bottom): a short arrow down, label beside it."""
    x = source[0] + 40
    y1, y2 = source[1] + BOX_H, target[1] - 2
    dash = ' stroke-dasharray="6 4"' if edge.get("planned") else ""
    return (
        f'<path d="M {x} {y1} L {x} {y2}" fill="none" stroke="currentColor" stroke-width="1.5"{dash} '
        'marker-end="MARKER"/>' + _text(source[0] + BOX_W // 2 + 30, (y1 + y2) // 2 + 5, [str(edge.get("label", ""))])
    )
