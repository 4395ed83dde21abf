"""The whole plan at a glance: dreams, goals, the ladder, open needs, and hope over the weeks."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from recoverytui.core import dates
from recoverytui.core.crisis import is_empty, reviewed_words
from recoverytui.core.documents import progress_words, rating_words, step_picture, step_words
from recoverytui.core.due import date_words
from recoverytui.core.i18n import _
from recoverytui.core.needs import is_open
from recoverytui.tui.text import Hanging, shown
from recoverytui.tui.widgets.charts import last_weeks, week_chart
from recoverytui.tui.widgets.pane import PlanPane


class OverviewPane(PlanPane):
    def compose(self) -> ComposeResult:
        with VerticalScroll(id="overview-box"):
            yield Hanging("", id="overview")

    def show(self) -> None:
        whole = self.whole
        assert whole is not None
        client = whole["client"]
        lines = [client["name"]]
        if client.get("coordinator"):
            lines.append(_("Coordinator: {name}").format(name=client["coordinator"]))
        if client.get("revise_by"):  # the individual plan's, set in section 8
            by = date_words(client["revise_by"])
            lines.append(_("Next plan revision by {date}").format(date=by))
        lines += ["", _("Hopes and dreams")]
        lines += [f"  {d['number']}. {d['text']}" for d in whole["dreams"]] or [_("  none yet")]
        latest = {c["goal_id"]: c for c in whole["checkins"]}
        lines += ["", _("Small goals being worked on")]
        active = [g for g in whole["goals"] if g["status"] == "active"]
        for goal in active:
            last = latest.get(goal["id"])
            where = (
                f"{last['progress']} {progress_words(last['progress'])}"
                if last
                else _("no check-in yet")
            )
            lines.append(f"  {goal['number']}. {goal['title']}  [{where}]")
        reached = [g for g in whole["goals"] if g["status"] == "reached"]
        if reached:
            lines.append(
                _("  Reached: {titles}").format(titles="; ".join(g["title"] for g in reached))
            )
        if not active and not reached:
            lines.append(_("  none yet"))
        lines += ["", _("Responsibility")]
        lines += [
            f"  {step_picture(a['step'])}  {step_words(a['step'])}: {a['name']}"
            for a in whole["areas"]
        ] or [_("  no areas yet")]
        open_needs = [i for i in whole["needs"] if is_open(i)]
        lines += ["", _("Basic needs still open: {count}").format(count=len(open_needs))]
        for item in open_needs[:6]:
            lines.append(
                _("  {name}: client {client}, worker {worker}").format(
                    name=item["name"],
                    client=rating_words(item["client_rating"]),
                    worker=rating_words(item["worker_rating"]),
                )
            )
        crisis = whole["crisis"]
        lines += ["", _("When things get hard: the crisis plan")]
        if is_empty(crisis):
            lines.append(_("  nothing written yet (section 7)"))
        else:
            lines.append("  " + reviewed_words(crisis, dates.today()))
        hope = {r["week"]: r["hope"] for r in whole.get("reviews", []) if r.get("hope") is not None}
        lines += ["", _("Hope for the future (0–10), week by week")]
        lines.append(week_chart(hope, last_weeks(dates.today(), 10), top=10))
        self.query_one("#overview", Static).update(shown("\n".join(lines)))
