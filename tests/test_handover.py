"""The handover packet and the client's own copy (interop/): the FHIR R4 bundle read back with
fhir.resources, every code it writes checked against the FHIR R4 value set it belongs to, the
PDF read back with poppler, and what may leave: nothing of a part outside the consent, the
client's words verbatim, every packet logged, and no file and no log entry when writing fails.

The calendar is frozen on 26 November 2026 (the `day` fixture, or `frozen` for what is made
once per module); "today" never comes from the clock.
"""

from __future__ import annotations

import datetime as dt
import errno
import json
import os
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.resource import Resource
from pydantic import BaseModel, ValidationError

from calendar_support import DAY
from hostile_corpus import MARKUP, UNICODE
from recoverytui.core import dates, storage
from recoverytui.core.caseload_demo import create_caseload
from recoverytui.core.consent import limited
from recoverytui.core.demo import create_demo
from recoverytui.core.documents import SHARE_PARTS
from recoverytui.core.errors import InvalidInput, NotFound, PlanError, StoreUnusable
from recoverytui.core.store import Store
from recoverytui.interop import handover as sending
from recoverytui.interop.fhir import build_bundle
from test_report_crisis import flat, needs_poppler, pdf_text

LATER = (DAY + dt.timedelta(days=120)).isoformat()
NOW = "2026-11-26T10:00:00+01:00"


@pytest.fixture(scope="module")
def frozen() -> Iterator[None]:
    """The frozen calendar for what a module makes once (the `day` fixture is per test)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(dates, "today", lambda: DAY)
        yield


def give(store: Store, handle: str, to: str | int, share: Any, **more: Any) -> dict[str, Any]:
    with store.plan(handle, write=True) as plan:
        return dict(plan.add_consent(to, share=share, purpose_of=more.pop("purpose", "Follow-up"),
                                     until=LATER, registered_by="Kari", base=DAY,
                                     **more))  # fmt: skip


def bundle_of(store: Store, handle: str, to: str | int) -> dict[str, Any]:
    """The bundle handover() would write to `to`, without the PDF (as handover builds it)."""
    with store.plan(handle) as plan:
        _recipient, consent = plan.consent_to(to, DAY)
        return build_bundle(limited(plan.whole(), consent["share"]), consent, now=NOW, today=DAY)


def resources(bundle: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == kind]


# The parts and their words ------------------------------------------------------------------

# Words of the demo found in one part only (test_the_words_belong_to_their_part proves it):
# in the PDF of a handover that holds the part, never in one that doesn't.
PDF_WORDS = {
    "goals": ("Walk to the shop on my own twice a week", "Open the post every Monday"),
    "dreams": ("Go fishing with my brother at the lake", "work with my hands"),
    "ladder": ("Paying rent and bills", "Four weeks with every dose taken"),
    "needs": ("Benefits applied for and granted", "Apply for housing benefit"),
    "reviews": ("Everything felt heavy", "Open the door when Kari comes"),
    "crisis": ("I stop opening the post", "Walking by the river", "DPS Nord"),
    "plan": ("Home visits from the mental health service", "The health centre in town",
             "Budget advice added; the furniture money came"),
}  # fmt: skip
# In the bundle, where FHIR has a place for the part (dreams, the ladder and the basic needs
# have none; a review is there by its hope rating and its words).
BUNDLE_WORDS = {
    **PDF_WORDS,
    "goals": (*PDF_WORDS["goals"], "My heart was racing but I did it."),  # a check-in's note
    "reviews": ("Everything felt heavy", "A bad week. I stayed in most days."),
    "plan": ("Home visits from the mental health service", "Dr. Berg (GP)"),
}
IN_BUNDLE = ("goals", "reviews", "crisis", "plan")
# The consents given in the module's store, each to a participant of its own.
PART_SETS = (("goals", "crisis"), ("needs",), ("plan",), ("reviews",), ("dreams", "ladder"),
             SHARE_PARTS)  # fmt: skip


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory, frozen: None) -> Store:
    store = Store(tmp_path_factory.mktemp("handover") / "store")
    create_demo(store, today=DAY)
    return store


@pytest.fixture(scope="module")
def packets(
    demo_store: Store, tmp_path_factory: pytest.TempPathFactory, frozen: None
) -> dict[tuple[str, ...], dict[str, Any]]:
    """One handover per set of parts, each on a consent covering just those parts (to a
    participant of its own), and one of a part asked for by --share under a wider consent.
    Per set: the files, the PDF's text, the bundle and the log entry."""
    out: dict[tuple[str, ...], dict[str, Any]] = {}
    with demo_store.plan("demo", write=True) as plan:
        for index, parts in enumerate(PART_SETS):
            if parts != ("needs",):  # Line (5) has the demo's consent to the basic needs
                plan.add_participant(f"Reader {index}", role="receives a handover")
    with demo_store.plan("demo") as plan:
        readers = {p["name"]: p["number"] for p in plan.participants()}
    for index, parts in enumerate(PART_SETS):
        to = readers["Line"] if parts == ("needs",) else readers[f"Reader {index}"]
        if parts != ("needs",):
            give(demo_store, "demo", to, list(parts))
        out[parts] = _sent(demo_store, to, None, tmp_path_factory)
    # Asked for less than the consent covers: goals alone, of the consent to every part.
    everything = readers[f"Reader {PART_SETS.index(SHARE_PARTS)}"]
    out[("goals",)] = _sent(demo_store, everything, "goals", tmp_path_factory)
    return out


def _sent(store: Store, to: int, share: str | None, factory: Any) -> dict[str, Any]:
    folder = factory.mktemp("packet")
    sent = sending.handover(store, "demo", str(to), str(folder), share=share, today=DAY)
    pdf, fhir = sent.files
    return {"files": sent.files, "logged": sent.logged, "folder": folder,
            "text": flat(pdf_text(pdf)) if _poppler() else None,
            "bundle": json.loads(fhir.read_text(encoding="utf-8"))}  # fmt: skip


def _poppler() -> bool:
    import shutil

    return shutil.which("pdftotext") is not None


def test_the_words_belong_to_their_part(demo_store: Store) -> None:
    """Each word chosen for a part is in that part of the demo and in no other."""
    with demo_store.plan("demo") as plan:
        whole = plan.whole()
    for part in SHARE_PARTS:
        alone = json.dumps(limited(whole, [part]), ensure_ascii=False)
        others = json.dumps(limited(whole, set(SHARE_PARTS) - {part}), ensure_ascii=False)
        for words in {*PDF_WORDS[part], *BUNDLE_WORDS[part]} - {"Dr. Berg (GP)"}:
            assert words in alone, (part, words)
            assert words not in others, (part, words)


@needs_poppler
@pytest.mark.parametrize("parts", [*PART_SETS, ("goals",)], ids="+".join)
def test_a_handover_holds_its_parts_and_nothing_else(
    packets: dict[tuple[str, ...], dict[str, Any]], parts: tuple[str, ...]
) -> None:
    packet = packets[parts]
    text, bundle = packet["text"], json.dumps(packet["bundle"], ensure_ascii=False)
    assert packet["logged"]["share"] == list(parts)
    assert "It holds only what the client agreed to share" in text
    for part in SHARE_PARTS:
        for words in PDF_WORDS[part]:
            assert (words in text) == (part in parts), (part, words, "PDF")
        for words in BUNDLE_WORDS[part]:
            expected = part in parts and part in IN_BUNDLE
            assert (words in bundle) == expected, (part, words, "bundle")
    # The consents to others are not listed in a handover, nor is anywhere to sign.
    assert "Consent to share" not in text and "Place and date" not in text
    kinds = {e["resource"]["resourceType"] for e in packet["bundle"]["entry"]}
    assert ("Goal" in kinds) == ("goals" in parts)
    assert ("CarePlan" in kinds) == bool({"plan", "crisis"} & set(parts))
    [consent] = resources(packet["bundle"], "Consent")
    assert consent["policyRule"] == {"text": "Helsepersonelloven §§ 21-22"}
    [actor] = consent["provision"]["actor"]
    assert actor["reference"]["display"] == packet["logged"]["name"]  # the recipient
    [patient] = resources(packet["bundle"], "Patient")
    assert set(patient) == {"resourceType", "id", "name"}  # the client by name alone


def test_every_handover_is_logged_with_its_files(
    demo_store: Store, packets: dict[tuple[str, ...], dict[str, Any]]
) -> None:
    with demo_store.plan("demo") as plan:
        log = plan.shared()
    assert len(log) == 1 + len(packets)  # the demo's own entry, then each packet here
    for packet in packets.values():
        logged = packet["logged"]
        assert logged in log
        assert [path.name for path in packet["files"]] == logged["files"]
        assert sorted(p.name for p in packet["folder"].iterdir()) == sorted(logged["files"])
        assert logged["date"] == DAY.isoformat() and logged["consent"] is not None


# The bundle, read back ----------------------------------------------------------------------


def test_the_bundle_is_valid_fhir(packets: dict[tuple[str, ...], dict[str, Any]]) -> None:
    for parts, packet in packets.items():
        parsed = Bundle.model_validate(packet["bundle"])
        assert parsed.type == "collection", parts
        assert len(parsed.entry) == len(packet["bundle"]["entry"])


@pytest.mark.parametrize(
    "spoil",
    [
        lambda b: b.pop("type"),  # required
        lambda b: b.update(timestamp="26.11.2026"),  # not an instant
        lambda b: b["entry"][1]["resource"].pop("lifecycleStatus"),  # a Goal's required status
        lambda b: b["entry"][1]["resource"].update(description={"text": ""}),  # empty string
        lambda b: b["entry"][1]["resource"].update(feeling="fine"),  # no such element
        lambda b: b["entry"][0]["resource"].update(id="not an id!"),
    ],
    ids=["no-type", "bad-timestamp", "no-status", "empty-string", "unknown",
         "bad-id"],
)  # fmt: skip
def test_the_library_refuses_a_malformed_bundle(
    packets: dict[tuple[str, ...], dict[str, Any]], spoil: Any
) -> None:
    """So the test above could fail: fhir.resources checks what it is given. (Not its codes:
    it takes type "pile" for a bundle, so the value sets are checked below.)"""
    bundle = json.loads(json.dumps(packets[("goals", "crisis")]["bundle"]))
    assert bundle["entry"][1]["resource"]["resourceType"] == "Goal"
    spoil(bundle)
    with pytest.raises(ValidationError):
        Bundle.model_validate(bundle)


# Every code in its value set ----------------------------------------------------------------

# The FHIR R4 value sets (hl7.org/fhir/R4), as the specification lists them.
GOAL_STATUS = {"proposed", "planned", "accepted", "active", "on-hold", "completed", "cancelled",
               "entered-in-error", "rejected"}  # fmt: skip
GOAL_ACHIEVEMENT = {"in-progress", "improving", "worsening", "no-change", "achieved",
                    "sustaining", "not-achieved", "no-progress", "not-attainable"}  # fmt: skip
CARE_PLAN_ACTIVITY_STATUS = {"not-started", "scheduled", "in-progress", "on-hold", "completed",
                             "cancelled", "stopped", "unknown", "entered-in-error"}  # fmt: skip
REQUEST_STATUS = {"draft", "active", "on-hold", "revoked", "completed", "entered-in-error",
                  "unknown"}  # fmt: skip
CARE_PLAN_INTENT = {"proposal", "plan", "order", "option"}
OBSERVATION_STATUS = {"registered", "preliminary", "final", "amended", "corrected", "cancelled",
                      "entered-in-error", "unknown"}  # fmt: skip
CONSENT_STATE = {"draft", "proposed", "active", "rejected", "inactive", "entered-in-error"}
CONSENT_SCOPE = {"adr", "research", "patient-privacy", "treatment"}
CONSENT_PROVISION_TYPE = {"deny", "permit"}
BUNDLE_TYPE = {"document", "message", "transaction", "transaction-response", "batch",
               "batch-response", "history", "searchset", "collection"}  # fmt: skip
TERMINOLOGY = "http://terminology.hl7.org/CodeSystem/"

# Where a code stands -> the codes allowed there; a Coding as (system, code).
VALUE_SETS: dict[str, set[Any]] = {
    "Bundle.type": BUNDLE_TYPE,
    "Goal.lifecycleStatus": GOAL_STATUS,
    "Goal.achievementStatus.coding": {
        (TERMINOLOGY + "goal-achievement", code) for code in GOAL_ACHIEVEMENT
    },
    "Observation.status": OBSERVATION_STATUS,
    "CarePlan.status": REQUEST_STATUS,
    "CarePlan.intent": CARE_PLAN_INTENT,
    "CarePlan.activity.detail.status": CARE_PLAN_ACTIVITY_STATUS,
    "Consent.status": CONSENT_STATE,
    "Consent.scope.coding": {(TERMINOLOGY + "consentscope", code) for code in CONSENT_SCOPE},
    "Consent.provision.type": CONSENT_PROVISION_TYPE,
    # v3 ParticipationType: IRCP, information recipient.
    "Consent.provision.actor.role.coding": {(TERMINOLOGY + "v3-ParticipationType", "IRCP")},
    # consent-category (R4) takes the LOINC document codes of consent: 59284-0 among them.
    "Consent.category.coding": {("http://loinc.org", "59284-0")},
}
# consent-policy (R4, an extensible binding) holds only consentpolicycodes (US and other
# regional regulations), none for Norwegian law: Consent.policyRule names the rule as text, and
# no code stands there (a code there would be a place VALUE_SETS does not know).


def codes(model: BaseModel, where: str) -> Iterator[tuple[str, Any]]:
    """Every coded value in a parsed resource: (where it stands, the code or (system, code)),
    found from the library's own types, so a code added later can't slip past the check."""
    for name, field in type(model).model_fields.items():
        value = getattr(model, name)
        if value is None:
            continue
        path = f"{where}.{name}"
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                kind = type(item).__name__
                if kind == "Coding":
                    yield path, (item.system, item.code)
                elif isinstance(item, Resource):  # a resource in the bundle
                    yield from codes(item, item.get_resource_type())
                else:
                    yield from codes(item, path)
            elif "Code()" in repr(field.annotation):
                yield path, item


def check_codes(bundle: dict[str, Any]) -> set[str]:
    found = list(codes(Bundle.model_validate(bundle), "Bundle"))
    assert found
    for where, code in found:
        assert where in VALUE_SETS, f"{where} = {code!r} is checked against no value set"
        assert code in VALUE_SETS[where], f"{where}: {code!r} is not in its FHIR R4 value set"
    return {where for where, _code in found}


def test_the_check_finds_a_code_outside_its_value_set(
    packets: dict[tuple[str, ...], dict[str, Any]],
) -> None:
    bundle = json.loads(json.dumps(packets[SHARE_PARTS]["bundle"]))
    check_codes(bundle)
    resources(bundle, "Goal")[0]["lifecycleStatus"] = "paused"  # our word, not FHIR's
    with pytest.raises(AssertionError, match=r"Goal\.lifecycleStatus"):
        check_codes(bundle)


def test_every_code_of_the_demo_is_in_its_value_set(
    packets: dict[tuple[str, ...], dict[str, Any]],
) -> None:
    seen: set[str] = set()
    for packet in packets.values():
        seen |= check_codes(packet["bundle"])
    assert seen == set(VALUE_SETS)  # every place a code stands was written and checked


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory, frozen: None) -> list[dict[str, Any]]:
    """Bundles of fictional clients (core/caseload_demo.py), each with a consent to every part
    given to their GP (participant 2); one of them with its plan period over."""
    store = Store(tmp_path_factory.mktemp("caseload"))
    made = create_caseload(store, clients=10, weeks=60, today=DAY)
    bundles = []
    for client in made:
        give(store, client["handle"], 2, list(SHARE_PARTS))
        bundles.append(bundle_of(store, client["handle"], 2))
    with store.plan(made[0]["handle"], write=True) as plan:
        plan.set_plan_period(start="2024-01-01", end="2025-01-01", base=DAY)
    bundles.append(bundle_of(store, made[0]["handle"], 2))
    return bundles


def test_every_code_of_a_caseload_is_in_its_value_set(caseload: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    statuses: set[Any] = set()
    for bundle in caseload:
        seen |= check_codes(bundle)
        statuses |= {g["lifecycleStatus"] for g in resources(bundle, "Goal")}
        statuses |= {p["status"] for p in resources(bundle, "CarePlan")}
    assert seen == set(VALUE_SETS)
    # The caseload reaches every goal status the tool has, and an ended plan.
    assert {"active", "completed", "on-hold", "cancelled"} <= statuses


def test_a_plan_whose_period_is_over_is_a_completed_care_plan(
    caseload: list[dict[str, Any]],
) -> None:
    [ended] = [p for p in resources(caseload[-1], "CarePlan") if p["title"] == "Individual plan"]
    assert (ended["status"], ended["period"]) == (
        "completed", {"start": "2024-01-01", "end": "2025-01-01"},
    )  # fmt: skip


def test_the_care_plans_status_follows_the_day_of_the_handover(
    home: Path, day: list[dt.date], tmp_path: Path
) -> None:
    """Whether the plan's period is over is a matter of the handover's day, as everything
    else is, and never of the computer's clock."""
    store = Store(home)
    create_demo(store, today=DAY)
    end = DAY + dt.timedelta(days=10)
    with store.plan("demo", write=True) as plan:
        plan.set_plan_period(end=end.isoformat())
    give(store, "demo", 4, ["plan"])
    statuses = []
    for today in (end, end + dt.timedelta(days=1)):
        day[0] = today
        sent = sending.handover(store, "demo", "4", str(tmp_path / str(today)))
        bundle = json.loads(sent.files[1].read_text(encoding="utf-8"))
        statuses += [p["status"] for p in resources(bundle, "CarePlan")]
    assert statuses == ["active", "completed"]


# The client's words, verbatim ---------------------------------------------------------------

HOSTILE = {**MARKUP, **UNICODE, "close": "[/]", "open": "x [/",
           "quit": "[@click=app.quit]x[/]", "json": '{"resourceType": "Patient"} \\u0000',
           "html": "<script>alert(1)</script> &amp;", "rlm": "abc \u200f123\u200e def",
           "line-separator": "one\u2028two", "leading-mark": "\u200fright to left"}  # fmt: skip
MULTI_LINE = {"multi-line": "line one\nline two\twith a tab", "long": "word " * 399 + "end"}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory, frozen: None) -> dict[str, Any]:
    """A client whose goals, check-in notes, crisis signs and consent purposes are hostile
    text, handed over (PDF and bundle) to participants with consents of those words."""
    store = Store(tmp_path_factory.mktemp("hostile"))
    store.add_client("Sam", handle="sam")
    stored: dict[str, dict[str, str]] = {"goal": {}, "note": {}, "sign": {}, "action": {}}
    with store.plan("sam", write=True) as plan:
        for name, words in {**HOSTILE, **MULTI_LINE}.items():
            title = words if name not in MULTI_LINE else f"Goal {name}"
            goal = plan.add_goal(title if len(title) <= 200 else f"Goal {name}", base=DAY)
            stored["goal"][name] = goal["title"]
            stored["note"][name] = plan.check_in(goal["number"], 2, note=words, base=DAY)["note"]
            one_line = words.splitlines() == [words] and len(words) <= 200
            sign = plan.add_to_crisis("sign", words if one_line else f"Sign {name}",
                                      action=words if one_line else f"Act {name}",
                                      others=words if one_line else None)  # fmt: skip
            entry = sign["signs"][-1]
            stored["sign"][name], stored["action"][name] = entry["text"], entry["action"]
    purposes = {}
    for index, (name, words) in enumerate(HOSTILE.items()):
        with store.plan("sam", write=True) as plan:
            plan.add_participant(f"Reader {index}", role="GP")
        purposes[name] = give(store, "sam", f"Reader {index}", ["goals", "crisis"],
                              purpose=words)["purpose"]  # fmt: skip
    packets = {
        name: sending.handover(store, "sam", f"Reader {index}",
                               str(tmp_path_factory.mktemp("out")), today=DAY)
        for index, name in enumerate(HOSTILE) if index in (0, len(HOSTILE) - 1)
    }  # fmt: skip
    bundles = {name: bundle_of(store, "sam", f"Reader {index}")
               for index, name in enumerate(HOSTILE)}  # fmt: skip
    return {"stored": stored, "purposes": purposes, "packets": packets, "bundles": bundles}


def test_hostile_text_is_stored_as_typed(hostile: dict[str, Any]) -> None:
    """What the round trip starts from: the words as typed (NFC), nothing trimmed away."""
    stored = hostile["stored"]
    for name, words in {**HOSTILE, **MULTI_LINE}.items():
        assert stored["note"][name] == unicodedata.normalize("NFC", words), name
    for name, words in HOSTILE.items():
        if name == "line-separator":  # U+2028 breaks a line: a title or a sign is one line
            continue
        assert stored["goal"][name] == unicodedata.normalize("NFC", words), name
        assert stored["sign"][name] == unicodedata.normalize("NFC", words), name
        assert stored["action"][name] == unicodedata.normalize("NFC", words), name
        assert hostile["purposes"][name] == unicodedata.normalize("NFC", words), name


def test_hostile_text_comes_back_exactly_from_the_bundle(hostile: dict[str, Any]) -> None:
    stored = hostile["stored"]
    written = {name: json.loads(sent.files[1].read_text(encoding="utf-8"))
               for name, sent in hostile["packets"].items()}  # fmt: skip
    for name, raw in {**hostile["bundles"], **written}.items():
        parsed = Bundle.model_validate(raw)
        back = _words_of(parsed)
        assert back["purpose"] == [hostile["purposes"][name]], name
        assert sorted(back["goals"]) == sorted(stored["goal"].values()), name
        assert sorted(back["notes"]) == sorted(stored["note"].values()), name
        assert sorted(back["signs"]) == sorted(stored["sign"].values()), name
        assert sorted(back["actions"]) == sorted(stored["action"].values()), name


def _words_of(bundle: Bundle) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {"goals": [], "notes": [], "signs": [], "actions": [],
                                 "purpose": []}  # fmt: skip
    for entry in bundle.entry:
        resource = entry.resource
        kind = resource.get_resource_type()
        if kind == "Goal":
            out["goals"].append(resource.description.text)
        elif kind == "Observation":
            out["notes"] += [note.text for note in resource.note or ()]
        elif kind == "CarePlan" and resource.title == "Crisis plan":
            for activity in resource.activity:
                detail = activity.detail
                if detail.code.text == "Early warning signs":
                    out["signs"].append(detail.description)
                    out["actions"] += [e.valueString for e in detail.extension
                                       if e.url.endswith("crisis-action")]  # fmt: skip
        elif kind == "Consent":
            out["purpose"] += [e.valueString for e in resource.extension
                               if e.url.endswith("consent-purpose")]  # fmt: skip
    return out


@needs_poppler
def test_hostile_text_is_in_the_pdf_as_typed(hostile: dict[str, Any]) -> None:
    for name, sent in hostile["packets"].items():
        # pdftotext sets a right-to-left run off with embeddings (U+202B … U+202C) of its own.
        text = re.sub("[\u202a-\u202e]", "", pdf_text(sent.files[0]))
        assert "Purpose: " + hostile["purposes"][name] in text, name
        for words in ("[@click=app.quit]x[/]", "x [/", "<script>alert(1)</script> &amp;"):
            assert words in text, (name, words)


# Written, or nothing at all -----------------------------------------------------------------


@pytest.fixture
def ready(home: Path, day: list[dt.date], tmp_path: Path) -> Store:
    store = Store(home)
    create_demo(store, today=DAY)
    give(store, "demo", 4, ["goals", "crisis"])
    return store


def log_of(store: Store) -> list[dict[str, Any]]:
    with store.plan("demo") as plan:
        return plan.shared()


def store_bytes(store: Store) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(store.home.rglob("clients/*.json"))}


@pytest.mark.parametrize("act", ["handover", "export"])
def test_a_target_that_is_a_folder_leaves_no_file_and_no_log(
    ready: Store, tmp_path: Path, act: str
) -> None:
    out = tmp_path / "out"
    name = f"demo-to-4-{DAY}.fhir.json" if act == "handover" else f"demo-own-copy-{DAY}.json"
    (out / name).mkdir(parents=True)
    before = store_bytes(ready)
    with pytest.raises(InvalidInput, match="is not a plain file"):
        _act(ready, act, out)
    assert sorted(p.name for p in out.iterdir()) == [name]
    assert store_bytes(ready) == before and len(log_of(ready)) == 1


def _act(store: Store, act: str, out: Path) -> Any:
    if act == "handover":
        return sending.handover(store, "demo", "4", str(out))
    return sending.export(store, "demo", str(out))


@pytest.mark.parametrize("act", ["handover", "export"])
def test_a_second_file_that_cant_be_written_takes_the_first_back(
    ready: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, act: str
) -> None:
    real = sending.write_private
    calls: list[Path] = []

    def second_fails(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise PlanError(f"Can't write {path}: no space left on device.")
        real(path, data)

    monkeypatch.setattr(sending, "write_private", second_fails)
    out = tmp_path / "out"
    before = store_bytes(ready)
    with pytest.raises(PlanError, match="no space left"):
        _act(ready, act, out)
    assert calls[0].parent == out  # the first was written, then taken back
    assert not out.exists()  # and the folder made for them
    assert store_bytes(ready) == before and len(log_of(ready)) == 1


@pytest.mark.parametrize("act", ["handover", "export"])
def test_a_plan_that_cant_be_saved_takes_both_files_back(
    ready: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, act: str
) -> None:
    """The files are written before the transaction that logs them commits; when the commit
    fails (a full disk), they go again, so no file is out there unlogged."""

    def full(path: Any, data: Any, *args: Any, **kwargs: Any) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    monkeypatch.setattr(storage, "write_atomically", full)
    out = tmp_path / "out"
    before = store_bytes(ready)
    out.mkdir()  # there before: kept, empty
    with pytest.raises((OSError, StoreUnusable)):
        _act(ready, act, out)
    assert list(out.iterdir()) == []
    monkeypatch.undo()
    assert store_bytes(ready) == before and len(log_of(ready)) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="file modes stop nothing for root")
def test_a_read_only_folder_is_refused_before_anything_is_written(
    ready: Store, tmp_path: Path
) -> None:
    out = tmp_path / "read-only"
    out.mkdir(mode=0o500)
    try:
        with pytest.raises(InvalidInput, match="can't be written to"):
            sending.handover(ready, "demo", "4", str(out))
    finally:
        out.chmod(0o700)
    assert list(out.iterdir()) == [] and len(log_of(ready)) == 1


def test_a_folder_that_refuses_the_write_leaves_nothing(
    ready: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As a read-only folder does for a user that isn't root: the system refuses the file."""
    import recoverytui.report as report

    def refused(*args: Any, **kwargs: Any) -> Any:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(report.tempfile, "mkstemp", refused)
    out = tmp_path / "out"
    with pytest.raises(PlanError, match="permission denied"):
        sending.handover(ready, "demo", "4", str(out))
    assert not out.exists() and len(log_of(ready)) == 1  # not even the folder made for it


def test_no_consent_writes_nothing(ready: Store, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with pytest.raises(NotFound, match="Jon has no consent"):
        sending.handover(ready, "demo", "Jon", str(out))
    assert not out.exists() and len(log_of(ready)) == 1
