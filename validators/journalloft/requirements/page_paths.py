"""Where the catalogue's version pages live on the site, for ``release`` (nav entry, draft page removal).

The page generators are in ``journalloft.site.catalogue_pages``; the catalogue core may not import the
site (issue 24), so the few paths that release needs are defined here and the site imports them, as
``fulfilment.spec_overview_path`` does for the spec pages.
"""

from __future__ import annotations

from journalloft.requirements.model import Version

SECTION = "anbefalinger"
VERSIONS = f"{SECTION}/versjoner/index.md"


def version_page_path(version: Version) -> str:
    return f"{SECTION}/versjoner/{version.version}.md"


def draft_page_path(version: Version | str) -> str:
    name = version.version if isinstance(version, Version) else version
    return f"{SECTION}/versjoner/utkast-{name}.md"
