"""Messages in the reader's language: ``--lang en`` (the default) or ``--lang nb``.

The engine builds every message in English, where it has the values at hand; that English text is the
canonical message and stays on the issue. Norwegian is layered on top, from the data file
``messages/nb.toml``: per issue code, a list of variants, each a regular expression over the English
message whose named groups are the template's arguments, and the Norwegian template. Keeping the
translation out of the engine means the many places that build messages (and the helpers refactoring
them) need not change; the price, a template that stops matching when an English message changes, is
paid by a test over the project's examples that fails when any of their issues loses its full
Norwegian message. An issue that no template matches is shown as the Norwegian summary of its code
followed by the English detail, so a reader always gets Norwegian and never loses information.

Words the reporters print around the messages (the summary line, "ok"/"invalid") are here too, with
correct singular and plural.
"""

from __future__ import annotations

import functools
import io
import re
import tomllib
import zipfile
from dataclasses import dataclass, field, replace
from importlib import resources
from typing import Literal

from journalloft.codes import CODES
from journalloft.issues import Issue, Severity
from journalloft.report import Result, Tally

Lang = Literal["en", "nb"]
LANGS: tuple[Lang, ...] = ("en", "nb")


@dataclass(frozen=True, slots=True)
class Template:
    code: str
    variant: str
    pattern: re.Pattern[str]
    text: str
    words: tuple[str, ...] = ()
    """Arguments looked up in the catalogue's [words] (JSON type names) before they are filled in."""


@dataclass(frozen=True, slots=True)
class Catalogue:
    summaries: dict[str, str]
    words: dict[str, str]
    templates: dict[str, tuple[Template, ...]]
    invariants: dict[str, str] = field(default_factory=dict)
    """FHIR invariant rule texts by key (nb_fhir.toml), for a template's ``{human}``."""
    phrases: dict[str, str] = field(default_factory=dict)
    """Whole English argument values and their translation (nb_fhir.toml)."""


@functools.cache
def catalogue(lang: str = "nb") -> Catalogue:
    raw = tomllib.loads(resources.files("journalloft.messages").joinpath(f"{lang}.toml").read_text("utf-8"))
    summaries = dict(raw.pop("summary"))
    words = dict(raw.pop("words", {}))
    templates = {
        code: tuple(
            Template(code, v["variant"], re.compile(v["match"], re.DOTALL), v["text"], tuple(v.get("words", ())))
            for v in variants
        )
        for code, variants in raw.items()
    }
    quoted = resources.files("journalloft.messages").joinpath(f"{lang}_fhir.toml")
    extra = tomllib.loads(quoted.read_text("utf-8")) if quoted.is_file() else {}
    return Catalogue(summaries, words, templates, dict(extra.get("invariants", {})), dict(extra.get("phrases", {})))


@functools.cache
def _fhir_core_invariant_keys() -> frozenset[str]:
    """The keys of FHIR R4's own invariants, whose rule texts are English (read once, when first needed)."""
    data = resources.files("journalloft.fhir.data").joinpath("structuredefinitions.zip").read_bytes()
    keys: set[str] = set()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            keys.update(key.decode() for key in _CONSTRAINT_KEY.findall(archive.read(name)))
    return frozenset(keys)


_CONSTRAINT_KEY = re.compile(rb'"key"\s*:\s*"([^"]+)"')


def _quoted_texts(args: dict[str, str], lang: str) -> dict[str, str]:
    """Arguments that quote English from elsewhere, in ``lang``.

    An invariant's rule text (``human``) is translated by its key; a rule of FHIR R4 the catalogue
    has no translation for is quoted in code font, as FHIR's own words, so no English runs on as
    prose. A rule text from a project spec or an IG stays as its authors wrote it. Any argument that
    is exactly one of the catalogue's phrases is replaced by its translation.
    """
    texts = catalogue(lang)
    result = {name: texts.phrases.get(value, value) for name, value in args.items()}
    key, human = args.get("key"), args.get("human")
    if key is not None and human is not None:
        if key in texts.invariants:
            result["human"] = texts.invariants[key]
        elif key in _fhir_core_invariant_keys():
            result["human"] = "`" + human.rstrip(". ") + "`"
    return result


# A spec's advisory rule (spec.yaml ``advisory:``, journalloft.validation) turns a schema error into a
# warning by appending its reason, written in the spec's own language: "<message> (a warning: <reason>)".
_ADVISORY = re.compile(r"\A(?P<base>.*) \(a warning: (?P<reason>.*)\)\Z", re.DOTALL)
_ADVISORY_NB = " (advarsel: {reason})"


def template_for(issue: Issue, lang: str = "nb") -> tuple[Template, dict[str, str]] | None:
    """The first template of the issue's code whose pattern matches its English message, and its arguments.

    An advisory warning's message is matched without its reason, which is translated as a whole.
    """
    advisory = _ADVISORY.match(issue.message)
    text = advisory["base"] if advisory else issue.message
    for template in catalogue(lang).templates.get(issue.code, ()):
        match = template.pattern.search(text)
        if match:
            return template, match.groupdict()
    return None


def message(issue: Issue, lang: str) -> str:
    """The issue's message in ``lang``: a full translation, or the code's summary plus the English detail."""
    if lang == "en":
        return issue.message
    advisory = _ADVISORY.match(issue.message)
    if advisory:
        base = message(replace(issue, message=advisory["base"]), lang)
        # the sentence ends after the reason: "<melding> (advarsel: <grunn>)."
        return base.removesuffix(".") + _ADVISORY_NB.format(reason=advisory["reason"]) + "."
    found = template_for(issue, lang)
    if found is not None:
        template, args = found
        words = catalogue(lang).words
        for name in template.words:
            args[name] = words.get(args[name], args[name])
        args = _quoted_texts(args, lang)
        return _one_full_stop(template.text.format(**args))
    # A code added without its summary is caught by a test; at run time it falls back to English.
    summary = catalogue(lang).summaries.get(issue.code, CODES[issue.code].summary)
    return f"{summary} Detaljer (engelsk): {issue.message}"


def _one_full_stop(text: str) -> str:
    """Every template ends its sentence with a full stop; an argument that ends with its own (a reason
    quoted from elsewhere) does not get a second one."""
    return text[:-1] if text.endswith("..") and not text.endswith("...") else text


def translate(issue: Issue, lang: str) -> Issue:
    if lang == "en":
        return issue
    return replace(
        issue, message=message(issue, lang), sub_issues=tuple(translate(sub, lang) for sub in issue.sub_issues)
    )


def localize(result: Result, lang: str) -> Result:
    """The result with every message in ``lang``."""
    if lang == "en" or not result.issues:
        return result
    return replace(result, issues=[translate(issue, lang) for issue in result.issues])


def coverage(issues: list[Issue], lang: str = "nb") -> tuple[int, int]:
    """(issues with a full translation, all issues), sub-issues included; for the coverage figure."""
    full = total = 0
    stack = list(issues)
    while stack:
        issue = stack.pop()
        stack.extend(issue.sub_issues)
        total += 1
        full += template_for(issue, lang) is not None
    return full, total


# -- choosing the language from an HTTP request ---------------------------------------------------

# Accept-Language tags by primary subtag: Norwegian in any written form (bokmål nb, the macrolanguage
# no, nynorsk nn) gets bokmål, the only Norwegian the messages are written in; English gets English.
_PRIMARY_LANG: dict[str, Lang] = {"nb": "nb", "no": "nb", "nn": "nb", "en": "en"}
_RANGE = re.compile(r"^\s*([A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*|\*)\s*(?:;\s*q\s*=\s*([0-9.]{1,6}))?\s*$")


def accepted_lang(header: str | None, default: Lang) -> Lang:
    """The language to answer in for an HTTP Accept-Language header (RFC 9110 section 12.5.4).

    Ranges are tried from the highest quality value down (ties in the order written); ``q=0`` means
    "not this one". The first that names a language the messages exist in wins; ``*``, a header that
    names none of them, no header and one that cannot be read give ``default``.
    """
    if not header:
        return default
    ranked: list[tuple[float, int, str]] = []
    for position, part in enumerate(header[:1000].split(",")):
        match = _RANGE.match(part)
        if match is None:
            continue
        try:
            quality = float(match[2]) if match[2] is not None else 1.0
        except ValueError:
            continue
        if 0 < quality <= 1:
            ranked.append((-quality, position, match[1].lower()))
    for _, _, tag in sorted(ranked):
        if tag == "*":
            return default
        found = _PRIMARY_LANG.get(tag.split("-")[0])
        if found is not None:
            return found
    return default


# -- words around the messages --------------------------------------------------------------------

_SEVERITY_NB = {
    Severity.FATAL: "fatal",
    Severity.ERROR: "feil",
    Severity.WARNING: "advarsel",
    Severity.INFORMATION: "informasjon",
}


def severity_label(severity: Severity, lang: str) -> str:
    return _SEVERITY_NB[severity] if lang == "nb" else severity.value


def count(number: int, singular: str, plural: str) -> str:
    return f"{number} {singular if number == 1 else plural}"


def summary_line(tally: Tally, lang: str) -> str:
    """The summary line ("3 checked: 1 valid, 2 invalid (2 errors, 1 warning)"), counted in either language."""
    if lang == "nb":
        counts = [count(tally.errors, "feil", "feil"), count(tally.warnings, "advarsel", "advarsler")]
        if tally.ignored:
            counts.append(f"{tally.ignored} ignorert")
        return f"{tally.files} sjekket: {tally.valid} gyldig, {tally.invalid} ugyldig ({', '.join(counts)})"
    counts = [count(tally.errors, "error", "errors"), count(tally.warnings, "warning", "warnings")]
    if tally.ignored:
        counts.append(f"{tally.ignored} ignored")
    return f"{tally.files} checked: {tally.valid} valid, {tally.invalid} invalid ({', '.join(counts)})"


WORDS = {
    "en": {"ok": "ok", "invalid": "invalid", "at": "at", "line": "line", "column": "column"},
    "nb": {"ok": "ok", "invalid": "ugyldig", "at": "ved", "line": "linje", "column": "kolonne"},
}


def config_line(path: str, lang: str) -> str:
    """The line after the summary naming the config file whose choices were applied."""
    return f"{'konfigurasjon' if lang == 'nb' else 'config'}: {path}"


def no_issues_line(path: str, ignored: int, spec: str | None, lang: str) -> str:
    """The one note of an OperationOutcome without findings: "request: no issues found (okt@2.0.0)"."""
    if lang == "nb":
        found = "ingen funn" + (f", {ignored} ignorert" if ignored else "")
    else:
        found = "no issues found" + (f", {ignored} ignored" if ignored else "")
    return f"{path}: {found}" + (f" ({spec})" if spec else "")


def internal_errors_line(number: int, lang: str) -> str:
    if lang == "nb":
        return f"{number} inndata traff en intern feil i validatoren: meld feilen"
    return f"{number} input(s) hit an internal error of the validator: please report it"
