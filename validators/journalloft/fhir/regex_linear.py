"""Regular expressions from profiles, run in time linear in the input: FHIRPath ``matches()`` and
``replaceMatches()`` never hang on a pattern like ``^(a+)+$``.

Python's ``re`` backtracks: a profile's pattern with nested quantifiers, and a payload string of a
few dozen characters, take it years. An IG author writes the pattern and a payload author the
string, so neither may decide how long validation takes. Here the pattern is parsed by ``re``'s own
parser (the same syntax and character classes), compiled to a small program and run as a Pike VM:
every start position and every path through the pattern advance together, one input character at
a time, so the work is at most (input length) x (program size). Leftmost-first priorities keep the
match (and its groups) the one ``re`` would choose.

What a Pike VM cannot do in linear time, it does not do: backreferences, lookahead and lookbehind,
conditionals, atomic groups and possessive quantifiers, and flags set inside the pattern raise
:class:`RegexNotLinear`. So do programs over :data:`MAX_PROGRAM` instructions (``{0,100000}``) and
inputs whose run would take more than :data:`MAX_STEPS` thread steps. The caller reports those as
"not evaluated"; it never falls back to ``re``.
"""

from __future__ import annotations

import re
import re._constants as sre
import re._parser as sre_parse
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

MAX_PROGRAM = 20_000
"""Instructions of one compiled pattern (each bounded repetition copies its body)."""
MAX_STEPS = 4_000_000
"""Thread steps of one search: about a second of CPU; a 100 KB string against a 40-state pattern fits."""

_CHAR, _SPLIT, _JMP, _SAVE, _ASSERT, _MATCH = range(6)
Instruction = tuple[int, Any, Any]
CharTest = Callable[[str], bool]


class RegexNotLinear(ValueError):
    """The pattern (or this input) cannot be decided in linear time; the message says why."""


@dataclass(frozen=True)
class Program:
    instructions: tuple[Instruction, ...]
    groups: int
    multiline: bool


def _category_test(category: Any, flags: int) -> CharTest:
    # One character against \d, \s, \w (or their negations) with the pattern's flags: re decides it.
    text = {
        sre.CATEGORY_DIGIT: r"\d",
        sre.CATEGORY_NOT_DIGIT: r"\D",
        sre.CATEGORY_SPACE: r"\s",
        sre.CATEGORY_NOT_SPACE: r"\S",
        sre.CATEGORY_WORD: r"\w",
        sre.CATEGORY_NOT_WORD: r"\W",
    }.get(category)
    if text is None:
        raise RegexNotLinear(f"unsupported character category {category}")
    return re.compile(text, flags & (re.ASCII | re.IGNORECASE)).fullmatch  # type: ignore[return-value]


def _set_test(items: list[tuple[Any, Any]], flags: int) -> CharTest:
    negate = False
    chars: set[str] = set()
    ranges: list[tuple[int, int]] = []
    tests: list[CharTest] = []
    for op, value in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            chars.add(chr(value))
        elif op is sre.RANGE:
            ranges.append(value)
        elif op is sre.CATEGORY:
            tests.append(_category_test(value, flags))
        else:
            raise RegexNotLinear(f"unsupported set item {op}")

    def plain(c: str) -> bool:
        code = ord(c)
        return c in chars or any(low <= code <= high for low, high in ranges) or any(t(c) for t in tests)

    if flags & re.IGNORECASE:

        def member(c: str) -> bool:
            return plain(c) or plain(c.lower()) or plain(c.upper())

    else:
        member = plain
    return (lambda c: not member(c)) if negate else member


def _char_test(op: Any, value: Any, flags: int) -> CharTest:
    if op is sre.LITERAL or op is sre.NOT_LITERAL:
        wanted = chr(value)
        if flags & re.IGNORECASE:
            folded = {wanted, wanted.lower(), wanted.upper()}
            same: CharTest = lambda c: c in folded or c.lower() in folded  # noqa: E731
        else:
            same = wanted.__eq__
        return same if op is sre.LITERAL else (lambda c: not same(c))
    if op is sre.ANY:
        return (lambda c: True) if flags & re.DOTALL else (lambda c: c != "\n")
    if op is sre.IN:
        return _set_test(value, flags)
    raise RegexNotLinear(f"unsupported element {op}")


class _Compiler:
    def __init__(self, flags: int) -> None:
        self.flags = flags
        self.code: list[list[Any]] = []

    def emit(self, kind: int, a: Any = None, b: Any = None) -> int:
        if len(self.code) >= MAX_PROGRAM:
            raise RegexNotLinear(f"the pattern compiles to more than {MAX_PROGRAM:,} instructions")
        self.code.append([kind, a, b])
        return len(self.code) - 1

    def sequence(self, items: Any) -> None:
        for op, value in items:
            self.item(op, value)

    def item(self, op: Any, value: Any) -> None:
        if op in (sre.LITERAL, sre.NOT_LITERAL, sre.ANY, sre.IN):
            self.emit(_CHAR, _char_test(op, value, self.flags))
        elif op is sre.SUBPATTERN:
            group, add_flags, del_flags, body = value
            if add_flags or del_flags:
                raise RegexNotLinear("flags set inside the pattern")
            if group is not None:
                self.emit(_SAVE, 2 * group)
            self.sequence(body)
            if group is not None:
                self.emit(_SAVE, 2 * group + 1)
        elif op is sre.BRANCH:
            self.branch(value[1])
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
            self.repeat(*value, greedy=op is sre.MAX_REPEAT)
        elif op is sre.AT:
            self.emit(_ASSERT, value)
        else:
            name = str(op).lower().replace("_", " ")
            raise RegexNotLinear(f"the pattern uses {name}, which cannot be matched in linear time")

    def branch(self, alternatives: list[Any]) -> None:
        jumps = []
        for alternative in alternatives[:-1]:
            split = self.emit(_SPLIT)
            self.code[split][1] = len(self.code)
            self.sequence(alternative)
            jumps.append(self.emit(_JMP))
            self.code[split][2] = len(self.code)
        self.sequence(alternatives[-1])
        for jump in jumps:
            self.code[jump][1] = len(self.code)

    def repeat(self, low: int, high: Any, body: Any, *, greedy: bool) -> None:
        for _ in range(low):
            self.sequence(body)
        if high is sre.MAXREPEAT:
            split = self.emit(_SPLIT)
            self.sequence(body)
            self.emit(_JMP, split)
            self._targets(split, split + 1, len(self.code), greedy)
            return
        exits = []
        for _ in range(high - low):
            split = self.emit(_SPLIT)
            exits.append(split)
            self.sequence(body)
        for split in exits:
            self._targets(split, split + 1, len(self.code), greedy)

    def _targets(self, split: int, body: int, out: int, greedy: bool) -> None:
        self.code[split][1], self.code[split][2] = (body, out) if greedy else (out, body)


@lru_cache(maxsize=512)
def compile_linear(pattern: str, flags: int = 0) -> Program:
    """Compile ``pattern`` (``re`` syntax) for the Pike VM; raises RegexNotLinear or re.error."""
    parsed = sre_parse.parse(pattern, flags)
    flags = parsed.state.flags
    compiler = _Compiler(flags)
    compiler.emit(_SAVE, 0)
    compiler.sequence(parsed)
    compiler.emit(_SAVE, 1)
    compiler.emit(_MATCH)
    instructions = tuple((kind, a, b) for kind, a, b in compiler.code)
    return Program(instructions, parsed.state.groups, bool(flags & re.MULTILINE))


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def _assertion(at: Any, text: str, pos: int, multiline: bool) -> bool:
    n = len(text)
    if at is sre.AT_BEGINNING:
        return pos == 0 or (multiline and text[pos - 1] == "\n")
    if at is sre.AT_BEGINNING_STRING:
        return pos == 0
    if at is sre.AT_END:
        if multiline:
            return pos == n or text[pos] == "\n"
        return pos == n or (pos == n - 1 and text[pos] == "\n")
    if at is sre.AT_END_STRING:
        return pos == n
    if at in (sre.AT_BOUNDARY, sre.AT_NON_BOUNDARY):
        before = pos > 0 and _is_word(text[pos - 1])
        after = pos < n and _is_word(text[pos])
        return (before != after) == (at is sre.AT_BOUNDARY)
    raise RegexNotLinear(f"unsupported assertion {at}")


def search(program: Program, text: str, start: int = 0) -> list[int | None] | None:
    """The leftmost-first match at or after ``start``: group spans as [start0, end0, start1, ...], or None."""
    code = program.instructions
    n = len(text)
    steps = 0
    matched: list[int | None] | None = None
    empty: tuple[int | None, ...] = (None,) * (2 * program.groups)
    current: list[tuple[int, tuple[int | None, ...]]] = []
    seen: set[int] = set()
    for pos in range(start, n + 1):
        if matched is None:
            steps += _add(code, current, seen, 0, empty, text, pos, program.multiline)
        if not current:
            if matched is not None:
                break
            seen = set()
            continue
        following: list[tuple[int, tuple[int | None, ...]]] = []
        following_seen: set[int] = set()
        char = text[pos] if pos < n else ""
        for pc, captures in current:
            kind, test, _ = code[pc]
            if kind == _MATCH:
                matched = list(captures)
                break  # threads after this one have lower priority
            if char and test(char):
                steps += _add(code, following, following_seen, pc + 1, captures, text, pos + 1, program.multiline)
        if steps > MAX_STEPS:
            raise RegexNotLinear(f"matching would take more than {MAX_STEPS:,} steps on this input")
        current, seen = following, following_seen
    return matched


def _add(  # noqa: PLR0917 - the VM's inner step: positional arguments keep it cheap
    code: tuple[Instruction, ...],
    threads: list[tuple[int, tuple[int | None, ...]]],
    seen: set[int],
    pc: int,
    captures: tuple[int | None, ...],
    text: str,
    pos: int,
    multiline: bool,
) -> int:
    """Follow jumps, splits, saves and assertions from ``pc`` in priority order; returns the steps taken."""
    stack = [(pc, captures)]
    steps = 0
    while stack:
        pc, captures = stack.pop()
        if pc in seen:
            continue
        seen.add(pc)
        steps += 1
        kind, a, b = code[pc]
        if kind == _JMP:
            stack.append((a, captures))
        elif kind == _SPLIT:
            stack.append((b, captures))
            stack.append((a, captures))
        elif kind == _SAVE:
            if a < len(captures):
                captures = (*captures[:a], pos, *captures[a + 1 :])
            stack.append((pc + 1, captures))
        elif kind == _ASSERT:
            if _assertion(a, text, pos, multiline):
                stack.append((pc + 1, captures))
        else:
            threads.append((pc, captures))
    return steps


def _program(pattern: str, flags: int) -> Program:
    try:
        return compile_linear(pattern, flags)
    except (re.error, RecursionError, OverflowError) as exc:
        raise RegexNotLinear(f"not a valid regular expression ({exc})") from None


def matches(pattern: str, text: str) -> bool:
    """FHIRPath ``matches()``: whether ``pattern`` matches anywhere in ``text`` (``.`` matches newlines)."""
    return search(_program(pattern, re.DOTALL), text) is not None


def fullmatch(pattern: str, text: str) -> bool:
    """Whether ``pattern`` matches the whole of ``text`` (a value set's ``regex`` filter on codes)."""
    return search(_program(f"\\A(?:{pattern})\\Z", 0), text) is not None


_GROUP_REFERENCE = re.compile(r"\$(\d+)")


def replace_matches(pattern: str, text: str, replacement: str) -> str:
    """FHIRPath ``replaceMatches()``: every match replaced, ``$1`` in ``replacement`` naming group 1."""
    program = _program(pattern, 0)
    pieces: list[str] = []
    position = 0
    while position <= len(text):
        found = search(program, text, position)
        if found is None:
            break
        begin, end = found[0], found[1]
        assert begin is not None and end is not None
        pieces.append(text[position:begin])
        pieces.append(_substitute(replacement, text, found))
        if end == begin:  # an empty match: keep the next character and move on, as re.sub does
            if end < len(text):
                pieces.append(text[end])
            position = end + 1
        else:
            position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _substitute(replacement: str, text: str, spans: list[int | None]) -> str:
    return _GROUP_REFERENCE.sub(lambda m: _group(text, spans, int(m.group(1))), replacement)


def _group(text: str, spans: list[int | None], number: int) -> str:
    if 2 * number + 1 >= len(spans):
        raise RegexNotLinear(f"the replacement names group {number}, which the pattern does not have")
    begin, end = spans[2 * number], spans[2 * number + 1]
    return "" if begin is None or end is None else text[begin:end]
