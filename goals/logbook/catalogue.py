"""Which models the Logg lists, and how each one's history reaches its organisation and year.

Models are named by label, as in admin_scoping, so `goals` does not import `reports`.
"""

from dataclasses import dataclass

from django.apps import apps


@dataclass(frozen=True)
class Tracked:
    label: str
    # Path from the model's historical record to the organisation's id ("id" for the
    # organisation itself) and to the plan year's year (None: the model belongs to no year).
    organisation: str
    year: str | None
    # The relations the object's name (its __str__) reads, loaded for a whole page at once.
    named_by: tuple[str, ...] = ()

    @property
    def model(self):
        return apps.get_model(self.label)

    @property
    def historical(self):
        return self.model.history.model

    @property
    def key(self) -> str:
        return self.label.replace(".", "-")


# In the order the year's work is done, then what is set up once (as the admin's index).
TRACKED = [
    Tracked("goals.planyear", "organisation", "year", ("organisation",)),
    Tracked("goals.period", "plan_year__organisation", "plan_year__year", ("plan_year__organisation",)),
    Tracked("goals.planlevel", "plan_year__organisation", "plan_year__year"),
    Tracked("goals.goal", "plan_year__organisation", "plan_year__year"),
    Tracked("goals.measure", "goal__plan_year__organisation", "goal__plan_year__year"),
    Tracked("goals.measurecomponent", "measure__goal__plan_year__organisation", "measure__goal__plan_year__year"),
    Tracked("goals.followup", "goal__plan_year__organisation", "goal__plan_year__year", ("goal", "period")),
    Tracked(
        "goals.measurevalue",
        "follow_up__goal__plan_year__organisation",
        "follow_up__goal__plan_year__year",
        ("measure",),
    ),
    Tracked("goals.textsection", "plan_year__organisation", "plan_year__year"),
    Tracked("goals.membercontribution", "plan_year__organisation", "plan_year__year", ("member", "plan_year")),
    Tracked("reports.chapterprint", "organisation", "plan_year__year", ("plan_year", "period")),
    Tracked("goals.organisation", "id", None),
    Tracked("goals.unit", "organisation", None),
    Tracked("goals.member", "organisation", None),
    Tracked("goals.population", "municipality__organisation", None, ("municipality",)),
    Tracked("goals.dimension", "organisation", None),
    Tracked("goals.dimensionitem", "dimension__organisation", None),
    Tracked("goals.membership", "organisation", None, ("user", "unit", "organisation")),
    Tracked("goals.groupmapping", "organisation", None, ("unit", "organisation")),
    # A key belongs to a kansli user, so to the förbund where the user is kansliet.
    Tracked("api.apitoken", "user__memberships__organisation", None, ("user",)),
]

BY_KEY = {tracked.key: tracked for tracked in TRACKED}
BY_LABEL = {tracked.label: tracked for tracked in TRACKED}
