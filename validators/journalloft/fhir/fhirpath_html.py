"""``htmlChecks()``: narrative XHTML checked the way R4's txt-1 and txt-2 describe it (an approximation
of the HL7 reference validator, documented in :func:`html_problems`)."""

from __future__ import annotations

import html.entities
import re
import xml.parsers.expat
from functools import lru_cache

XHTML_NAMESPACE = "http://www.w3.org/1999/xhtml"

# HTML 4.0 chapters 7-11 and 15 (except 9.4, the ins/del section), plus a and img, as R4's
# Narrative rules (txt-1) name them.
# fmt: off
_ALLOWED_ELEMENTS = frozenset({
    "a", "abbr", "acronym", "address", "b", "big", "blockquote", "br", "caption", "cite", "code", "col",
    "colgroup", "dd", "dfn", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "li", "ol", "p", "pre", "q", "samp", "small", "span", "strong", "sub", "sup", "table", "tbody", "td",
    "tfoot", "th", "thead", "tr", "tt", "ul", "var",
})
# fmt: on
_URL_ATTRIBUTES = frozenset({"href", "src", "cite", "longdesc", "background"})
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]*);")
_XML_ENTITIES = frozenset({"amp", "lt", "gt", "quot", "apos"})


NO_CONTENT = "the narrative has no non-whitespace content"


@lru_cache(maxsize=256)
def html_problems(text: str) -> tuple[str, ...]:  # noqa: C901 - the count includes expat's three small handler closures
    """Check narrative XHTML the way R4 txt-1/txt-2 describe it; return what is wrong (empty: ok).

    This is an approximation of the HL7 reference validator, documented as such:

    * the text must be well-formed XML whose root is ``div`` in the XHTML namespace; no DOCTYPE or
      entity declarations; the only named entities are XML's five (``&amp;`` ``&lt;`` ``&gt;``
      ``&quot;`` ``&apos;``): without a DTD, HTML's named entities (``&nbsp;``, ``&reg;``) are not
      defined in XML, so they are reported (as HL7's validator does) and then read as the
      characters they name so that the rest of the narrative is still checked;
    * only the basic formatting elements of HTML 4.0 chapters 7-11 and 15, ``a`` and ``img`` are
      allowed: ``script``, ``form``, ``iframe``, ``object``, ``embed``, ``style``, ``head``,
      ``body``, ``link``, ``base`` and any other element are reported;
    * no event handler attributes (``on*``) and no ``javascript:`` / ``vbscript:`` URLs;
    * there must be some non-whitespace text or an image (txt-2); that problem is reported as
      :data:`NO_CONTENT` so that txt-1 and txt-2, which share the expression ``htmlChecks()``, can
      be told apart.

    Attributes other than event handlers are not checked against HTML 4.0's lists, and ``img``
    sources are not restricted to local references; the reference validator is stricter there.
    """
    if "<!DOCTYPE" in text or "<!ENTITY" in text:
        return ("the narrative must not declare a DOCTYPE or entities",)
    problems: list[str] = []
    undefined = sorted({m.group(1) for m in _ENTITY.finditer(text)} - _XML_ENTITIES)
    if undefined:
        shown = ", ".join(f"&{name};" for name in undefined[:5])
        problems.append(f"entities {shown} are not defined in XHTML narrative: write the character or &#NNN;")
    prepared = _ENTITY.sub(_numeric_entity, text)
    state = {"depth": 0, "content": False}
    parser = xml.parsers.expat.ParserCreate(namespace_separator=" ")

    def start(name: str, attributes: dict[str, str]) -> None:
        namespace, _, local = name.rpartition(" ")
        if state["depth"] == 0 and (local != "div" or namespace != XHTML_NAMESPACE):
            problems.append("the narrative root must be a div in the XHTML namespace")
        state["depth"] += 1
        if namespace != XHTML_NAMESPACE:
            problems.append(f"element {local} is not in the XHTML namespace")
        elif local not in _ALLOWED_ELEMENTS:
            problems.append(f"element {local} is not allowed in narrative")
        if local == "img":
            state["content"] = True
        for attribute, value in attributes.items():
            attribute_name = attribute.rpartition(" ")[2]
            if attribute_name.lower().startswith("on"):
                problems.append(f"event attribute {attribute_name} on {local} is not allowed")
            elif attribute_name.lower() in _URL_ATTRIBUTES and _is_script_url(value):
                problems.append(f"script URL in {attribute_name} on {local} is not allowed")

    def characters(data: str) -> None:
        if data.strip():
            state["content"] = True

    def end(name: str) -> None:
        state["depth"] -= 1

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    try:
        parser.Parse(prepared, True)
    except xml.parsers.expat.ExpatError as exc:
        return (f"the narrative is not well-formed XHTML: {xml.parsers.expat.ErrorString(exc.code)}",)
    except UnicodeEncodeError:  # expat takes UTF-8; a lone surrogate (json-lone-surrogate) has none
        return ("the narrative is not well-formed XHTML: it holds a lone surrogate, which XML cannot hold",)
    if not state["content"]:
        problems.append(NO_CONTENT)
    return tuple(problems)


def _numeric_entity(match: re.Match[str]) -> str:
    name = match.group(1)
    if name in _XML_ENTITIES:
        return match.group(0)
    codepoint = html.entities.name2codepoint.get(name)
    return f"&#{codepoint};" if codepoint is not None else match.group(0)


def _is_script_url(value: str) -> bool:
    squeezed = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
    return squeezed.startswith(("javascript:", "vbscript:"))
