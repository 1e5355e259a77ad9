"""MkDocs hook: the spec downloads and the flow diagrams, made while the site builds.

Registered in mkdocs.yml under ``hooks:``. Thin glue only; the work is done by plain functions of the
package (journalloft.site.spec_downloads, journalloft.site.flow_svg), so another site generator
needs only its own few lines here.

- ``on_files`` adds every spec version's downloads (package.tgz, JSON Schemas, OpenAPI files) as
  site files, so pages link to them with plain relative links that the strict build checks;
- ``on_page_markdown`` replaces a marker ``<!-- journalloft:flyt SERVICE -->`` in a page with the
  service's flow diagram (inline SVG and its text alternative), and puts a generated page's heading
  above its provenance header so that MkDocs takes the page title from it (journalloft.site.provenance).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import Any

# MkDocs loads a hook by path; make the package importable when it is not installed.
_VALIDATORS = Path(__file__).resolve().parents[2]
if str(_VALIDATORS) not in sys.path:
    sys.path.insert(0, str(_VALIDATORS))

from mkdocs.structure.files import File, Files  # noqa: E402

from journalloft import safe_yaml  # noqa: E402
from journalloft.site import flow_svg  # noqa: E402
from journalloft.site.provenance import heading_first  # noqa: E402
from journalloft.site.spec_downloads import download_files  # noqa: E402
from journalloft.site.specdata import SpecDataError, services  # noqa: E402

FLOW_MARKER = re.compile(r"<!--\s*journalloft:flyt\s+([a-z0-9-]+)\s*-->")


def _catalogue_flows(repo_root: Path) -> dict[str, Any]:
    """The catalogue's own diagrams (tender flow, release flow), keyed by the id a marker names."""
    path = repo_root / "specs" / "requirements" / "flows.yaml"
    data = safe_yaml.load(path.read_text(encoding="utf-8")) if path.is_file() else None
    return data if isinstance(data, dict) else {}


def _repo_root(config: Any) -> Path:
    return Path(config["config_file_path"]).resolve().parent


def on_files(files: Files, config: Any) -> Files:
    for path, content in download_files(_repo_root(config)).items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    markdown = heading_first(markdown)
    if "journalloft:flyt" not in markdown:
        return markdown
    known = {service.id: service for service in services(_repo_root(config))}

    catalogue_flows = _catalogue_flows(_repo_root(config))

    def diagram(match: re.Match[str]) -> str:
        if match.group(1) in catalogue_flows:
            where = "specs/requirements/flows.yaml"
            return flow_svg.render(catalogue_flows[match.group(1)], f"flyt-{match.group(1)}", where)
        service = known.get(match.group(1))
        if service is None or not service.flow:
            raise SpecDataError(f"{page.file.src_path}: no flow data for service {match.group(1)!r}")
        return flow_svg.render(service.flow, f"flyt-{service.id}", str(service.source))

    return FLOW_MARKER.sub(diagram, markdown)
