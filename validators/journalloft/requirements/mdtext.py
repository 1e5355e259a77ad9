"""Small markdown builders for the generated catalogue pages: escaping, definition lists, links.

Catalogue text is data, not markdown: anything markdown or HTML would read as markup is escaped, so
a requirement text with ``*`` or ``<`` renders as written. The one markup kept is a code span in
backticks (a command such as `journalloft validate`), which authors use and readers expect as code.
"""

from __future__ import annotations

import posixpath
import re

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]#|])")
_CODE_SPAN = re.compile(r"(`[^`\n]+`)")


def inline(text: str) -> str:
    """One line of literal text as inline markdown (line breaks become spaces)."""
    flat = " ".join(text.split())
    parts = _CODE_SPAN.split(flat)
    # split() with a group puts the code spans at the odd positions; they stay as written.
    return "".join(part if index % 2 else _escape_plain(part) for index, part in enumerate(parts))


def _escape_plain(text: str) -> str:
    escaped = _INLINE_SPECIALS.sub(r"\\\1", text)
    return escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def paragraphs(text: str) -> list[str]:
    """Literal text split into escaped paragraphs at blank lines."""
    return [inline(part) for part in re.split(r"\n\s*\n", text.strip()) if part.strip()]


def definition(term: str, body: list[str]) -> list[str]:
    """A definition-list entry (markdown's def_list); ``body`` holds markdown blocks, one per paragraph."""
    lines = [term]
    for index, block in enumerate(body):
        block_lines = block.split("\n")
        if index:
            lines.append("")
        lines.append((":   " if index == 0 else "    ") + block_lines[0])
        lines.extend(("    " + line) if line else "" for line in block_lines[1:])
    lines.append("")
    return lines


def bullet_list(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def relative_link(from_page: str, to_page: str, anchor: str = "") -> str:
    """A markdown link target from one docs-relative page to another (same page: just the anchor)."""
    if from_page == to_page:
        return f"#{anchor}" if anchor else posixpath.basename(to_page)
    target = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    return f"{target}#{anchor}" if anchor else target


def site_path_to_doc(url: str, base_dir: str) -> str:
    """A site-relative reference URL (written relative to ``base_dir``'s built URL) as a docs page path.

    ``../../tjenester/okt/`` from a category page (built at ``anbefalinger/<slug>/``) is the page
    ``tjenester/okt/index.md``; ``../../om/`` would be ``om/index.md``. MkDocs validates the result.
    """
    path, _, anchor = url.partition("#")
    joined = posixpath.normpath(posixpath.join(base_dir, path))
    doc = f"{joined}/index.md" if path.endswith("/") else (joined if joined.endswith(".md") else f"{joined}.md")
    doc = doc.removeprefix("./")
    return f"{doc}#{anchor}" if anchor else doc
