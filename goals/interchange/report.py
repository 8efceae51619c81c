"""What an import should tell kansliet: follow-ups whose status says something else than their
mätetal, with the reason given (or its absence)."""

from django.utils.translation import gettext as _

from goals.selectors import assessed_nodes


def disagreements(plan_year) -> list[str]:
    """One sentence per follow-up of the year whose status differs from its rule's proposal."""
    found = []
    for period in plan_year.periods.all():
        for node in assessed_nodes(plan_year, period):
            if not node.disagrees:
                continue
            reason = node.follow_up.status_reason.strip()
            found.append(
                _(
                    "%(key)s ”%(title)s” (%(period)s): bedömningen %(status)s avviker från mätetalens förslag "
                    "%(proposal)s; %(reason)s"
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
