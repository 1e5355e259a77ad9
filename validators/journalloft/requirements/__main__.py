"""``python -m journalloft.requirements`` runs the ``requirements`` command on its own.

An entry point, so it sits in the CLI layer and may hand the whole CLI's parser to lint.
"""

import sys

from journalloft.cli import build_parser
from journalloft.requirements.cli import main

sys.exit(main(whole_cli=build_parser))
