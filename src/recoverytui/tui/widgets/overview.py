"""The whole plan at a glance: dreams, goals, the ladder, open needs, and hope over the weeks."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Grid, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from recoverytui.core import dates
from recoverytui.core.crisis import is_empty, reviewed_words
from recoverytui.core.documents import progress_words, rating_words, step_picture, step_words
from recoverytui.core.due import date_words
from recoverytui.core.i18n import _
from recoverytui.core.needs import is_open
from recoverytui.core.road import Road, Series, road
from recoverytui.tui.text import Hanging, shown
from recoverytui.tui.widgets.charts import strip
from recoverytui.tui.widgets.pane import PlanPane


class OverviewPane(PlanPane):
    def compose(self) -> ComposeResult:
        with VerticalScroll(id="overview-box"):
            yield Static("", id="overview-head")
            yield Vertical(id="road")
            yield Hanging("", id="overview")

    def show(self) -> None:
        whole = self.whole
        assert whole is not None
        client = whole["client"]
        head = [client["name"]]
        if client.get("coordinator"):
            head.append(_("Coordinator: {name}").format(name=client["coordinator"]))
        if client.get("revise_by"):  # the individual plan's, set in section 8
            by = date_words(client["revise_by"])
            head.append(_("Next plan revision by {date}").format(date=by))
        self.query_one("#overview-head", Static).update(shown("\n".join(head)))
        self._draw_road(road(whole, dates.today()))
        lines = [_("Hopes and dreams")]
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
        self.query_one("#overview", Static).update(shown("\n".join(lines)))

    def _draw_road(self, picture: Road) -> None:
        """The road so far as a picture, each row with the same said in words beside it."""
        first, last = (
            week.split("W")[1].lstrip("0") for week in (picture.weeks[0], picture.weeks[-1])
        )
        parts: list[Widget] = [
            _heading(
                _("The road so far, week {first} to {last} (· nothing noted that week)").format(
                    first=first, last=last
                )
            ),
            _rows([(picture.hope.label, picture.hope)], "-hope"),
        ]
        if picture.goals:
            parts.append(_heading(_("Check-ins per goal, 0–4")))
            parts.append(_rows([(series.label, series) for series in picture.goals], "-goal"))
        if picture.areas:
            parts.append(_heading(_("The ladder's steps, 1–5")))
            parts.append(_rows([(series.label, series) for series in picture.areas], "-ladder"))
        if not picture.goals and not picture.areas:
            parts.append(_heading(_("Goals and the ladder will show here week by week.")))
        box = self.query_one("#road", Vertical)
        with self.app.batch_update():
            box.remove_children()
            box.mount_all(parts)


def _heading(words: str) -> Static:
    return Static(shown(words), classes="road-heading")


def _rows(rows: list[tuple[str, Series]], kind: str) -> Grid:
    # A goal's title and an area's name are the client's words: shown, never run.
    cells: list[Widget] = []
    for label, series in rows:
        cells += [
            Static(shown(label), classes="road-label"),
            Static(strip(series.values, series.low, series.high), classes=f"road-strip {kind}"),
            Static(shown(series.words), classes="road-words"),
        ]
    return Grid(*cells, classes="road-rows")
