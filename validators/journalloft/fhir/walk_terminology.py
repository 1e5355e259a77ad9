"""Terminology in the walk: codes in code systems held offline, displays, and value set bindings.
"""

from __future__ import annotations

from typing import Any

from journalloft.fhir.elements import ElementDef
from journalloft.fhir.retired_codes import retired_message
from journalloft.fhir.terminology_ucum import UCUM, ucum_syntax_error
from journalloft.fhir.tx_client import TxAnswer
from journalloft.fhir.walk_base import (
    _BINDING_SEVERITY,
    Loc,
    WalkRun,
    _step,
    format_location,
)
from journalloft.issues import Issue, error, information, warning

# Code systems HL7 publishes (FHIR core and HL7 Terminology): HL7 is the owner of their displays.
_HL7_PUBLISHED = ("http://terminology.hl7.org/", "http://hl7.org/fhir/")


class TerminologyWalk:
    """Coding checks and bindings."""

    __slots__ = ("run",)

    def __init__(self, run: WalkRun) -> None:
        self.run = run

    def check_coding(self, coding: dict[str, Any], loc: Loc, check_display: bool) -> None:
        """A code must exist in a code system held with complete content (UCUM: parse); its display should match."""
        run = self.run
        system = coding.get("system")
        code = coding.get("code")
        if check_display and isinstance(system, str) and system and ":" not in system:
            run.issues.append(
                error(
                    "fhir-coding-system",
                    format_location(_step(loc, "system")),
                    f'Coding.system must be an absolute URI, not "{system}" (LOINC is http://loinc.org)',
                )
            )
            return
        if not isinstance(system, str) or not isinstance(code, str):
            return
        if system == UCUM:
            problem = ucum_syntax_error(code)
            if problem is not None:
                run.issues.append(
                    error(
                        "fhir-code-unknown",
                        format_location(_step(loc, "code")),
                        f'"{code}" is not a valid UCUM expression: {problem}',
                    )
                )
            return
        known, expected = run.v.code_facts(system, code)
        if known is None:
            self._not_held(coding, system, code, loc, check_display)
            return
        if known is False:
            run.issues.append(
                error("fhir-code-unknown", format_location(_step(loc, "code")), f'"{code}" is not a code of {system}')
            )
            return
        reason = run.v.terminology.retirement(system, code) if known else None
        if reason is not None and run.v.terminology.copy_of(system) is not None:
            # A retired code of a code system copied here (IPLOS 9151's 10, 12, 13, 16) is not current,
            # even where no binding or closed slicing catches it (okt 2.0.0's open type slicing).
            where = format_location(_step(loc, "code"))
            run.issues.append(error("fhir-code-retired", where, retired_message(system, code, reason)))
            return
        display = coding.get("display")
        if (
            check_display
            and isinstance(display, str)
            and expected is not None
            and _folded(display) != _folded(expected)
        ):
            where = format_location(_step(loc, "display"))
            copy_of = run.v.terminology.copy_of(system)
            if copy_of is None:
                message = f'display "{display}" differs from "{expected}", the display {system} gives code {code}'
                run.issues.append(self._wrong_display(system, where, message))
            else:
                # Our copy of someone else's code system is not the owner's word on displays: say
                # what the copy has, as information, not as a fault of the data.
                message = (
                    f'display "{display}" differs from "{expected}", the display for code {code} in the '
                    f"copy of {system} held here (copied from {copy_of}; the owner's text is authoritative)"
                )
                run.issues.append(information("fhir-display", where, message))

    def _wrong_display(self, system: str, where: str, message: str) -> Issue:
        # HL7's validator rejects a wrong display of the code systems HL7 publishes unless
        # -display-issues-are-warnings; other code systems keep a warning
        hl7 = system.startswith(_HL7_PUBLISHED) and not self.run.options.display_issues_are_warnings
        return (error if hl7 else warning)("fhir-display", where, message)

    def _not_held(self, coding: dict[str, Any], system: str, code: str, loc: Loc, check_display: bool) -> None:
        """A code of a code system not held here with complete content (LOINC, SNOMED CT, ...): asked
        about at the terminology server if the run has one (--tx), else noted as not checked."""
        server = self.run.options.terminology_server
        if server is not None:
            display = coding.get("display") if check_display else None
            display = display if isinstance(display, str) else None
            answer = server.validate_code(system, code, display)
            if answer is not None:
                self._server_answer(answer, system, code, display, loc)
                return
            if not server.failure_reported:
                server.failure_reported = True
                self.run.issues.append(
                    warning(
                        "fhir-tx-unavailable",
                        format_location(_step(loc, "code")),
                        f"the terminology server could not be used: {server.failure}; codes of code systems "
                        "not available offline are not checked in this run",
                    )
                )
        first = self.run.not_checked.get(system)
        self.run.not_checked[system] = (first[0] if first else _step(loc, "code"), first[1] + 1 if first else 1)

    def _server_answer(self, answer: TxAnswer, system: str, code: str, display: str | None, loc: Loc) -> None:
        said = answer.message or "result false"
        # a server names the code's display when it knows the code: a false result with a display
        # that differs from the one sent is about the display, not the code
        expected = answer.display
        wrong_display = (
            display is not None and expected is not None and _folded(display) != _folded(expected)
        )
        if wrong_display:
            message = (
                f'display "{display}" differs from "{expected}", the display the terminology server gives '
                f"code {code} of {system}"
            )
            self.run.issues.append(self._wrong_display(system, format_location(_step(loc, "display")), message))
        elif not answer.result:
            self.run.issues.append(
                error(
                    "fhir-code-unknown",
                    format_location(_step(loc, "code")),
                    f'"{code}" is not a valid code of {system}, says the terminology server: {said}',
                )
            )

    def check_binding(self, value: Any, element: ElementDef, type_code: str, loc: Loc) -> None:
        run = self.run
        if not element.binding_value_set:
            return
        if run.profile_mode:
            run.binding_checked.append(loc)
        value_set = element.binding_value_set
        if type(value) is str and run.v.check_code(value_set, None, value).status == "member":
            return  # the common case of a bound code, decided without building the list below
        codes = _bound_codes(value, type_code)
        if not codes:
            if type_code == "CodeableConcept" and element.binding_strength in ("required", "extensible"):
                # text alone cannot show that the concept is in the value set (as HL7's validator says)
                severity, code_name = _BINDING_SEVERITY[element.binding_strength]
                run.issues.append(
                    Issue(
                        severity,
                        code_name,
                        format_location(loc),
                        f"no code given; the {element.binding_strength} binding needs a coding from {value_set}",
                    )
                )
            return
        statuses = []
        for system, code in codes:
            result = run.v.check_code(value_set, system, code)
            if result.status == "member":
                return
            statuses.append(result)
        severity, code_name = _BINDING_SEVERITY[element.binding_strength]  # type: ignore[index]
        if any(result.status == "unknown-value-set" for result in statuses):
            if element.binding_strength == "required":
                run.issues.append(
                    information(
                        "fhir-valueset-unknown",
                        format_location(loc),
                        f"value set {value_set} is not available offline; the code was not checked",
                    )
                )
            return
        if any(result.status != "not-member" for result in statuses):
            return
        shown = ", ".join((f"{s}|{c}" if s else c) for s, c in codes)
        run.issues.append(
            Issue(
                severity,
                code_name,
                format_location(loc),
                f"{shown} is not in the {element.binding_strength} value set {value_set}"
                + _allowed_hint(run.v.allowed_codes(value_set)),
            )
        )


def _folded(display: str) -> str:
    return " ".join(display.split()).casefold()


def not_checked_findings(not_checked: dict[str, tuple[Loc, int]], reason: str) -> list[Issue]:
    """One information finding per code system whose codes were not checked, at its first code.

    One per code system and validated document, not one per code: a NEWS2 Bundle holds a LOINC code
    in every Observation and component, and the fact the reader needs (LOINC codes were not checked
    here) is the same for all of them; the count says how many there were.
    """
    found = []
    for system, (loc, count) in not_checked.items():
        if count == 1:
            message = f"the code of {system} was not checked: {reason}"
        else:
            message = f"{count} codes of {system} were not checked, the first here: {reason}"
        found.append(information("fhir-code-not-checked", format_location(loc), message))
    return found


# A value set with at most this many codes is listed in full in a binding message; a larger one is
# described by its size and the first few codes.
_LISTED_CODES = 12
_EXAMPLE_CODES = 5


def _allowed_hint(allowed: list[tuple[str, list[str]]] | None) -> str:
    """What the value set allows, so the sender can pick a code without looking the value set up."""
    if allowed is None:
        return ""
    count = sum(len(codes) for _, codes in allowed)
    if count == 0:
        return " (the value set holds no codes)"
    if count <= _LISTED_CODES:
        if len(allowed) == 1:
            return f"; allowed: {', '.join(allowed[0][1])}"
        return "; allowed: " + "; ".join(f"{', '.join(codes)} from {system}" for system, codes in allowed if codes)
    examples = [code for _, codes in allowed for code in codes][:_EXAMPLE_CODES]
    systems = "" if len(allowed) == 1 else f" from {len(allowed)} code systems"
    return f"; the value set holds {count} codes{systems}, e.g. {', '.join(examples)}"


def _bound_codes(value: Any, type_code: str) -> list[tuple[str | None, str]]:
    """(system or None, code) of each code a bound value carries: the value itself for code, string and
    uri, the code of a Coding or Quantity, each coding's of a CodeableConcept."""
    codes: list[tuple[str | None, str]] = []
    if type_code in ("code", "string", "uri"):
        if isinstance(value, str):
            codes.append((None, value))
    elif type_code in {"Coding", "Quantity"}:
        code = value.get("code")
        if isinstance(code, str):
            system = value.get("system")
            codes.append((system if isinstance(system, str) else None, code))
    elif type_code == "CodeableConcept":
        codings = value.get("coding")
        for coding in codings if isinstance(codings, list) else ():
            if isinstance(coding, dict) and isinstance(coding.get("code"), str):
                system = coding.get("system")
                codes.append((system if isinstance(system, str) else None, coding["code"]))
    return codes
