"""What each kind of scenario does against the server. Which scenarios exist is :mod:`.scenarios`' business.

Each step takes the :class:`~journalloft.testkit.context.Context` and the parameters its scenario was
derived with; it returns on pass and raises Failed or Skipped otherwise. Messages are Norwegian: they
are what a vendor reads in the report.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from typing import Any

from journalloft.pipeline import pipeline
from journalloft.testkit import payloads
from journalloft.testkit.context import Context, Failed, Resource, Skipped, expect_outcome, expect_status

MAX_PAGES = 50


def metadata(ctx: Context, spec_statement: Resource) -> None:
    body = expect_status(ctx.get("metadata"), 200)
    if not isinstance(body, dict) or body.get("resourceType") != "CapabilityStatement":
        raise Failed("GET /metadata ga ingen CapabilityStatement.")
    missing = []
    if body.get("fhirVersion") != spec_statement.get("fhirVersion"):
        missing.append(f"fhirVersion {spec_statement.get('fhirVersion')} (tjeneren sier {body.get('fhirVersion')})")
    if "json" not in body.get("format", []) and "application/fhir+json" not in body.get("format", []):
        missing.append("format json")
    served = (body.get("rest") or [{}])[0]
    for wanted in (spec_statement.get("rest") or [{}])[0].get("interaction", []):
        if wanted["code"] not in {i.get("code") for i in served.get("interaction", [])}:
            missing.append(f"interaction {wanted['code']}")
    by_type = {r.get("type"): r for r in served.get("resource", [])}
    for resource in (spec_statement.get("rest") or [{}])[0].get("resource", []):
        have = by_type.get(resource["type"])
        if have is None:
            missing.append(f"ressurstypen {resource['type']}")
            continue
        codes = {i.get("code") for i in have.get("interaction", [])}
        missing += [
            f"{resource['type']} {i['code']}" for i in resource.get("interaction", []) if i["code"] not in codes
        ]
        names = {p.get("name") for p in have.get("searchParam", [])}
        missing += [
            f"{resource['type']} søk {p['name']}" for p in resource.get("searchParam", []) if p["name"] not in names
        ]
    if missing:
        raise Failed("CapabilityStatement mangler det spesifikasjonen krever: " + "; ".join(missing) + ".")


def transaction(ctx: Context, status_targets: list[str]) -> None:
    roles = [*payloads.SERVICES, *(f"endre-{s}" for s in status_targets)]
    body = expect_status(ctx.request("POST", "", payloads.transaction(ctx.person, roles)), 200)
    entries = (body or {}).get("entry", []) if isinstance(body, dict) else []
    if not isinstance(body, dict) or body.get("type") != "transaction-response" or len(entries) != 2 + len(roles):
        raise Failed(f"Svaret er ingen transaction-response med {2 + len(roles)} oppføringer.")
    ids = []
    for index, entry in enumerate(entries):
        response = entry.get("response") or {}
        wanted = "Organization" if index < 2 else "EpisodeOfCare"
        # FHIR lets location be relative (Type/id/_history/v) or an absolute URL ending so.
        found = re.search(rf"(?:^|/){wanted}/([^/]+)", str(response.get("location", "")))
        if not str(response.get("status", "")).startswith("2") or found is None:
            raise Failed(f"entry[{index}].response har ikke status 2xx og location {wanted}/id: {response}.")
        ids.append(found.group(1))
    ctx.organizations = {"sone": {"id": ids[0]}, "kommune": {"id": ids[1]}}
    for role, id_ in zip(roles, ids[2:], strict=True):
        stored = payloads.episode(ctx.person, role, f"Organization/{ids[0]}")
        ctx.episodes[role] = {**stored, "id": id_}


def read(ctx: Context, type_: str) -> None:
    known = ctx.episodes["hoved"] if type_ == "EpisodeOfCare" else ctx.organizations["sone"]
    body = expect_status(ctx.get(f"{type_}/{known['id']}"), 200)
    if not isinstance(body, dict) or body.get("resourceType") != type_ or body.get("id") != known["id"]:
        raise Failed(f"GET {type_}/{known['id']} ga ikke ressursen med den id-en.")
    if type_ == "EpisodeOfCare" and body.get("patient", {}).get("identifier", {}).get("value") != ctx.person:
        raise Failed("Tjenesten som ble lest, har ikke pasienten den ble skrevet med.")


def read_unknown(ctx: Context, type_: str) -> None:
    exchange = ctx.get(f"{type_}/testsett-finnes-ikke-{uuid.uuid4().hex[:12]}")
    expect_status(exchange, 404)
    expect_outcome(exchange)


def create(ctx: Context, type_: str, conditional: bool) -> None:
    if type_ == "EpisodeOfCare":
        resource = payloads.episode(ctx.person, "ny", f"Organization/{ctx.organizations['sone']['id']}")
        exchange = ctx.request("POST", "EpisodeOfCare", resource)
    else:
        resource = payloads.organization("sone")
        number = payloads.UNITS["sone"][0]
        headers = {"If-None-Exist": f"identifier={payloads.ORGNR}|{number}"} if conditional else {}
        exchange = ctx.request("POST", "Organization", resource, headers=headers)
    expect_status(exchange, 200, 201) if conditional else expect_status(exchange, 201)
    location = exchange.response_headers.get("location", "")
    found = re.search(rf"{type_}/([^/]+)", location)
    if found is None:
        raise Failed(f"Svaret på POST {type_} har ingen Location-header med {type_}/id.")
    id_ = found.group(1)
    if type_ == "Organization" and conditional and id_ != ctx.organizations["sone"]["id"]:
        raise Failed(f"Betinget opprettelse laget en ny enhet ({id_}) i stedet for å finne den som finnes.")
    expect_status(ctx.get(f"{type_}/{id_}"), 200)
    if type_ == "EpisodeOfCare":
        ctx.episodes["ny"] = {**resource, "id": id_}


def update(ctx: Context, type_: str) -> None:
    known = ctx.episodes["hoved"] if type_ == "EpisodeOfCare" else ctx.organizations["sone"]
    current = expect_status(ctx.get(f"{type_}/{known['id']}"), 200)
    if not isinstance(current, dict):
        raise Failed(f"GET {type_}/{known['id']} ga ingen ressurs å oppdatere.")
    changed = {k: v for k, v in current.items() if k != "meta"}
    changed["meta"] = {"profile": current.get("meta", {}).get("profile", [])}
    value: Any
    if type_ == "EpisodeOfCare":
        field, value = "period", {**changed.get("period", {}), "start": "2026-03-02"}
    else:
        field, value = "telecom", [{"system": "phone", "value": "+4799999997", "use": "work"}]
    changed[field] = value
    expect_status(ctx.request("PUT", f"{type_}/{known['id']}", changed), 200, 201)
    after = expect_status(ctx.get(f"{type_}/{known['id']}"), 200)
    got = after.get(field) if isinstance(after, dict) else None
    if got != value:
        raise Failed(f"Endringen av {type_}.{field} ble ikke lagret: leste {got}.")
    if type_ == "EpisodeOfCare":
        ctx.episodes["hoved"] = {**ctx.episodes["hoved"], "period": after.get("period")}


def status_change(ctx: Context, status: str) -> None:
    target = ctx.episodes[f"endre-{status}"]
    stored = expect_status(ctx.get(f"EpisodeOfCare/{target['id']}"), 200)
    bundle = payloads.status_change(stored if isinstance(stored, dict) else target, status)
    expect_status(ctx.request("POST", "", bundle), 200)
    after = expect_status(ctx.get(f"EpisodeOfCare/{target['id']}"), 200)
    if (after or {}).get("status") != status:
        raise Failed(f"Tjenesten har status {(after or {}).get('status')} etter transaksjonen, ventet {status}.")
    ctx.episodes[f"endre-{status}"] = {**target, "status": status}


def search_patient(ctx: Context) -> None:
    matches = _search_all(ctx, ctx.patient_query())
    _same_services(ctx, set(matches), "Søket på pasienten")
    wrong = [i for i, r in matches.items() if r.get("patient", {}).get("identifier", {}).get("value") != ctx.person]
    if wrong:
        raise Failed(f"Søket ga tjenester for en annen pasient: {wrong[:5]}.")


def search_status(ctx: Context) -> None:
    matches = _search_all(ctx, f"{ctx.patient_query()}&status=active")
    if set(matches) != ctx.active_ids():
        raise Failed(f"status=active ga {sorted(matches)}, ventet de aktive {sorted(ctx.active_ids())}.")


def search_last_updated(ctx: Context) -> None:
    hoved = expect_status(ctx.get(f"EpisodeOfCare/{ctx.episodes['hoved']['id']}"), 200)
    stamp = ((hoved or {}).get("meta") or {}).get("lastUpdated")
    if not isinstance(stamp, str):
        raise Failed("Tjenesten har ingen meta.lastUpdated; _lastUpdated kan ikke søkes på.")
    escaped = stamp.replace("+", "%2B")
    after = _search_all(ctx, f"{ctx.patient_query()}&_lastUpdated=ge{escaped}")
    before = _search_all(ctx, f"{ctx.patient_query()}&_lastUpdated=lt{escaped}")
    if hoved["id"] not in after or hoved["id"] in before:
        raise Failed(f"_lastUpdated=ge{stamp} / lt{stamp} skiller ikke tjenesten endret {stamp}.")


def summary_count(ctx: Context, active_only: bool) -> None:
    query = ctx.patient_query() + ("&status=active" if active_only else "")
    if active_only:
        expected = len(ctx.active_ids())
    else:  # whether entered-in-error services are counted is the server's choice; it must agree with its list
        expected = len(_same_services(ctx, set(_search_all(ctx, query)), "Søket på pasienten"))
    body = expect_status(ctx.get(f"EpisodeOfCare?{query}&_summary=count"), 200)
    if not isinstance(body, dict) or body.get("total") != expected:
        raise Failed(f"_summary=count ga total {(body or {}).get('total')}, ventet {expected}.")
    if body.get("entry"):
        raise Failed("_summary=count skal bare gi Bundle.total, men svaret har entry.")


def search_include(ctx: Context) -> None:
    body = expect_status(ctx.get(f"EpisodeOfCare?{ctx.patient_query()}&_include=EpisodeOfCare:organization"), 200)
    entries = (body or {}).get("entry", []) if isinstance(body, dict) else []
    included = {
        f"Organization/{e['resource'].get('id')}" for e in entries if (e.get("search") or {}).get("mode") == "include"
    }
    wanted = f"Organization/{ctx.organizations['sone']['id']}"
    if wanted not in included:
        raise Failed(f"_include=EpisodeOfCare:organization tok ikke med {wanted} (search.mode include).")


def paging(ctx: Context) -> None:
    first = expect_status(ctx.get(f"EpisodeOfCare?{ctx.patient_query()}&_count=2"), 200)
    if len((first or {}).get("entry", [])) > 2:
        raise Skipped("Tjeneren ga alle treff på én side (_count=2 ble ikke fulgt); bla kan ikke prøves.")
    matches = _search_all(ctx, f"{ctx.patient_query()}&_count=2")
    if len(matches) != first.get("total") or not ctx.required_ids() <= set(matches):
        raise Failed(
            f"Ved å følge Bundle.link next nås {len(matches)} av {first.get('total')} treff "
            f"(testsettet skrev {len(ctx.required_ids())} som skal med)."
        )
    _same_services(ctx, set(matches), "Treffene gjennom Bundle.link next")


def invalid_payload(ctx: Context) -> None:
    bundle = payloads.invalid_transaction(ctx.person, f"Organization/{ctx.organizations['sone']['id']}")
    ours = pipeline(ctx.checker).value(bundle, "ugyldig-transaksjon")
    expected = {_element(i.expression) for i in ours.issues if i.severity.is_error}
    count = f"EpisodeOfCare?{ctx.patient_query()}&_summary=count"
    before = (expect_status(ctx.get(count), 200) or {}).get("total")
    exchange = ctx.request("POST", "", bundle)
    if not 400 <= exchange.status < 500:
        raise Failed(f"En ugyldig transaksjon ga {exchange.status}, ventet 4xx med OperationOutcome.")
    outcome = expect_outcome(exchange)
    theirs = " ".join(
        " ".join([*i.get("expression", []), *i.get("location", []), str(i.get("diagnostics", ""))])
        for i in outcome.get("issue", [])
    )
    if expected and not any(element and element in _element(theirs) for element in expected):
        raise Failed(f"OperationOutcome nevner ikke det validatoren fant: {sorted(expected)}.")
    after = (expect_status(ctx.get(count), 200) or {}).get("total")
    if after != before:
        raise Failed("Den ugyldige transaksjonen ble likevel lagret (eller delvis lagret).")


def unsupported_media_type(ctx: Context) -> None:
    body = '<Bundle xmlns="http://hl7.org/fhir"><type value="transaction"/></Bundle>'
    exchange = ctx.request("POST", "", body, content_type="application/xml")
    expect_status(exchange, 415)
    expect_outcome(exchange)


def search_without(ctx: Context, type_: str) -> None:
    exchange = ctx.get(type_)
    expect_status(exchange, 400)
    expect_outcome(exchange)


def without_token(ctx: Context) -> None:
    if ctx.client.token is None:
        raise Skipped("Ingen --token oppgitt: tilgangskontrollen prøves bare når kjøringen har et token.")
    saved, ctx.client.token = ctx.client.token, None
    try:
        exchange = ctx.get(f"EpisodeOfCare?{ctx.patient_query()}")
    finally:
        ctx.client.token = saved
    expect_status(exchange, 401, 403)


def _search_all(ctx: Context, query: str) -> dict[str, Resource]:
    """Every match of a search, following Bundle.link next (at most MAX_PAGES pages)."""
    matches: dict[str, Resource] = {}
    path = f"EpisodeOfCare?{query}"
    for _ in range(MAX_PAGES):
        body = expect_status(ctx.get(path), 200)
        if not isinstance(body, dict) or body.get("resourceType") != "Bundle" or body.get("type") != "searchset":
            raise Failed(f"GET {path[:120]} ga ingen searchset-Bundle.")
        for entry in body.get("entry", []):
            resource = entry.get("resource") or {}
            if (entry.get("search") or {}).get("mode", "match") == "match" and "id" in resource:
                if resource["id"] in matches:
                    raise Failed(f"{resource['id']} kom to ganger mens testsettet fulgte Bundle.link next.")
                matches[resource["id"]] = resource
        following = [link.get("url") for link in body.get("link", []) if link.get("relation") == "next"]
        if not following:
            return matches
        path = str(following[0])
    raise Failed(f"Mer enn {MAX_PAGES} sider: Bundle.link next ser ut til å gå i ring.")


def _same_services(ctx: Context, found: set[str], what: str) -> set[str]:
    """``found`` holds every service the kit wrote, and nothing else but services it marked entered-in-error
    (FHIR leaves it to the server whether those still show in a search)."""
    missing = ctx.required_ids() - found
    if missing:
        raise Failed(f"{what} mangler tjenester testsettet skrev: {sorted(missing)}.")
    extra = found - ctx.all_ids()
    if extra:
        raise Failed(f"{what} ga tjenester testsettet ikke skrev for sin syntetiske person: {sorted(extra)[:5]}.")
    return found


def _element(text: str) -> str:
    """A location without indices and resource-type prefixes, to compare where two tools point."""
    return re.sub(r"\[\d+\]", "", text).replace("Bundle.entry.resource.", "").replace("EpisodeOfCare.", "")


def not_covered(ctx: Context) -> None:
    raise Skipped("Spesifikasjonen erklærer dette, men testsettet har ingen test for det ennå.")


STEPS: dict[str, Callable[..., None]] = {
    "metadata": metadata,
    "transaction": transaction,
    "read": read,
    "read_unknown": read_unknown,
    "create": create,
    "update": update,
    "status_change": status_change,
    "search_patient": search_patient,
    "search_status": search_status,
    "search_last_updated": search_last_updated,
    "summary_count": summary_count,
    "search_include": search_include,
    "paging": paging,
    "invalid_payload": invalid_payload,
    "unsupported_media_type": unsupported_media_type,
    "search_without": search_without,
    "without_token": without_token,
    "not_covered": not_covered,
}
