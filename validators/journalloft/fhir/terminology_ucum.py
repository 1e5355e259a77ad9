"""UCUM's grammar without its unit table: does a unit expression parse? (Terminology and the walk use it.)"""

from __future__ import annotations

UCUM = "http://unitsofmeasure.org"

_UCUM_OPERATORS = "./"
_UCUM_STOP = "./(){}"


def ucum_syntax_error(expression: str) -> str | None:
    """Why `expression` breaks UCUM's grammar, or None when it parses.

    Checks the grammar of the UCUM specification (main-term, term, component, annotation,
    square-bracketed atoms, printable ASCII) without the unit table: a syntactically valid
    expression may still name units that do not exist. Two leniencies follow the codes HL7 and
    LOINC publish: annotations may contain spaces ("{# of fetuses}") and may follow a
    parenthesised term ("g/(8.h){shift}").
    """
    if not expression:
        return "empty expression"
    in_annotation = False
    for position, char in enumerate(expression):
        lowest = 32 if in_annotation else 33
        if not lowest <= ord(char) <= 126:
            return f"character {char!r} at position {position + 1} is not allowed"
        if char == "{":
            in_annotation = True
        elif char == "}":
            in_annotation = False
    parser = _UcumParser(expression)
    return parser.main_term()


class _UcumParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def main_term(self) -> str | None:
        if self.text.startswith("/"):
            self.pos = 1
        problem = self.term()
        if problem is None and self.pos < len(self.text):
            problem = f"unexpected {self.text[self.pos]!r} at position {self.pos + 1}"
        return problem

    def term(self) -> str | None:
        problem = self.component()
        while problem is None and self.pos < len(self.text) and self.text[self.pos] in _UCUM_OPERATORS:
            self.pos += 1
            problem = self.component()
        return problem

    def component(self) -> str | None:
        if self.pos >= len(self.text):
            return "expression ends where a unit is expected"
        char = self.text[self.pos]
        if char == "(":
            self.pos += 1
            problem = self.term()
            if problem is not None:
                return problem
            if self.pos >= len(self.text) or self.text[self.pos] != ")":
                return "unbalanced '('"
            self.pos += 1
            if self.pos < len(self.text) and self.text[self.pos] == "{":
                return self.annotation()
            return None
        if char == "{":
            return self.annotation()
        start = self.pos
        while self.pos < len(self.text) and self.text[self.pos] not in _UCUM_STOP:
            if self.text[self.pos] == "[":
                close = self.text.find("]", self.pos + 1)
                if close < 0 or "[" in self.text[self.pos + 1:close]:
                    return f"unbalanced '[' at position {self.pos + 1}"
                self.pos = close
            elif self.text[self.pos] == "]":
                return f"unbalanced ']' at position {self.pos + 1}"
            self.pos += 1
        if self.pos == start:
            return f"a unit is expected at position {self.pos + 1}"
        if self.pos < len(self.text) and self.text[self.pos] == "{":
            return self.annotation()
        return None

    def annotation(self) -> str | None:
        close = self.text.find("}", self.pos + 1)
        if close < 0 or "{" in self.text[self.pos + 1:close]:
            return f"unbalanced '{{' at position {self.pos + 1}"
        self.pos = close + 1
        return None
