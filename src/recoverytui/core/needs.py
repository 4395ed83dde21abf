"""Basic-needs checklists: items grouped by domain, rated by the client and by the worker.

The two ratings are kept apart and never merged: where they differ, that is worth talking
about, not averaging away.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from tinydb import Query

from recoverytui.core import dates, fields, text
from recoverytui.core.documents import check_rating, check_voice
from recoverytui.core.errors import InvalidInput, NotFound
from recoverytui.core.i18n import _
from recoverytui.core.plan_base import Doc, PlanBase, Saved, public

if TYPE_CHECKING:  # the templates are read only when a client is added
    from recoverytui.core.templates import Domain

_UNSET: Any = object()


def has_open_action(item: Doc) -> bool:
    return bool(item.get("action")) and not item.get("action_done")


def not_met(item: Doc) -> bool:
    """Someone, the client or the worker, rates the need as not (fully) met."""
    return bool({item["client_rating"], item["worker_rating"]} & {"unmet", "partly"})


def is_open(item: Doc) -> bool:
    return has_open_action(item) or not_met(item)


def ratings_differ(item: Doc) -> bool:
    known = {item["client_rating"], item["worker_rating"]} - {"unknown"}
    return len(known) == 2


class NeedsOps(PlanBase):
    def domains(self) -> list[Doc]:
        return self._sorted("domains")

    def needs(self) -> list[Doc]:
        """All items, domain by domain in the order they were switched on; within a domain,
        open actions and unmet needs first."""
        order = {domain["key"]: domain["number"] for domain in self.domains()}
        return sorted(
            (public(row) for row in self._db.table("needs").all()),
            key=lambda item: (
                order.get(item["domain"], 0),
                not has_open_action(item),
                not not_met(item),
                item["number"],
            ),
        )

    def need(self, ref: str | int) -> Doc:
        return public(self._find("needs", ref, "name", _("need item")))

    def domain(self, key: str) -> Doc:
        """A checklist switched on for this client, by its key (economy, housing, …)."""
        found = self._db.table("domains").get(Query().key == (key or "").strip().lower())
        if found is None:
            on = ", ".join(d["key"] for d in self.domains()) or "-"
            raise NotFound(
                _("There is no {domain} checklist for this client. Switched on: {on}.").format(
                    domain=repr(key), on=on
                )
            )
        return public(found)

    def add_domain(self, domain: Domain, *, voice: str = "together") -> Saved:
        """Switch a checklist domain on for this client, with the template's items."""
        voice = check_voice(voice)
        if self._db.table("domains").get(Query().key == domain.key) is not None:
            raise InvalidInput(
                _("The {title} checklist is already there.").format(title=domain.title)
            )
        doc = self._insert("domains", {"key": domain.key, "title": domain.title, "voice": voice})
        for item in domain.items:
            self._new_need(item, domain.key, voice)
        return doc

    def add_need(self, name: str, *, domain: str, voice: str = "together") -> Saved:
        """A need item of the client's own, in a domain that is switched on."""
        name = fields.need_name(name)
        voice = check_voice(voice)
        key = self.domain(domain)["key"]
        taken = {text.fold(item["name"]) for item in self._db.table("needs").all()}
        if text.fold(name) in taken:
            raise InvalidInput(_("There is already a need called {name}.").format(name=repr(name)))
        return self._new_need(name, key, voice)

    def rate_need(
        self,
        ref: str | int,
        *,
        client_says: str | None = None,
        worker_says: str | None = None,
        action: str | None = _UNSET,
        who: str | None = _UNSET,
        due: str | dt.date | None = _UNSET,
        action_done: bool = False,
        reopen: bool = False,
        voice: str = "together",
        base: dt.date | None = None,
        revision: int | None = None,
    ) -> Saved:
        """Change an item's ratings, agreed action, who does it and by when.

        Each changed field is kept in the item's history with its old and new value and whose
        voice it was: the client's rating is always the client's, the worker's the worker's.
        An empty string clears action, who or due. `reopen` takes back an action marked done
        (by mistake, or it turned out not to be): the action is open again.
        """
        voice = check_voice(voice)
        new: dict[str, tuple[Any, str]] = {}
        if client_says is not None:
            new["client_rating"] = (check_rating(client_says), "client")
        if worker_says is not None:
            new["worker_rating"] = (check_rating(worker_says), "worker")
        item = self._find("needs", ref, "name", _("need item"))
        if action is not _UNSET:
            words = fields.need_action(action)
            if words != item.get("action"):
                # A new action is open again; with no action, who and by when go with it.
                new["action"] = (words, voice)
                new["action_done"] = (None, voice)
                if words is None:
                    new["who"] = (None, voice)
                    new["due"] = (None, voice)
        if who is not _UNSET:
            new["who"] = (fields.who(who), voice)
        if due is not _UNSET:
            new["due"] = (fields.due(due, base), voice)
        today = (base or dates.today()).isoformat()
        if action_done:
            new["action_done"] = (today, voice)
        elif reopen and item.get("action_done"):
            new["action_done"] = (None, voice)
        action_after = new["action"][0] if "action" in new else item.get("action")
        if action_done and not action_after:
            raise InvalidInput(
                _("Item {number} has no agreed action to mark as done.").format(
                    number=item["number"]
                )
            )
        if not action_after and any(new.get(key, (None,))[0] for key in ("who", "due")):
            raise InvalidInput(
                _("Who and by when belong to an agreed action; give --action as well.")
            )
        history = list(item["history"])
        changes: Doc = {}
        for field, (value, said_by) in new.items():
            if item.get(field) != value:
                changes[field] = value
                history.append(
                    {"date": today, "field": field, "from": item.get(field), "to": value,
                     "voice": said_by}
                )  # fmt: skip
        if not changes:
            return self._kept(item)
        changes["history"] = history
        return self._update("needs", item, changes, revision)

    def _new_need(self, name: str, domain: str, voice: str) -> Saved:
        return self._insert(
            "needs",
            {
                "name": name,
                "domain": domain,
                "client_rating": "unknown",
                "worker_rating": "unknown",
                "action": None,
                "action_done": None,
                "who": None,
                "due": None,
                "voice": voice,
                "history": [],
            },
        )


def find_domain(domains: dict[str, Domain], key: str) -> Domain:
    try:
        return domains[(key or "").strip().lower()]
    except KeyError:
        raise NotFound(
            _("There is no checklist template called {key}. Known: {known}.").format(
                key=repr(key), known=", ".join(domains)
            )
        ) from None
