"""The sampling commands as library calls (``hmirate.sampling.front``): files and settings in, one result out."""

from __future__ import annotations

import datetime as dt
from fractions import Fraction

import pytest

from hmirate.errors import UsageError
from hmirate.sampling import as_of_date, check_sample, sample_size_for

SAMPLE = "case_id,gender\n" + "".join(f"C{i},{'female' if i in (1, 5, 8) else 'male'}\n" for i in range(1, 11))
"""Ten cases, three of them female (30%)."""


def test_sample_size_for_a_count_of_cases():
    # n0 = 1.28155^2 x 0.25 / 0.05^2 = 164.24; n = 164.24 x 250 / (164.24 + 249) = 99.36, rounded up
    result = sample_size_for(250)
    assert (result.population, result.size, result.notes) == (250, 100, ())


def test_check_sample_against_a_profile_only_the_strata_asked_for(write):
    sample = write(*SAMPLE.splitlines(), name="sample.csv")
    profile = sample.parent / "profile.toml"
    profile.write_text("[gender]\nfemale = 40\nmale = 60\n\n[disposal]\nco = 50\nsso = 50\n", encoding="utf-8")
    result = check_sample(str(sample), profile=str(profile), strata="gender", tolerance=10)
    assert [check.column for check in result.columns] == ["gender"]
    female = result.columns[0].rows[0]
    assert (female.value, female.population, female.sample, female.gap) == (
        "female",
        Fraction(2, 5),
        Fraction(3, 10),
        -10,
    )
    assert result.passed  # 10 points off, and a share fails only when *more than* the tolerance off
    assert not check_sample(str(sample), profile=str(profile), strata="gender", tolerance=9.9).passed
    with pytest.raises(UsageError) as caught:
        check_sample(str(sample), profile=str(profile), strata="rosh")
    assert (caught.value.param, str(caught.value)) == ("strata", f"{profile}: no shares for stratum column 'rosh'")


def test_check_sample_against_a_population_file_in_the_columns_given(write):
    sample = write(*SAMPLE.splitlines(), name="sample.csv")
    population = write("case_id,gender", *(f"P{i},{'female' if i < 6 else 'male'}" for i in range(20)), name="pop.csv")
    result = check_sample(str(sample), population=str(population), strata="gender")
    assert [(row.value, row.population, row.observed) for row in result.columns[0].rows] == [
        ("female", Fraction(6, 20), 3),
        ("male", Fraction(14, 20), 7),
    ]
    assert result.passed


def test_the_as_of_date_is_iso_or_british_or_today():
    assert as_of_date("2019-04-01") == as_of_date("01/04/2019") == dt.date(2019, 4, 1)
    assert as_of_date(None) == dt.date.today()


def test_what_reading_noticed_is_carried_by_a_later_error(write):
    longlist = write(
        "case_id,person_id,first_name,last_name,gender,sentence_type,rosh,start_date",
        "C1,P1,A,B,male,community,low,2019-01-01",
        "C1,P2,A,B,female,community,low,2019-01-02",
    )
    from hmirate.sampling import draw_file, load_longlist

    noticed = load_longlist(str(longlist)).notes
    assert noticed  # the repeated case id
    with pytest.raises(UsageError) as caught:
        draw_file(str(longlist), size=0, seed=1, as_of="2020-01-01")
    assert caught.value.notes == tuple(noticed)
    assert str(caught.value) == "`size` must be at least 1, not 0"
