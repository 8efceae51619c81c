"""What an import should tell kansliet: follow-ups whose status says something else than their
mätetal, with the reason given (or its absence)."""

from django.utils.translation import gettext as _

from goals.breakdown import populations_for
from goals.models import Member
from goals.selectors import baselines_for, plan_goals
from goals.tree import build_tree, flatten


def disagreements(plan_year) -> list[str]:
    """One sentence per follow-up of the year whose status differs from its rule's proposal."""
    found = []
    members = Member.objects.municipalities().filter(organisation_id=plan_year.organisation_id)
    populations = populations_for(members, plan_year.year)
    for period in plan_year.periods.all():
        goals = list(plan_goals(plan_year, period))
        baselines = baselines_for([m for goal in goals for m in goal.measures.all()])
        for node in flatten(build_tree(goals, period_kind=period.kind, baselines=baselines, populations=populations)):
            if not node.disagrees:
                continue
            reason = node.follow_up.status_reason.strip()
            found.append(
                _(
                    "%(key)s ”%(title)s” (%(period)s): bedömningen %(status)s avviker från mätetalens förslag %(proposal)s; %(reason)s"
                )
                % {
                    "key": node.goal.document_key,
                    "title": node.goal.title[:70],
                    "period": period.key,
                    "status": node.follow_up.get_status_display().lower(),
                    "proposal": str(node.assessment.proposal.label).lower(),
                    "reason": (_("motivering: %(reason)s") % {"reason": reason}) if reason else _("ingen motivering."),
                }
            )
    return found
