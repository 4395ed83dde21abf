"""Plan: every operation on one client's plan, for the CLI and the TUI alike.

The operations live in one module per part of the plan (goals, ladder, needs, reviews,
the crisis plan, the individual plan, consent and sharing);
this class brings them together over one open transaction.
"""

from __future__ import annotations

from recoverytui.core.consent import ConsentOps
from recoverytui.core.crisis import CrisisOps
from recoverytui.core.goals import GoalOps
from recoverytui.core.individual_plan import IndividualPlanOps
from recoverytui.core.ladder import LadderOps
from recoverytui.core.needs import NeedsOps
from recoverytui.core.plan_base import Doc
from recoverytui.core.reviews import ReviewOps


class Plan(GoalOps, LadderOps, NeedsOps, ReviewOps, CrisisOps, IndividualPlanOps, ConsentOps):
    def whole(self) -> Doc:
        """Everything in the plan, as `client show --json` prints it."""
        return {
            "client": self.client,
            "dreams": self.dreams(),
            "goals": self.goals(),
            "checkins": self.checkins(),
            "areas": self.areas(),
            "domains": self.domains(),
            "needs": self.needs(),
            "reviews": self.reviews(),
            "crisis": self.crisis(),
            "participants": self.participants(),
            "measures": self.measures(),
            "consents": self.consents(),
            "shared": self.shared(),
        }
