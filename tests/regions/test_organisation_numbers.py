import pytest
from django.core.exceptions import ValidationError

from core.checkdigits import normalize_bankgiro, normalize_plusgiro
from regions.models import Region
from regions.validators import clean_number, validate_organisation_number


@pytest.mark.django_db
def test_all_21_regions_are_loaded_with_valid_organisation_numbers():
    regions = list(Region.objects.all())
    assert len(regions) == 21
    for region in regions:
        validate_organisation_number(region.organisation_number)  # raises if wrong
        region.full_clean()
    assert Region.objects.get(county_code="09").organisation_number == "212000-0803"
    assert Region.objects.get(county_code="25").name == "Region Norrbotten"


@pytest.mark.parametrize("number", ["232100-0017", "232100-0010", "212000-0804"])
def test_a_wrong_check_digit_is_rejected_with_a_clear_message(number):
    with pytest.raises(ValidationError) as raised:
        validate_organisation_number(number)
    assert raised.value.messages == [
        "Organisationsnumrets kontrollsiffra stämmer inte. Kontrollera numret."
    ]


def test_a_malformed_organisation_number_is_rejected():
    with pytest.raises(ValidationError) as raised:
        clean_number("organisation_number", "2321-0016")
    assert raised.value.messages == ["Ange organisationsnumret med tio siffror, NNNNNN-NNNN."]


def test_organisation_numbers_are_normalised():
    assert clean_number("organisation_number", "2321000016") == "232100-0016"
    assert clean_number("organisation_number", "16 232100-0016") == "232100-0016"
    with pytest.raises(ValidationError):
        validate_organisation_number("2321000016")  # stored form must be NNNNNN-NNNN


def test_the_message_is_english_in_the_english_interface():
    from django.utils import translation

    with translation.override("en"):
        with pytest.raises(ValidationError) as raised:
            validate_organisation_number("232100-0017")
        assert raised.value.messages == [
            "The organisation number's check digit is wrong. Check the number."
        ]


@pytest.mark.parametrize(
    ("raw", "formatted"),
    [("56781230", "5678-1230"), ("5050-1055", "5050-1055"), ("9912346", "991-2346")],
)
def test_bankgiro_numbers_are_validated_and_formatted(raw, formatted):
    assert normalize_bankgiro(raw) == formatted


@pytest.mark.parametrize(
    ("raw", "formatted"),
    [
        ("12345674", "123 45 67-4"),
        ("4100004", "41 00 00-4"),
        ("90-1", "90-1"),
        ("12344", "12 34-4"),
        ("410001", "410 00-1"),
    ],
)
def test_plusgiro_numbers_are_validated_and_formatted(raw, formatted):
    assert normalize_plusgiro(raw) == formatted


@pytest.mark.parametrize("raw", ["5678-1235", "123", "1234567890"])
def test_bad_bankgiro_numbers_are_rejected(raw):
    with pytest.raises(ValidationError):
        clean_number("bankgiro", raw)
