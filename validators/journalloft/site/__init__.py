"""Pages of the documentation site that are generated from the package's own data.

Each generator is a plain function of the repository root that returns markdown pages; the pages
are written into ``docs/`` and committed, so the site builds with plain MkDocs and a move to
another site generator stays small. ``python -m journalloft.site check`` reports stale pages.
"""

from journalloft.site.generate import GENERATORS, Generator, generate, provenance_header, stale, write

__all__ = ["GENERATORS", "Generator", "generate", "provenance_header", "stale", "write"]
