"""Which scenarios the kit runs, derived from the spec: its CapabilityStatement and its status ValueSet.

Each interaction, search parameter and include the CapabilityStatement declares gives one scenario
(an interaction the kit has no step for gives a scenario that is skipped and says so, so a new
declaration is never silently untested). The transaction gives one status-change scenario per code
of the ValueSet bound to ``EpisodeOfCare.status`` in the spec's profile, besides ``active``. A few
scenarios come from FHIR's HTTP rules and the spec's OpenAPI (errors, paging, access) rather than
from one declaration; their clause says where.

Every scenario has a stable id (``okt-…``; ids never change meaning), a Norwegian title, the clause it
checks and the ids of the scenarios it builds on.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from journalloft import safe_yaml
from journalloft.specs import SpecVersion

FHIR_HTTP = "FHIR R4 RESTful API (http.html)"


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    clause: str
    step: str
    """The name of the function in :data:`journalloft.testkit.steps.STEPS` that runs it."""
    params: dict[str, Any] = field(default_factory=dict)
    requires: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "clause": self.clause, "requires": list(self.requires)}


def capability_statement(spec: SpecVersion) -> dict[str, Any]:
    found = [r for r in spec.fhir_resources() if r.get("resourceType") == "CapabilityStatement"]
    if not found:
        raise ValueError(f"{spec.key} has no CapabilityStatement to derive tests from")
    return found[0]


def status_codes(spec: SpecVersion) -> list[str]:
    """The codes of the ValueSet the spec's EpisodeOfCare profile binds status to (in its order)."""
    resources = spec.fhir_resources()
    bound = None
    for sd in resources:
        if sd.get("resourceType") == "StructureDefinition" and sd.get("type") == "EpisodeOfCare":
            for element in sd.get("differential", {}).get("element", []):
                if element.get("path") == "EpisodeOfCare.status" and "binding" in element:
                    bound = element["binding"].get("valueSet", "").partition("|")[0]
    for vs in resources:
        if vs.get("resourceType") == "ValueSet" and vs.get("url") == bound:
            return [c["code"] for inc in vs.get("compose", {}).get("include", []) for c in inc.get("concept", [])]
    return ["active"]


def openapi_document(spec: SpecVersion) -> dict[str, Any] | None:
    """The spec's OpenAPI description (``openapi/*.yaml`` in its folder), or None when it has none."""
    if spec.path is None:
        return None
    for path in sorted((spec.path / "openapi").glob("*.yaml")):
        data = safe_yaml.load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict):
            return data
    return None


def derive(spec: SpecVersion) -> list[Scenario]:
    statement = capability_statement(spec)
    return list(_derive(spec.key, statement, status_codes(spec), openapi_document(spec)))


def _derive(
    key: str, statement: dict[str, Any], statuses: list[str], openapi: dict[str, Any] | None = None
) -> Iterator[Scenario]:
    cs = f"{key} CapabilityStatement {statement.get('id')}"
    rest = (statement.get("rest") or [{}])[0]
    yield Scenario(
        "okt-metadata",
        "Tjeneren beskriver seg selv (CapabilityStatement)",
        f"{cs}; {FHIR_HTTP} capabilities",
        "metadata",
        {"spec_statement": statement},
    )
    tx = "okt-transaksjon"
    system_codes = [i.get("code") for i in rest.get("interaction", [])]
    yield from _system_interactions(key, cs, system_codes, statuses, tx)
    for resource in rest.get("resource", []):
        yield from _resource_interactions(cs, resource, tx)
    yield from _from_openapi(key, openapi or {}, tx)
    if "transaction" in system_codes:
        yield _invalid_transaction(key, openapi or {}, tx)
    yield Scenario(
        "okt-feil-medietype",
        "Ikke-støttet medietype gir 415 med OperationOutcome",
        f"{cs} format json; {FHIR_HTTP} (415)",
        "unsupported_media_type",
    )
    yield Scenario(
        "okt-tilgang",
        "Forespørsel uten token avvises",
        f"{cs} rest.documentation; {key} OpenAPI security helseid",
        "without_token",
        {},
        (tx,),
    )


def _system_interactions(
    key: str, cs: str, system_codes: list[Any], statuses: list[str], tx: str
) -> Iterator[Scenario]:
    """The transaction and its status changes if the server declares one; other system interactions are unsupported."""
    if "transaction" in system_codes:
        targets = [s for s in statuses if s != "active"]
        yield Scenario(
            tx,
            "Transaksjon skriver tjenester og enheter",
            f"{cs} rest.interaction transaction",
            "transaction",
            {"status_targets": targets},
        )
        for status in targets:
            yield Scenario(
                f"okt-status-{status}",
                f"Statusendring til {status} i en transaksjon",
                f"{key} StructureDefinition okt-episode-of-care EpisodeOfCare.status "
                f"(ValueSet okt-status-vs, kode {status})",
                "status_change",
                {"status": status},
                (tx,),
            )
    for code in system_codes:
        if code != "transaction":
            yield _unsupported(f"okt-{code}", f"{cs} rest.interaction {code}")


def _resource_interactions(cs: str, resource: dict[str, Any], tx: str) -> Iterator[Scenario]:
    """One or more scenarios per interaction the statement declares for one resource type."""
    type_ = resource["type"]
    lower = type_.lower()
    where = f"{cs} rest.resource[{type_}]"
    for interaction in resource.get("interaction", []):
        code = interaction["code"]
        if code == "read":
            yield Scenario(
                f"okt-les-{lower}",
                f"Lese {type_} med id",
                f"{where}.interaction read",
                "read",
                {"type_": type_},
                (tx,),
            )
            yield Scenario(
                f"okt-les-{lower}-ukjent",
                f"Ukjent {type_} gir 404 med OperationOutcome",
                f"{where}.interaction read; {FHIR_HTTP} read (404)",
                "read_unknown",
                {"type_": type_},
            )
        elif code == "create":
            conditional = bool(resource.get("conditionalCreate"))
            title = f"{'Betinget opprettelse' if conditional else 'Opprettelse'} av {type_}"
            clause = f"{where}.interaction create" + ("; conditionalCreate" if conditional else "")
            yield Scenario(
                f"okt-opprett-{lower}", title, clause, "create", {"type_": type_, "conditional": conditional}, (tx,)
            )
        elif code == "update":
            yield Scenario(
                f"okt-oppdater-{lower}",
                f"Oppdatering av {type_}",
                f"{where}.interaction update",
                "update",
                {"type_": type_},
                (tx,),
            )
        elif code == "search-type":
            yield from _searches(type_, where, resource, tx)
        else:
            yield _unsupported(f"okt-{code}-{lower}", f"{where}.interaction {code}")


def _invalid_transaction(key: str, openapi: dict[str, Any], tx: str) -> Scenario:
    """An invalid transaction is refused; the OpenAPI clause is cited only when the spec documents the 400."""
    refused = "400" in (openapi.get("paths", {}).get("/", {}).get("post", {}).get("responses", {}))
    return Scenario(
        "okt-feil-ugyldig",
        "Ugyldig transaksjon gir 4xx med de samme funnene som validatoren",
        (f"{key} OpenAPI POST / responses 400 (OperationOutcome); " if refused else "") + f"{FHIR_HTTP} transaction",
        "invalid_payload",
        {},
        (tx,),
    )


def _searches(type_: str, where: str, resource: dict[str, Any], tx: str) -> Iterator[Scenario]:
    lower = type_.lower()
    names = [p["name"] for p in resource.get("searchParam", [])]
    steps = {"patient": "search_patient", "status": "search_status", "_lastUpdated": "search_last_updated"}
    for name in names:
        clause = f"{where}.searchParam {name}"
        if name == "patient":
            yield Scenario(
                f"okt-sok-{lower}-pasient",
                "Søk etter en innbyggers tjenester (patient.identifier)",
                clause,
                steps[name],
                {},
                (tx,),
            )
        elif name == "status":
            yield Scenario(f"okt-sok-{lower}-status", "Søk på status=active", clause, steps[name], {}, (tx,))
        elif name == "_lastUpdated":
            yield Scenario(
                f"okt-sok-{lower}-endret",
                "Søk på endringstidspunkt (_lastUpdated ge/lt)",
                clause,
                steps[name],
                {},
                (tx,),
            )
        elif name == "_summary":
            yield Scenario(
                f"okt-sok-{lower}-antall",
                "Antall tjenester (_summary=count)",
                clause,
                "summary_count",
                {"active_only": False},
                (tx,),
            )
            if "status" in names:
                yield Scenario(
                    "okt-antall-aktive",
                    "Antall aktive tjenester (status=active&_summary=count, som /okt-status)",
                    f"{where}.searchParam status og _summary",
                    "summary_count",
                    {"active_only": True},
                    (tx,),
                )
        else:
            yield _unsupported(f"okt-sok-{lower}-{name.strip('_').lower()}", clause)
    for include in resource.get("searchInclude", []):
        yield Scenario(
            f"okt-sok-{lower}-include",
            f"Søk tar med {include.split(':')[-1]} (_include)",
            f"{where}.searchInclude {include}",
            "search_include",
            {},
            (tx,),
        )
    yield Scenario(
        f"okt-sok-{lower}-sider",
        "Bla gjennom treff med Bundle.link next",
        f"{where}.interaction search-type; {FHIR_HTTP} paging",
        "paging",
        {},
        (tx,),
    )


def _from_openapi(key: str, openapi: dict[str, Any], tx: str) -> Iterator[Scenario]:
    """A search without a query parameter the OpenAPI marks required must be refused (400)."""
    for path, operations in sorted((openapi.get("paths") or {}).items()):
        type_ = path.strip("/")
        if not type_ or "/" in type_ or not isinstance(operations, dict):
            continue
        for parameter in (operations.get("get") or {}).get("parameters", []):
            if parameter.get("in") == "query" and parameter.get("required") is True:
                name = str(parameter["name"])
                suffix = _REQUIRED_NAMES.get(name, name.replace(".", "-").strip("_").lower())
                yield Scenario(
                    f"okt-sok-{type_.lower()}-uten-{suffix}",
                    f"Søk uten {name} avvises med 400",
                    f"{key} OpenAPI GET {path} parameter {name} (required); {FHIR_HTTP} search",
                    "search_without",
                    {"type_": type_},
                )


# Ids of the required-parameter scenarios, in Norwegian where the kit has named them.
_REQUIRED_NAMES = {"patient.identifier": "pasient"}


def _unsupported(id_: str, clause: str) -> Scenario:
    return Scenario(id_, "Erklært i spesifikasjonen, men ikke dekket av testsettet", clause, "not_covered")


CHECKS: dict[str, str] = {
    "metadata": "`GET /metadata` gir en CapabilityStatement med FHIR-versjonen og formatet spesifikasjonen har, og "
    "erklærer hver ressurstype, interaksjon og søkeparameter som spesifikasjonens CapabilityStatement krever.",
    "transaction": "`POST /` med en OktTransactionBundle (to enheter med betinget PUT på organisasjonsnummer, "
    "tjenester med ulik status) gir `200` og en transaction-response med `2xx` og `location` for hver oppføring.",
    "status_change": "En transaksjon med `PUT EpisodeOfCare/{id}` endrer status; tjenesten har den nye statusen "
    "når den leses igjen (`finished` får sluttdato).",
    "read": "`GET {type}/{id}` gir ressursen testsettet skrev, med samme id og pasient.",
    "read_unknown": "`GET {type}/{id}` med en id som ikke finnes, gir `404` med en OperationOutcome.",
    "create": "`POST {type}` gir `201` og en `Location`-header, og ressursen kan leses; ved betinget opprettelse "
    "(`If-None-Exist`) finnes den eksisterende enheten i stedet for at en ny lages.",
    "update": "`PUT {type}/{id}` lagrer en endring som vises når ressursen leses igjen.",
    "search_patient": "Søket på pasientens identifikator gir alle tjenestene testsettet skrev (alle sider), og bare "
    "tjenester for den pasienten. Om tjenester med status entered-in-error vises, velger tjeneren selv.",
    "search_without": "Et søk uten parametrene OpenAPI-beskrivelsen krever (`GET /{type}` uten noe), avvises med "
    "`400` og en OperationOutcome.",
    "search_status": "`status=active` gir nøyaktig de aktive tjenestene, ikke de midlertidig stansede eller "
    "avsluttede.",
    "search_last_updated": "`_lastUpdated=ge…` tar med og `_lastUpdated=lt…` utelater en tjeneste endret på det "
    "tidspunktet (`meta.lastUpdated`).",
    "summary_count": "`_summary=count` gir bare `Bundle.total` (ingen `entry`), og tallet er riktig; med "
    "`status=active` er det antallet aktive tjenester, som `/okt-status` i prototypen.",
    "search_include": "`_include=EpisodeOfCare:organization` tar med den ansvarlige enheten med `search.mode` include.",
    "paging": "Med `_count=2` nås alle treff ved å følge `Bundle.link` next, uten dubletter, og antallet er lik "
    "`Bundle.total`. Sender tjeneren alle treff på én side, hoppes testen over.",
    "invalid_payload": "En transaksjon der en tjeneste mangler `period` gir `4xx` med en OperationOutcome som nevner "
    "det samme stedet som validatoren finner, og ingenting lagres.",
    "unsupported_media_type": "`POST /` med `Content-Type: application/xml` gir `415` med en OperationOutcome.",
    "without_token": "Med `--token`: en forespørsel uten token avvises med `401` eller `403`. Uten `--token` hoppes "
    "testen over.",
    "not_covered": "Erklært i spesifikasjonen, men ennå ikke dekket av testsettet; hoppes over og vises i rapporten.",
}
"""What each step checks, in Norwegian, for the site's test list (journalloft.site.testkit_page)."""
