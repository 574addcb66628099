import pytest
from django.core.management import CommandError, call_command

from grants.models import Grant


@pytest.mark.django_db
def test_the_reference_number_and_date_are_required():
    with pytest.raises(CommandError, match="diarienummer"):
        call_command("load_decision", "--decided-on", "2025-05-15")
    assert not Grant.objects.exists()


@pytest.mark.django_db
def test_loading_reports_that_the_table_matches(capsys):
    call_command("load_decision", "--diarienummer", "S2025/04711", "--decided-on", "2025-05-15")
    output = capsys.readouterr().out
    assert "21 regions, 496000000 kr allocated" in output
    assert "equals the decision's table for every region" in output
    decision = Grant.objects.get(year=2025).decision
    assert decision.diarienummer == "S2025/04711"
    assert not decision.diarienummer_is_example


@pytest.mark.django_db
@pytest.mark.parametrize("bad", ["12345", "S2025", "2025/123"])
def test_a_malformed_reference_number_is_refused(bad):
    with pytest.raises(CommandError, match="Enter the reference number as in the decision"):
        call_command("load_decision", "--diarienummer", bad, "--decided-on", "2025-05-15")


@pytest.mark.django_db
def test_the_same_year_cannot_be_loaded_twice(grant_2025):
    with pytest.raises(CommandError, match="A grant for 2025 is already registered"):
        call_command("load_decision", "--diarienummer", "S2025/07777", "--decided-on", "2025-05-15")
