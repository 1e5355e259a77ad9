"""Entry point for ``python -m journalloft.site generate|check``."""

import sys

from journalloft.site.generate import main

sys.exit(main(sys.argv[1:]))
