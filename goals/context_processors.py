from . import selectors


def navigation(request):
    """Which menu entries this user gets: a few small queries per page for a logged-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    readable = [
        organisation
        for organisation in selectors.organisations_for(user).prefetch_related("plan_years")
        if selectors.can_read_all(user, organisation)
    ]
    return {
        "nav_kansli": selectors.kansli_organisations(user).exists(),
        "nav_manager": selectors.managed_units(user).exists(),
        "nav_plan_years": [plan_year for organisation in readable for plan_year in organisation.plan_years.all()],
        "nav_archives": readable,
    }
