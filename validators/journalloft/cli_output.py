"""The ``validate`` options about what the report says and how the run is spread over processes.

``--lang``, ``--docs-url``, ``--ignore``, ``--min-severity``, ``--jobs``, ``--config`` and
``--no-config``. The config file (:func:`journalloft.policy.find_config`) supplies defaults; options
on the command line win, and ``--ignore`` rules from both are used together.

English is the CLI's default language: the codes, options and most of HL7's constraint texts are
English, logs and CI output are shared with people outside Norway, and a vendor's issue tracker
searches best on the canonical messages. ``--lang nb`` (or ``lang = "nb"`` in the config) gives
Norwegian.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from journalloft.codes import DOCS_BASE_URL
from journalloft.i18n import LANGS
from journalloft.inputs import InputError
from journalloft.policy import (
    SEVERITY_NAMES,
    Config,
    PolicyError,
    bound_problem,
    find_config,
    load_config,
    make_policy,
)


def add_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGS, default=None, help="language of the messages (default en)")
    parser.add_argument(
        "--docs-url",
        metavar="URL",
        default=None,
        help="base address of the issue code documentation (default: the site the wheel was installed from, "
        f"else the path on that site, now {DOCS_BASE_URL})",
    )
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="CODE[@EXPRESSION-PREFIX]",
        help="leave out issues with this code (below this expression); counted as ignored (repeatable)",
    )
    parser.add_argument(
        "--min-severity",
        choices=SEVERITY_NAMES,
        default=None,
        help="leave out less severe issues (default: information)",
    )
    parser.add_argument(
        "--verbose",
        "-v",
        action="store_true",
        help="text format: also show notes on how the validator went about it (fhir-profile-by-code)",
    )
    parser.add_argument("--jobs", type=_jobs, default=None, metavar="N", help="check in N processes (default 1)")
    parser.add_argument(
        "--config",
        type=Path,
        metavar="FILE",
        help="read settings from FILE (default: journalloft.toml or pyproject.toml in the working directory, "
        "else at the root of its git/hg project; never above)",
    )
    parser.add_argument("--no-config", action="store_true", help="read no config file")


def resolve(args: argparse.Namespace) -> None:
    """Merge the config file into ``args`` (lang, docs_url, jobs, policy); bad settings are usage errors."""
    config = _config(args)
    try:
        args.lang = args.lang or config.get_str("lang") or "en"
        if args.lang not in LANGS:
            raise PolicyError(f"{config.path}: lang must be one of {', '.join(LANGS)}")
        args.docs_url = args.docs_url or config.get_str("docs-url") or DOCS_BASE_URL
        args.jobs = args.jobs or config.get_int("jobs") or 1
        args.policy = make_policy(
            [*config.get_list("ignore"), *args.ignore], args.min_severity or config.get_str("min-severity")
        )
    except PolicyError as exc:
        raise InputError(str(exc)) from exc
    args.config_path = config.path


def _config(args: argparse.Namespace) -> Config:
    try:
        if args.no_config:
            return Config()
        if args.config is not None:
            if not args.config.is_file():
                raise PolicyError(f"{args.config}: no such config file")
            return load_config(args.config)
        found = find_config(Path(os.getcwd()))
        return load_config(found) if found is not None else Config()
    except PolicyError as exc:
        raise InputError(str(exc)) from exc


def _jobs(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    problem = bound_problem("jobs", number)
    if problem is not None:
        raise argparse.ArgumentTypeError(problem)
    return number
