"""Double clicks, two tabs and two users at once: exactly one received requisition, no error
page. Against PostgreSQL, with real parallel requests (threads, separate connections)."""

import threading

import pytest
from django.db import connection, connections

from requisitions.models import Disbursement, PaymentFile, Requisition, RequisitionStatus
from tests import factories
from tests.support.clients import VerifiedClient as Client

from .conftest import form_post

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def in_parallel(calls):
    """Run each call in its own thread, released at the same moment; return their results."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait()
            results[index] = call()
        except Exception as error:
            results[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def submit_as(user, **overrides):
    def call():
        client = Client()
        client.force_login(user)
        return client.post("/region/01/bidrag/2025/rekvisition/", form_post(**overrides))

    return call


def test_a_double_click_and_two_tabs_give_one_received_requisition(
    before_deadline, case, submitter
):
    assert connection.vendor == "postgresql"
    results = in_parallel([submit_as(submitter) for _ in range(6)])
    assert all(not isinstance(r, Exception) for r in results), results
    assert all(r.status_code == 302 for r in results), [r.status_code for r in results]
    assert {r["Location"] for r in results} == {"/region/01/bidrag/2025/rekvisition/kvitto/"}
    assert Requisition.objects.filter(case=case).count() == 1
    assert Requisition.objects.get(case=case).status == RequisitionStatus.RECEIVED


def test_two_users_submitting_at_once_give_one_received_requisition(
    before_deadline, case, submitter, region_admin
):
    results = in_parallel(
        [submit_as(submitter, region_reference="A"), submit_as(region_admin, region_reference="B")]
        * 3
    )
    assert all(not isinstance(r, Exception) and r.status_code == 302 for r in results), results
    assert Requisition.objects.filter(case=case).count() == 1


def test_two_drafts_at_once_never_make_two_requisitions(before_deadline, case, submitter, preparer):
    results = in_parallel(
        [submit_as(preparer, action="draft"), submit_as(submitter, action="draft")] * 3
    )
    assert all(not isinstance(r, Exception) for r in results), results
    # One draft wins; the rest are told someone else saved it (200 with the conflict message).
    assert sorted({r.status_code for r in results}) in ([200, 302], [302])
    assert Requisition.objects.filter(case=case).count() == 1


def test_a_payment_is_released_once_and_filed_once(
    before_deadline, case, submitter, officer, second_officer
):
    from requisitions import services

    from .conftest import valid_data

    requisition = services.requisition_submit(
        case=case, data=valid_data(), version=0, actor=submitter
    )
    services.requisition_approve(requisition=requisition, actor=officer)
    third = factories.officer()

    def release(user):
        def call():
            client = Client()
            client.force_login(user)
            return client.post(
                f"/handlaggare/rekvisitioner/{requisition.pk}/utbetalning/",
                {"payment_date": "2025-11-21", "confirm": "1"},
            )

        return call

    results = in_parallel([release(second_officer), release(third)] * 3)
    assert all(not isinstance(r, Exception) and r.status_code in (200, 302) for r in results), (
        results
    )
    assert Disbursement.objects.count() == 1

    def make_file(user):
        def call():
            client = Client()
            client.force_login(user)
            return client.post(
                "/handlaggare/utbetalningsfiler/", {"payment_date": "2025-11-21", "confirm": "1"}
            )

        return call

    results = in_parallel([make_file(second_officer), make_file(third), make_file(officer)])
    assert all(not isinstance(r, Exception) and r.status_code in (200, 302) for r in results), (
        results
    )
    assert PaymentFile.objects.count() == 1
    assert Disbursement.objects.get().payment_file == PaymentFile.objects.get()


def test_the_database_refuses_a_second_active_requisition_and_a_self_release(
    before_deadline, case, submitter, officer
):
    from django.db import IntegrityError, transaction

    from requisitions import services

    from .conftest import valid_data

    requisition = services.requisition_submit(
        case=case, data=valid_data(), version=0, actor=submitter
    )
    clone = Requisition.objects.get(pk=requisition.pk)
    clone.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        clone.save()
    decision = services.requisition_approve(requisition=requisition, actor=officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Disbursement.objects.create(
            payment_decision=decision,
            amount=decision.amount,
            decided_by=officer,
            released_by=officer,
            payment_date=before_deadline.date(),
            reference="x",
            payee_name="x",
            organisation_number="232100-0016",
            account_type="bankgiro",
            account_number="5050-1055",
        )


def test_the_case_lock_makes_the_losers_see_the_receipt_not_a_constraint_error(
    before_deadline, case, submitter
):
    from requisitions import services

    from .conftest import valid_data

    def submit():
        return services.requisition_submit(case=case, data=valid_data(), version=0, actor=submitter)

    results = in_parallel([submit] * 6)
    winners = [r for r in results if isinstance(r, Requisition)]
    assert len(winners) == 1
    # Every other call waited for the lock and then found the received requisition.
    assert all(isinstance(r, services.AlreadySubmitted) for r in results if r not in winners), (
        results
    )
