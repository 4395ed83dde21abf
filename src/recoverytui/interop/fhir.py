"""A plan as a FHIR R4 Bundle (JSON), for the system of the service it is handed over to.

build_bundle() takes what core.consent.limited() let through, and nothing else: every
resource below is made only from the parts in it. What it holds:

- Patient: the client by display name alone (the plan never holds a national id);
- Goal, one per small goal (goals), in the client's words as stored, and an Observation per
  check-in (progress 0–4, with its note), its focus the goal;
- Observation per weekly review with a hope rating (reviews, 0–10, with the week's words);
- CarePlan for the individual plan (plan): its period, the participants as contributors, an
  activity per measure;
- CarePlan for the crisis plan (crisis): how the client is when well, an activity per entry;
- Consent: the consent the handover rests on.

Codes come from the FHIR value sets and are held in the allow-lists here (the tests check
them against the value sets). What no base resource has a place for (a consent's purpose,
the second line of a crisis-plan entry) goes in an extension named under EXTENSION. The words
are English whatever the language, as all JSON the tool writes; the client's are as stored.
Text is not escaped: it is JSON, read by a system, never run as markup.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from recoverytui.core.documents import PARTS

Resource = dict[str, Any]

# Value sets (FHIR R4), as allow-lists: our status -> its code.
GOAL_LIFECYCLE = {  # goal-status
    "active": "active",
    "reached": "completed",
    "paused": "on-hold",
    "let-go": "cancelled",
}
GOAL_ACHIEVEMENT_SYSTEM = "http://terminology.hl7.org/CodeSystem/goal-achievement"
GOAL_ACHIEVEMENT = {"active": "in-progress", "reached": "achieved"}  # goal-achievement
ACTIVITY_STATUS = {  # care-plan-activity-status
    "planned": "not-started",
    "active": "in-progress",
    "ended": "completed",
}
CAREPLAN_INTENT = "plan"  # care-plan-intent
OBSERVATION_STATUS = "final"  # observation-status
CONSENT_STATE = {"active": "active", "withdrawn": "inactive", "expired": "inactive"}
CONSENT_SCOPE = ("http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy")
CONSENT_CATEGORY = ("http://loinc.org", "59284-0", "Patient Consent")
# consent-policy is an extensible binding with no code for Norwegian law: the rule by name.
CONSENT_POLICY = "Helsepersonelloven §§ 21-22"
CONSENT_ACTOR_ROLE = ("http://terminology.hl7.org/CodeSystem/v3-ParticipationType", "IRCP")
PROVISION_TYPE = "permit"  # consent-provision-type
BUNDLE_TYPE = "collection"  # bundle-type
# What the base resources have no field for, named under the tool's own namespace.
EXTENSION = "urn:recoverytui:"

_CRISIS_LABELS = {part.field: part.title for part in PARTS}


def build_bundle(
    shared: dict[str, Any], consent: dict[str, Any], *, now: str, today: dt.date | None = None
) -> Resource:
    """The Bundle of `shared` (core.consent.limited()) under `consent`, stamped `now` (an
    ISO moment with its offset). `today`, the day of the handover (else the day of `now`),
    decides whether the plan's period is over."""
    day = (today or dt.date.fromisoformat(now[:10])).isoformat()
    client = shared["client"]
    patient_id = client["id"]
    subject = _ref(patient_id)
    parts = set(shared["parts"])
    resources: list[Resource] = [
        {"resourceType": "Patient", "id": patient_id, "name": [{"text": client["name"]}]}
    ]
    goal_ids: dict[int, str] = {}
    if "goals" in parts:
        for goal in shared["goals"]:
            goal_ids[goal["number"]] = goal["id"]
            resources.append(_goal(goal, subject))
        by_id = {g["id"]: g for g in shared["goals"]}
        resources += [_checkin(c, subject) for c in shared["checkins"] if c["goal_id"] in by_id]
    if "reviews" in parts:
        resources += [_hope(r, subject) for r in shared["reviews"] if r.get("hope") is not None]
    if "plan" in parts:
        resources.append(_care_plan(shared, subject, goal_ids, day))
    if "crisis" in parts and shared.get("crisis"):
        resources.append(_crisis_plan(shared["crisis"], subject))
    resources.append(_consent(consent, subject))
    return {
        "resourceType": "Bundle",
        "id": str(uuid.uuid4()),
        "type": BUNDLE_TYPE,
        "timestamp": now,
        "entry": [
            {"fullUrl": f"urn:uuid:{resource['id']}", "resource": resource}
            for resource in resources
        ],
    }


def _ref(doc_id: str, display: str | None = None) -> Resource:
    ref: Resource = {"reference": f"urn:uuid:{doc_id}"}
    if display:
        ref["display"] = display
    return ref


def _day(stamp: str) -> str:
    return stamp[:10]


def _extension(name: str, value: str) -> Resource:
    return {"url": EXTENSION + name, "valueString": value}


def _id_for(doc: dict[str, Any] | None, *salt: str) -> str:
    """A stable id for what has none of its own (the crisis plan before its first change)."""
    if doc and doc.get("id"):
        return str(doc["id"])
    return str(uuid.uuid5(uuid.NAMESPACE_URL, EXTENSION + ":".join(salt)))


def _goal(goal: dict[str, Any], subject: Resource) -> Resource:
    resource: Resource = {
        "resourceType": "Goal",
        "id": goal["id"],
        "lifecycleStatus": GOAL_LIFECYCLE[goal["status"]],
        "description": {"text": goal["title"]},
        "subject": subject,
        "startDate": _day(goal["created"]),
    }
    achievement = GOAL_ACHIEVEMENT.get(goal["status"])
    if achievement:
        resource["achievementStatus"] = {
            "coding": [{"system": GOAL_ACHIEVEMENT_SYSTEM, "code": achievement}]
        }
    if goal.get("due"):
        resource["target"] = [{"dueDate": goal["due"]}]
    history = goal.get("history") or []
    if history:
        resource["statusDate"] = history[-1]["date"]
    if goal.get("voice") == "client":
        resource["expressedBy"] = subject
    notes = [step["text"] for step in goal.get("steps") or []]
    if notes:
        resource["note"] = [{"text": text} for text in notes]
    return resource


def _observation(doc: dict[str, Any], subject: Resource, code: str, day: str) -> Resource:
    return {
        "resourceType": "Observation",
        "id": doc["id"],
        "status": OBSERVATION_STATUS,
        "code": {"text": code},
        "subject": subject,
        "effectiveDateTime": day,
    }


def _checkin(checkin: dict[str, Any], subject: Resource) -> Resource:
    resource = _observation(checkin, subject, "Progress toward a small goal (0-4)", checkin["date"])
    resource["focus"] = [_ref(checkin["goal_id"])]
    resource["valueInteger"] = checkin["progress"]
    if checkin.get("note"):
        resource["note"] = [{"text": checkin["note"]}]
    return resource


def _hope(review: dict[str, Any], subject: Resource) -> Resource:
    resource = _observation(review, subject, "Hope, as the client rates it (0-10)", review["held"])
    resource["valueInteger"] = review["hope"]
    if review.get("words"):
        resource["note"] = [{"text": review["words"]}]
    return resource


def _care_plan(
    shared: dict[str, Any], subject: Resource, goal_ids: dict[int, str], day: str
) -> Resource:
    client = shared["client"]
    names = {p["number"]: p["name"] for p in shared["participants"]}
    ended = bool(client.get("plan_end")) and client["plan_end"] < day
    resource: Resource = {
        "resourceType": "CarePlan",
        "id": _id_for(None, client["id"], "individual-plan"),
        "status": "completed" if ended else "active",  # request-status
        "intent": CAREPLAN_INTENT,
        "title": "Individual plan",
        "subject": subject,
    }
    period = {key: client[field] for key, field in (("start", "plan_start"), ("end", "plan_end"))
              if client.get(field)}  # fmt: skip
    if period:
        resource["period"] = period
    contributors = [
        {"display": f"{p['name']} ({p['role']})" if p.get("role") else p["name"]}
        for p in shared["participants"]
    ]
    if contributors:
        resource["contributor"] = contributors
    if goal_ids:
        resource["goal"] = [_ref(goal_ids[n]) for n in sorted(goal_ids)]
    activities = [_activity(m, names, goal_ids) for m in shared["measures"]]
    if activities:
        resource["activity"] = activities
    return resource


def _activity(measure: dict[str, Any], names: dict[int, str], goal_ids: dict[int, str]) -> Resource:
    detail: Resource = {
        "status": ACTIVITY_STATUS[measure["status"]],
        "description": measure["text"],
    }
    scheduled = {
        out: measure[key] for key, out in (("from", "start"), ("until", "end")) if measure.get(key)
    }
    if scheduled:
        detail["scheduledPeriod"] = scheduled
    responsible = names.get(measure.get("responsible"))  # type: ignore[arg-type]
    if responsible:
        detail["performer"] = [{"display": responsible}]
    goals = [_ref(goal_ids[n]) for n in measure.get("goals") or [] if n in goal_ids]
    if goals:
        detail["goal"] = goals
    extensions = [
        _extension(f"measure-{key}", measure[key]) for key in ("extent", "how") if measure.get(key)
    ]
    if extensions:
        detail["extension"] = extensions
    return {"detail": detail}


def _crisis_plan(crisis: dict[str, Any], subject: Resource) -> Resource:
    resource: Resource = {
        "resourceType": "CarePlan",
        "id": _id_for(crisis, str(crisis.get("client_id")), "crisis-plan"),
        "status": "active",
        "intent": CAREPLAN_INTENT,
        "category": [{"text": "Crisis plan"}],
        "title": "Crisis plan",
        "subject": subject,
    }
    if crisis.get("well"):
        resource["description"] = crisis["well"]
    if crisis.get("reviewed"):
        resource["period"] = {"start": crisis["reviewed"]}
    activities = []
    for part in PARTS:
        for entry in crisis.get(part.field) or []:
            more = [_extension(f"crisis-{key}", entry[key]) for key in part.more if entry.get(key)]
            activities.append(_crisis_entry(_CRISIS_LABELS[part.field], entry[part.main], more))
    admission = crisis.get("admission")
    if admission:
        more = [_extension(f"admission-{key}", admission[key])
                for key in ("unit", "phone", "renew_by") if admission.get(key)]  # fmt: skip
        words = admission.get("text") or admission.get("unit") or "Self-referral agreement"
        activities.append(_crisis_entry("Self-referral agreement", words, more))
    if activities:
        resource["activity"] = activities
    return resource


def _crisis_entry(label: str, words: str, more: list[Resource]) -> Resource:
    detail: Resource = {"code": {"text": label}, "status": "unknown", "description": words}
    if more:
        detail["extension"] = more
    return {"detail": detail}


def _consent(consent: dict[str, Any], subject: Resource) -> Resource:
    system, code = CONSENT_SCOPE
    loinc, category, display = CONSENT_CATEGORY
    role_system, role = CONSENT_ACTOR_ROLE
    return {
        "resourceType": "Consent",
        "id": consent["id"],
        "extension": [
            _extension("consent-purpose", consent["purpose"]),
            _extension("consent-given", consent["given"]),
            _extension("consent-parts", ",".join(consent["share"])),
        ],
        "status": CONSENT_STATE[consent["status"]],
        "scope": {"coding": [{"system": system, "code": code}]},
        "category": [{"coding": [{"system": loinc, "code": category, "display": display}]}],
        "patient": subject,
        "dateTime": consent["created"],
        "performer": [subject],
        "policyRule": {"text": CONSENT_POLICY},
        "provision": {
            "type": PROVISION_TYPE,
            "period": {"start": consent["from"], "end": consent["until"]},
            "actor": [
                {
                    "role": {"coding": [{"system": role_system, "code": role}]},
                    "reference": {"display": consent["name"]},
                }
            ],
        },
    }
