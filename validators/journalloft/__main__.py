import sys

from journalloft.cli import main

sys.exit(main())
