"""Who the user is, read once per request: one query for the user's memberships, then every
permission question (selectors, views, the navigation) is answered from memory.

Ask for a permission ("may approve in this förbund", "writes this goal"), not for a role, so a
new role is one line here rather than an edit of every view.
"""

from dataclasses import dataclass, field

from .models import Membership, Role

CACHE_ATTRIBUTE = "_goals_access"

# What each role may do in its organisation (a manager's rights are per unit, below).
APPROVES = frozenset({Role.KANSLI})
READS_ALL = frozenset({Role.KANSLI, Role.READER})


@dataclass(frozen=True)
class Access:
    superuser: bool = False
    organisation_ids: frozenset[int] = field(default_factory=frozenset)
    kansli_ids: frozenset[int] = field(default_factory=frozenset)
    reader_ids: frozenset[int] = field(default_factory=frozenset)
    unit_ids: frozenset[int] = field(default_factory=frozenset)

    def is_kansli(self, organisation) -> bool:
        """May plan, review, approve and print in this förbund."""
        return self.superuser or _pk(organisation) in self.kansli_ids

    def reads_all(self, organisation) -> bool:
        """Reads the whole plan with values, history and the fastställda PDFs."""
        return self.superuser or _pk(organisation) in self.reader_ids

    def manages(self, unit_id) -> bool:
        return unit_id is not None and unit_id in self.unit_ids

    def writes(self, goal) -> bool:
        """May write the goal's follow-ups (kansliet also those of "samtliga verksamheter")."""
        return self.is_kansli(goal.plan_year.organisation_id) or self.manages(goal.unit_id)

    @property
    def any_kansli(self) -> bool:
        return self.superuser or bool(self.kansli_ids)

    @property
    def any_unit(self) -> bool:
        return bool(self.unit_ids)


def _pk(organisation) -> int:
    return getattr(organisation, "pk", organisation)


def load(user) -> Access:
    if not user.is_authenticated:
        return Access()
    rows = list(Membership.objects.filter(user=user).values_list("organisation_id", "unit_id", "role"))
    return Access(
        superuser=user.is_superuser,
        organisation_ids=frozenset(org for org, _unit, _role in rows),
        kansli_ids=frozenset(org for org, _unit, role in rows if role in APPROVES),
        reader_ids=frozenset(org for org, _unit, role in rows if role in READS_ALL),
        unit_ids=frozenset(unit for _org, unit, role in rows if role == Role.MANAGER and unit is not None),
    )


def access_for(user) -> Access:
    """The user's access, cached on the user object: AuthenticationMiddleware loads the user once
    per request, so this is read once per request and never outlives one."""
    access = getattr(user, CACHE_ATTRIBUTE, None)
    if access is None:
        access = load(user)
        try:
            setattr(user, CACHE_ATTRIBUTE, access)
        except AttributeError:  # AnonymousUser and the like
            pass
    return access


def forget(user) -> None:
    """After a change of the user's own memberships within the same request (or test)."""
    try:
        delattr(user, CACHE_ATTRIBUTE)
    except AttributeError:
        pass
