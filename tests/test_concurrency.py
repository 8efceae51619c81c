"""Races on PostgreSQL, through the test client in real threads: optimistic locking holds, a
decision never lands on text the approver did not see, and imports into one organisation wait
for each other instead of deadlocking. SQLite serialises writers itself, so these are skipped
there (and fail under CI=true without PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections
from django.test import Client

from goals.interchange import PlanImportError, export_document, import_document
from goals.kolada import KoladaImportError, import_values
from goals.models import Breakdown, FollowUp, Measure, Member, Organisation, PlanYear, State

from . import factories
from .conftest import require

pytestmark = pytest.mark.django_db(transaction=True)

WRITERS = 8
CONFLICT = "sparade den här uppföljningen efter att du öppnade den"


@pytest.fixture(autouse=True)
def postgresql():
    require(
        connection.vendor == "postgresql",
        "the concurrency tests need PostgreSQL; set DATABASE_URL=postgres://user:pass@127.0.0.1:5432/db "
        "(as .ci/run does) to run them",
    )


def together(*jobs):
    """Run the jobs in threads released at the same moment; their results (or exceptions) in order."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def run(index, job):
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except Exception as error:  # noqa: BLE001 - reported by the test
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
        assert not thread.is_alive(), "a thread is still waiting: a lock that is never released"
    return results


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_n_writers_of_one_version_one_wins_the_others_are_told_and_nothing_is_overwritten():
    data = factories.plan()
    goal, period = data["goal"], data["interim"]
    writers = [factories.manager(f"chef{i}", data) for i in range(WRITERS)]
    clients = [logged_in(w) for w in writers]
    url = f"/mal/{goal.pk}/period/{period.pk}/"
    for round_number in range(2):
        seen = FollowUp.objects.filter(goal=goal, period=period).first()
        version = seen.version if seen else 0

        def save(i, version=version, round_number=round_number):
            response = clients[i].post(url, {"version": version, "text": f"Skribent {i}, runda {round_number}"})
            return response.status_code, response.content.decode()

        results = together(*[lambda i=i: save(i) for i in range(WRITERS)])
        errors = [r for r in results if isinstance(r, Exception)]
        assert not errors, errors
        codes = [code for code, _body in results]
        assert codes.count(302) == 1, codes
        assert codes.count(409) == WRITERS - 1, codes
        assert all(CONFLICT in body for code, body in results if code == 409)
        winner = codes.index(302)
        follow_up = FollowUp.objects.get(goal=goal, period=period)
        assert follow_up.version == version + 1
        assert follow_up.text == f"Skribent {winner}, runda {round_number}"
        assert follow_up.author == writers[winner]
    # Every saved version is in the history exactly once, by the one who won it: no save vanished.
    history = list(follow_up.history.order_by("history_date").values_list("version", "text"))
    assert [version for version, _text in history] == [1, 2]
    assert len({text for _version, text in history}) == 2


def test_an_approval_races_a_withdraw_and_resubmit_and_never_approves_unseen_text():
    data = factories.plan()
    goal, period = data["goal"], data["interim"]
    chef, kansli = factories.manager("chef", data), factories.kansli("kansli", data)
    follow_up = FollowUp(goal=goal, period=period, text="Den granskade texten", state=State.SUBMITTED, author=chef)
    follow_up.version = 3
    follow_up.save()
    reviewed = follow_up.version
    chef_client, kansli_client = logged_in(chef), logged_in(kansli)

    def approve():
        return kansli_client.post(f"/uppfoljning/{follow_up.pk}/granska/", {"approve": "1", "version": reviewed})

    def withdraw_and_resubmit():
        first = chef_client.post(f"/mal/{goal.pk}/period/{period.pk}/ta-tillbaka/", {"version": reviewed})
        latest = FollowUp.objects.get(pk=follow_up.pk)
        second = chef_client.post(
            f"/mal/{goal.pk}/period/{period.pk}/",
            {"version": latest.version, "text": "En ny text", "status": "on_track", "submit": "1"},
        )
        return first, second

    approval, (withdrawal, resubmission) = together(approve, withdraw_and_resubmit)
    follow_up.refresh_from_db()
    assert 500 not in (approval.status_code, withdrawal.status_code, resubmission.status_code)
    approvals = follow_up.history.filter(history_change_reason="approve")
    if approval.status_code == 302:
        # Approved first: what was approved is the text kansliet read, and it stays approved.
        assert [a.text for a in approvals] == ["Den granskade texten"]
        assert follow_up.state == State.APPROVED and follow_up.text == "Den granskade texten"
    else:
        # The unit was first: the approval is refused in words and nothing was approved.
        assert approval.status_code == 400
        assert "Enheten har ändrat uppföljningen" in approval.content.decode()
        assert not approvals.exists()
        assert follow_up.state != State.APPROVED


def plan_file(year):
    data = factories.plan(slug=f"kalla-{year}", year=year)
    document = export_document(data["plan_year"])
    document["organisation"] = {**document["organisation"], "slug": "samma", "name": "Samma förbund"}
    # The two files list the organisation's parts in opposite orders.
    if year % 2:
        document["organisation"]["units"] = list(reversed(document["organisation"]["units"]))
    return document


def test_two_plan_imports_into_one_organisation_both_finish():
    documents = [plan_file(2025), plan_file(2026)]
    results = together(*[lambda d=d: import_document(d) for d in documents])
    for result in results:
        assert isinstance(result, PlanYear | PlanImportError), repr(result)
    assert any(isinstance(r, PlanYear) for r in results)
    organisation = Organisation.objects.get(slug="samma")
    assert organisation.units.count() == 2
    years = set(PlanYear.objects.filter(organisation=organisation).values_list("year", flat=True))
    assert years == {r.year for r in results if isinstance(r, PlanYear)}


def test_two_kolada_imports_in_opposite_orders_both_finish():
    data = factories.plan()
    organisation = data["organisation"]
    for code, name in (("1490", "Borås"), ("1443", "Bollebygd")):
        Member.objects.create(organisation=organisation, code=code, name=name)
    Measure.objects.create(goal=data["goal"], text="A", kpi="N1", breakdown=Breakdown.MUNICIPALITY)
    Measure.objects.create(goal=data["other_goal"], text="B", kpi="N2", breakdown=Breakdown.MUNICIPALITY)
    rows = [f"{kpi},{code},2025,T,{value}" for kpi in ("N1", "N2") for code, value in (("1490", 1), ("1443", 2))]
    files = ["\n".join(["kpi,municipality,period,gender,value", *order]).encode() for order in (rows, rows[::-1])]
    results = together(*[lambda f=f: import_values(organisation=organisation, content=f) for f in files])
    for result in results:
        assert isinstance(result, int | KoladaImportError), repr(result)
    assert [r for r in results if isinstance(r, int)], results
    assert FollowUp.objects.filter(period=data["annual"]).count() == 2


def test_a_plan_import_and_a_kolada_import_into_one_organisation_both_finish():
    data = factories.plan(slug="samma", year=2024)
    Member.objects.create(organisation=data["organisation"], code="1490", name="Borås")
    Measure.objects.create(goal=data["goal"], text="A", kpi="N1", breakdown=Breakdown.MUNICIPALITY)
    document = plan_file(2025)
    csv = b"kpi,municipality,period,gender,value\nN1,1490,2024,T,5\n"
    results = together(
        lambda: import_document(document), lambda: import_values(organisation=data["organisation"], content=csv)
    )
    assert isinstance(results[0], PlanYear), repr(results[0])
    assert results[1] == 1, repr(results[1])
