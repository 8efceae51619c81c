from .access import access_for
from .models import Organisation


def navigation(request):
    """Which menu entries this user gets, from the access read once per request: no query for
    an enhetschef, two (the organisations and their years) for those who read whole plans."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    access = access_for(user)
    organisations = (
        Organisation.objects.all() if access.superuser else Organisation.objects.filter(pk__in=access.reader_ids)
    )
    readable = list(organisations.prefetch_related("plan_years")) if access.superuser or access.reader_ids else []
    return {
        "nav_kansli": access.any_kansli,
        "nav_manager": access.any_unit,
        "nav_plan_years": [plan_year for organisation in readable for plan_year in organisation.plan_years.all()],
        "nav_archives": readable,
    }
