"""索引号 and catalog vocabularies (条例 §12, §20; docs/law.md §6, §7)."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.catalog import index_number, vocabulary
from gongkai.catalog.index_number import IndexNumberError, generate, parse

# Every example of docs/law.md §6.2: (printed, prefix kind, year, month, serial, warns).
REAL_NUMBERS = [
    ("640221065/2020-00102", "org_code", 2020, None, 102, True),
    ("014416330/2018-04736", "org_code", 2018, None, 4736, False),
    ("00525312X/2021-00008", "org_code", 2021, None, 8, False),
    ("035210000/2025-00016", "org_code", 2025, None, 16, True),
    ("014320144/2015-00056", "org_code", 2015, None, 56, False),
    ("0142768-8/2022-00185", "local", 2022, None, 185, False),  # a digit short of a code
    ("11341702486344515H/202110-00013", "uscc", 2021, 10, 13, False),
    ("113708280043326001/2024-02411", "uscc", 2024, None, 2411, False),
    ("01527918X-2020-153077", "org_code", 2020, None, 153077, False),
    ("6107280000/2024-001005", "local", 2024, None, 1005, False),
]


@pytest.mark.parametrize(("text", "kind", "year", "month", "serial", "warns"), REAL_NUMBERS)
def test_art12_published_index_numbers_are_read_in_every_form(
    text: str, kind: str, year: int, month: int | None, serial: int, warns: bool
) -> None:
    number = parse(text)
    assert (number.prefix_kind, number.year, number.month, number.serial) == (
        kind,
        year,
        month,
        serial,
    )
    assert bool(number.warnings) is warns  # a bad check character warns, never rejects


def test_art12_local_schemes_are_kept_whole() -> None:
    number = parse(" SY0024111171A201900001 ")
    assert (number.text, number.prefix_kind, number.year, number.serial) == (
        "SY0024111171A201900001",
        "local",
        None,
        None,
    )


def test_art12_full_width_separators_and_spaces_are_read() -> None:
    assert parse("014416330／2018－04736").serial == 4736


def test_art12_guideline_form_is_twenty_characters() -> None:
    text = generate("014416330", 2018, 4736)
    assert text == "014416330/2018-04736"
    assert len(text) == 20
    assert parse(text).is_guideline_form


def test_art12_uscc_prefix_and_serial_width_are_configurable() -> None:
    assert generate("11341702486344515H", 2026, 7, width=6) == "11341702486344515H/2026-000007"


@pytest.mark.parametrize(
    ("prefix", "year", "serial", "message"),
    [
        ("640221065", 2020, 1, "校验位不符"),  # never issue a new number on a wrong code
        ("12345", 2020, 1, "既不是"),
        ("014416330", 2020, 100000, "超出"),
        ("014416330", 2020, 0, "超出"),
        ("014416330", 20, 1, "四位数"),
        ("014416330", 2100, 1, "2099"),
    ],
)
def test_generate_refuses_bad_input_in_chinese(
    prefix: str, year: int, serial: int, message: str
) -> None:
    with pytest.raises(IndexNumberError, match=message):
        generate(prefix, year, serial)


def test_blank_index_number_is_an_error() -> None:
    with pytest.raises(IndexNumberError, match="为空"):
        parse("  ")


def test_org_code_check_character_gb11714() -> None:
    # Published codes whose check characters verify, including the X of value 10.
    assert index_number.org_code_check_character("00525312") == "X"
    assert index_number.org_code_check_character("01441633") == "0"
    assert index_number.org_code_check_character("01432014") == "4"


@given(
    body=st.text(alphabet="0123456789", min_size=8, max_size=8),
    year=st.integers(1900, 2099),
    serial=st.integers(1, 99999),
)
def test_generated_numbers_parse_back(body: str, year: int, serial: int) -> None:
    prefix = body + index_number.org_code_check_character(body)
    number = parse(generate(prefix, year, serial))
    assert (number.prefix, number.year, number.serial, number.warnings) == (
        prefix,
        year,
        serial,
        (),
    )
    assert number.is_guideline_form


@given(st.text(max_size=60))
def test_parse_never_raises_anything_but_index_number_error(text: str) -> None:
    with contextlib.suppress(IndexNumberError):
        parse(text)


def test_art20_has_fifteen_categories_in_statutory_order() -> None:
    keys = [key for key, _ in vocabulary.ART20]
    assert keys == [f"art20_{i}" for i in range(1, 16)]
    assert vocabulary.ART20[0][1].startswith("（一）行政法规、规章和规范性文件")
    assert vocabulary.ART20[14][1].startswith("（十五）")
    assert all(label.startswith("（") for _, label in vocabulary.ART20)
    assert vocabulary.label(vocabulary.ART20, "art20_7") == "（七）财政预算、决算信息"


def test_standard_catalog_starts_from_26_areas() -> None:
    assert len(vocabulary.STANDARD_AREAS) == len(set(vocabulary.STANDARD_AREAS)) == 26
