"""``python -m journalloft.requirements`` runs the ``requirements`` command on its own."""

import sys

from journalloft.requirements.cli import main

sys.exit(main())
