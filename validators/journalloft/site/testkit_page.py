"""The test list of the OKT test kit (docs/validator/testsett-okt.md), made from the kit's own scenarios.

The same derivation the kit runs (:func:`journalloft.testkit.scenarios.derive`) over the latest spec
version, so the page lists exactly the tests a vendor's run gets, with their ids, titles and clauses.
"""

from __future__ import annotations

from pathlib import Path

from journalloft.site.provenance import provenance_header
from journalloft.site.specdata import specs_root
from journalloft.specs import Registry
from journalloft.testkit.scenarios import CHECKS, derive

PAGE = "validator/testsett-okt.md"
SOURCE = "validators/journalloft/testkit/scenarios.py"


def pages(repo_root: Path) -> dict[str, str]:
    root = specs_root(repo_root)
    if not (root / "okt").is_dir():
        return {}  # a specs/ folder without the OKT spec (a test tree); the nav would miss the page
    spec = Registry([root]).latest("okt")
    scenarios = derive(spec)
    lines = [
        provenance_header([SOURCE, f"specs/okt/{spec.version}/generated/CapabilityStatement-okt-server.json"]),
        f"# Testene i OKT-testsettet ({spec.key})",
        "",
        f"`journalloft testkit okt` kjører disse {len(scenarios)} testene, i denne rekkefølgen. De er utledet av "
        f"CapabilityStatement `okt-server` og statusverdisettet i {spec.key}; se [Test ditt API](test-api.md). "
        "En test som bygger på en annen, hoppes over når den andre ikke besto.",
        "",
        "Hver ressurs tjeneren svarer med, valideres med journalloft mot spesifikasjonen; en ressurs med feil gjør "
        "at testen feiler, med validatorens funn i rapporten.",
        "",
    ]
    # One section per test, not a table: five columns of sentences made the table wider than the page,
    # a scrolling region without keyboard access (axe-core: scrollable-region-focusable).
    for scenario in scenarios:
        check = CHECKS[scenario.step].replace("{type}", str(scenario.params.get("type_", "{type}")))
        lines += [
            f"## `{scenario.id}`: {scenario.title} {{ #{scenario.id} }}",
            "",
            "Hva sjekkes",
            f":   {check}",
            "",
            "Klausul",
            f":   {scenario.clause}",
            "",
        ]
        if scenario.requires:
            requires = ", ".join(f"[`{r}`](#{r})" for r in scenario.requires)
            lines += ["Bygger på", f":   {requires}", ""]
    return {PAGE: "\n".join(lines)}
