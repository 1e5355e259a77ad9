"""The ``journalloft requirements`` command: lint, export, check-answers.

``register`` plugs the command into the top-level ``journalloft`` parser; ``main`` runs it alone
(``python -m journalloft.requirements``). Exit codes: 0 ok, 1 lint findings or answer faults,
2 usage error or a file that cannot be read, 3 an internal error of the checker itself (printed as
one line on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journalloft.escaping import for_terminal
from journalloft.requirements.paths import default_root

if TYPE_CHECKING:
    from journalloft.requirements.model import Catalogue

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3


WholeCli = Callable[[], argparse.ArgumentParser]


def register(
    subparsers: argparse._SubParsersAction[argparse.ArgumentParser], whole_cli: WholeCli | None = None
) -> None:
    """``whole_cli`` builds the top-level parser, for lint's ``command-unknown`` rule; it is handed in
    (not imported) because the top-level CLI imports this module (issue 24: no loop through the CLI)."""
    parser = subparsers.add_parser(
        "requirements",
        help="kravkatalogen Felles rammer og anbefalinger: kontroll, eksport, kontroll av svar, utgivelse",
        description=_DESCRIPTION,
    )
    _configure(parser)
    parser.set_defaults(whole_cli=whole_cli)


_DESCRIPTION = (
    "Kontroller kravkatalogen, eksporter krav til en konkurranse, kontroller leverandørens svar og gi ut en versjon."
)


class _NorwegianHelp(argparse.HelpFormatter):
    """argparse's own words ("usage:") in Norwegian; the catalogue's users read Norwegian."""

    def add_usage(self, usage: str | None, actions: Any, groups: Any, prefix: str | None = None) -> None:
        super().add_usage(usage, actions, groups, "bruk: " if prefix is None else prefix)


def _nb(command: str) -> dict[str, Any]:
    """The keyword arguments that give a subcommand's parser Norwegian help."""
    return {"formatter_class": _NorwegianHelp, "description": _COMMAND_DESCRIPTIONS[command]}


_COMMAND_DESCRIPTIONS = {
    "lint": "Kontroller katalogfilene mot skjemaene og reglene; hvert funn med fil og linje.",
    "export": "Eksporter krav fra en katalogversjon, etter ID, filtre eller kommunens utvalg (--set).",
    "check-answers": "Kontroller leverandørens svar i bilaget mot katalogen og kommunens kravtyper.",
    "new-version": (
        "Erklærer neste versjon av katalogen som utkast (status: draft) sist i versions: i catalogue.yaml, "
        "med et utkast til sammendrag laget fra endringene i livsløpene. Skriv sammendraget om med egne ord "
        "før `journalloft requirements release VERSJON`; utgivelsen nekter så lenge utkastsetningen står."
    ),
    "release": "Gi ut neste versjon av katalogen.",
}


def _norwegian_headings(parser: argparse.ArgumentParser) -> None:
    """Headings and the -h text in Norwegian (argparse has no translation of its own installed)."""
    parser._positionals.title = "argumenter"
    parser._optionals.title = "valg"
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction):
            action.help = "vis denne hjelpen og avslutt"


def _configure(parser: argparse.ArgumentParser) -> None:
    parser.formatter_class = _NorwegianHelp
    parser.add_argument(
        "--catalogue",
        type=Path,
        default=None,
        metavar="DIR",
        help="katalogmappen med catalogue.yaml (standard: den publiserte specs/requirements)",
    )
    commands = parser.add_subparsers(dest="requirements_command", metavar="KOMMANDO", required=True)

    _add_lint_command(commands)
    _add_export_command(commands)
    _add_check_answers_command(commands)
    _add_new_version_command(commands)
    _add_release_command(commands)
    for each in (parser, *commands.choices.values()):
        _norwegian_headings(each)


def _add_lint_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lint_parser = commands.add_parser(
        "lint", help="kontroller katalogfilene; funn som fil:linje: regel: melding", **_nb("lint")
    )
    lint_parser.set_defaults(func=_run_lint)


def _add_export_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export_parser = commands.add_parser(
        "export", help="eksporter krav som xlsx (bilag til konkurransen), csv eller json", **_nb("export")
    )
    export_parser.add_argument(
        "--format", choices=("xlsx", "csv", "json"), default="json", help="filformat (standard: json)"
    )
    export_parser.add_argument(
        "--version",
        dest="catalogue_version",
        default=None,
        metavar="V",
        help="katalogversjon (standard: gjeldende versjon)",
    )
    _add_export_selection(export_parser)
    export_parser.add_argument(
        "--csv-dialect",
        choices=("excel-no", "plain"),
        default="excel-no",
        help="csv for norsk Excel (';' og BOM, standard) eller vanlig RFC 4180 (',' og ingen BOM)",
    )
    export_parser.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="FIL",
        help="filen som skrives (påkrevd for xlsx; csv og json skrives ellers til standard ut)",
    )
    export_parser.set_defaults(func=_run_export)


def _add_export_selection(parser: argparse.ArgumentParser) -> None:
    """Which requirements to export: by ID, by filters, or the municipality's selection file."""
    parser.add_argument(
        "--ids",
        default=None,
        metavar="ID,ID",
        help="krav-ID-er skilt med komma, for eksempel FJL-INF-001,FJL-DEL-002",
    )
    parser.add_argument(
        "--category", action="append", default=[], metavar="ID", help="kategori, for eksempel SIK (kan gjentas)"
    )
    parser.add_argument(
        "--level",
        action="append",
        default=[],
        choices=("må", "skal", "bør", "kan"),
        help="foreslått nivå (kan gjentas)",
    )
    parser.add_argument(
        "--tender-use",
        action="append",
        default=[],
        choices=("absolute", "evaluated", "award-criterion", "contract-term"),
        help="foreslått bruk i konkurranse (kan gjentas)",
    )
    parser.add_argument(
        "--service-area", action="append", default=[], metavar="ID", help="tjenesteområde (kan gjentas)"
    )
    parser.add_argument(
        "--text", default=None, metavar="TEKST", help="fritekst som må stå i ID, tittel eller kravtekst"
    )
    parser.add_argument(
        "--set",
        dest="tender_set",
        type=Path,
        default=None,
        metavar="FIL",
        help="kommunens utvalg (YAML eller JSON: ID, kravtype A/V/Ø, vekt; "
        "skjema specs/requirements/schema/tender-set.schema.json) i stedet for --ids og filtrene",
    )


def _add_check_answers_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    answers_parser = commands.add_parser(
        "check-answers",
        help="kontroller leverandørens utfylte xlsx-bilag for manglende og ugyldige svar",
        **_nb("check-answers"),
    )
    answers_parser.add_argument("file", type=Path, metavar="FIL.xlsx", help="leverandørens utfylte bilag")
    answers_parser.add_argument(
        "--format", choices=("text", "json"), default="text", help="rapportformat (standard: text)"
    )
    answers_parser.add_argument(
        "--set",
        dest="tender_set",
        type=Path,
        default=None,
        metavar="FIL",
        help="kommunens egen fasit: utvalgsfilen (YAML eller JSON) eller kommunens eget, ubesvarte xlsx-bilag; "
        "kravtypene der går foran listen i arbeidsboken",
    )
    answers_parser.set_defaults(func=_run_check_answers)


def _add_new_version_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    new_version_parser = commands.add_parser(
        "new-version",
        help="åpne neste versjon: erklær den som utkast i catalogue.yaml med et sammendrag laget fra livsløpene",
        **_nb("new-version"),
    )
    new_version_parser.add_argument(
        "version",
        nargs="?",
        default=None,
        metavar="VERSJON",
        help="versjonen som åpnes, for eksempel 4.1.0 (standard: versjonen livsløpene nevner, ellers neste delversjon)",
    )
    new_version_parser.set_defaults(func=_run_new_version)


def _add_release_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    release_parser = commands.add_parser(
        "release",
        help="gi ut en versjon: versjonsnummer, sammendrag, released.yaml, genererte sider og navigasjon",
        **_nb("release"),
    )
    release_parser.add_argument("version", metavar="VERSJON", help="versjonen som gis ut, for eksempel 3.1.0")
    release_parser.add_argument(
        "--date",
        type=dt.date.fromisoformat,
        default=None,
        metavar="ÅÅÅÅ-MM-DD",
        help="utgivelsesdato (standard: dagens dato)",
    )
    release_parser.set_defaults(func=_run_release)


def _root(args: argparse.Namespace) -> Path:
    return args.catalogue if args.catalogue is not None else default_root()


def _commands(args: argparse.Namespace) -> argparse.ArgumentParser | None:
    """The whole CLI's parser when the caller handed one in; without it lint skips ``command-unknown``."""
    whole_cli: WholeCli | None = getattr(args, "whole_cli", None)
    return whole_cli() if whole_cli is not None else None


def _guarded(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """The entry point's guard: an unexpected exception is one line on stderr and exit status 3."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # a bug must not print a traceback or pass as a finding
            detail = for_terminal(str(exc))[:300]
            print(f"internal error: {type(exc).__name__}: {detail}; please report it", file=sys.stderr)
            return EXIT_INTERNAL

    run.__name__ = handler.__name__
    return run


@_guarded
def _run_lint(args: argparse.Namespace) -> int:
    from journalloft.requirements.lint import lint

    root = _root(args)
    if not (root / "catalogue.yaml").is_file():
        print(f"feil: ingen catalogue.yaml i {root}", file=sys.stderr)
        return EXIT_USAGE
    result = lint(root, commands=_commands(args))
    for finding in result.findings:
        print(for_terminal(finding.format(Path.cwd())))
    if result.ok:
        assert result.catalogue is not None
        print(f"ok: {_counts(result.catalogue)}")
        return EXIT_OK
    print(f"{len(result.findings)} funn", file=sys.stderr)
    return EXIT_FINDINGS


def _counts(catalogue: Catalogue) -> str:
    """The requirement counts, each labelled: the site counts the requirements in the current version,
    while the files also hold retired ones and those introduced in a draft (issue 25: 66 against 57)."""
    from journalloft.requirements.model import version_key
    from journalloft.requirements.norwegian import count_nb
    from journalloft.requirements.versions import requirements_at

    current = catalogue.current.version
    in_current = len(requirements_at(catalogue, current))
    retired = sum(
        1
        for req in catalogue.requirements
        if req.lifecycle.retired is not None and version_key(req.lifecycle.retired.version) <= version_key(current)
    )
    drafted = sum(1 for req in catalogue.requirements if version_key(req.lifecycle.introduced) > version_key(current))
    categories = count_nb(len(catalogue.categories), "kategori", "kategorier")
    return (
        f"{in_current} krav i gjeldende versjon {current} (som på nettstedet); filene har "
        f"{len(catalogue.requirements)} krav i {categories}: "
        f"{in_current} gjeldende, {retired} tatt ut, {count_nb(drafted, 'nytt', 'nye')} i utkast"
    )


def _run_export(args: argparse.Namespace) -> int:
    from journalloft.requirements.cli_export import run_export

    return run_export(args, _root(args))


@_guarded
def _run_check_answers(args: argparse.Namespace) -> int:
    from journalloft.requirements.cli_answers import run_check_answers

    return run_check_answers(args, _root(args))


@_guarded
def _run_new_version(args: argparse.Namespace) -> int:
    from journalloft.requirements.new_version import NewVersionRefused, NewVersionUsage, new_version

    root = _root(args)
    if not (root / "catalogue.yaml").is_file():
        print(f"feil: ingen catalogue.yaml i {root}", file=sys.stderr)
        return EXIT_USAGE
    try:
        opened = new_version(root, args.version, commands=_commands(args))
    except NewVersionUsage as exc:
        print(f"feil: {for_terminal(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    except NewVersionRefused as exc:
        print(f"feil: {for_terminal(str(exc))}", file=sys.stderr)
        return EXIT_FINDINGS
    print(f"catalogue.yaml:{opened.line}: versjon {opened.version} er åpnet som utkast")
    print(f"utkast til sammendrag: {for_terminal(opened.summary)}")
    print(
        f"neste: registrer endringene i livsløpene (lifecycle) under versjon {opened.version}, skriv "
        f"sammendraget med egne ord og gi ut med `journalloft requirements release {opened.version}`."
    )
    return EXIT_OK


@_guarded
def _run_release(args: argparse.Namespace) -> int:
    from journalloft.requirements.release import ReleaseError, release
    from journalloft.site.generate import write

    root = _root(args)
    repo_root = root.parent.parent
    if not (repo_root / "mkdocs.yml").is_file():
        print(f"feil: {repo_root} har ingen mkdocs.yml; utgivelse gjøres i en utsjekk av prosjektet", file=sys.stderr)
        return EXIT_USAGE
    try:
        done = release(repo_root, args.version, args.date or dt.date.today(), write, commands=_commands(args))
    except ReleaseError as exc:
        print(f"feil: {for_terminal(str(exc))}", file=sys.stderr)
        return EXIT_FINDINGS
    for line in done:
        print(line)
    print(
        f"klar: versjon {args.version} er forberedt. Se over endringene, kjør `mkdocs build --strict` og lag en commit."
    )
    return EXIT_OK


def main(argv: Sequence[str] | None = None, whole_cli: WholeCli | None = None) -> int:
    """Run the command alone; ``whole_cli`` as in ``register`` (``python -m journalloft.requirements`` passes it)."""
    parser = argparse.ArgumentParser(prog="journalloft requirements", description=_DESCRIPTION)
    _configure(parser)
    parser.set_defaults(whole_cli=whole_cli)
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors and 0 on --help
        return int(exc.code or 0)
    handler: Callable[[argparse.Namespace], int] = args.func
    return handler(args)
