"""One case per person: which cases are one person, which is kept, and that blanks never match."""

from __future__ import annotations

import datetime as dt

from hmirate.sampling import LonglistCase, one_per_person
from hmirate.sampling.people import BY_CASE_ID, BY_NAME, BY_PNC


def case(case_id=None, pnc="", first="", family="", dob=None, start="2019-01-01") -> LonglistCase:
    return LonglistCase(case_id=case_id, pnc=pnc, first_name=first, family_name=family, dob=dob, start_date=start)


def merge(*cases: LonglistCase):
    kept, people = one_per_person(list(cases), range(len(cases)))
    return kept, [(p.kept, p.dropped, p.rules) for p in people]


def test_the_same_pnc_is_one_person_and_the_earliest_start_is_kept():
    kept, people = merge(
        case("A1", "2001/0000001A", "Jo", "Smith", start="2019-02-01"),
        case("B2", " 2001/0000001a ", "Joanne", "Smyth", start="2018-06-01"),  # spaces and case do not matter
        case("C3", "2002/0000002B", "Ann", "Lee"),
    )
    assert kept == [1, 2] and people == [(1, (0,), (BY_PNC,))]


def test_the_same_case_id_is_one_person():
    kept, people = merge(case("A1", "", "Jo", "Smith"), case("A1", "", "Tom", "Jones"), case("B2"))
    assert kept == [0, 2] and people == [(0, (1,), (BY_CASE_ID,))]


def test_the_same_name_and_date_of_birth_is_one_person_whatever_the_case_of_the_letters():
    born = dt.date(1990, 5, 1)
    kept, people = merge(case("A1", "", "Jo", "Smith", born), case("B2", "", "JO", "smith ", born))
    assert kept == [0] and people == [(0, (1,), (BY_NAME,))]


def test_a_start_date_tie_keeps_the_first_in_the_file():
    kept, _ = merge(case("A1", "P1", start="2019-03-01"), case("B2", "P1", start="2019-03-01"))
    assert kept == [0]


def test_links_chain_and_every_rule_is_named():
    born = dt.date(1980, 1, 1)
    kept, people = merge(
        case("A1", "P1", "Ann", "Lee", born, start="2019-03-01"),
        case("B2", "P1", "Annie", "Lee", None, start="2019-02-01"),  # PNC links to A1
        case("B2", "", "Bea", "Ray", None, start="2019-01-15"),  # case id links to the second
        case("D4", "", "Ann", "Lee", born, start="2019-04-01"),  # name and birth date link to the first
    )
    assert kept == [2] and people == [(2, (0, 1, 3), (BY_PNC, BY_CASE_ID, BY_NAME))]


def test_blank_pncs_are_not_one_person():
    """The inspectorate's service compares PNCs as they are, so every case without one would be one person."""
    kept, people = merge(case("A1", "", "Jo", "Smith"), case("B2", "", "Tom", "Jones"), case("C3", " ", "Al", "Ng"))
    assert kept == [0, 1, 2] and people == []


def test_blank_pncs_names_or_birth_dates_never_match():
    """A blank case id is an error in every file (:mod:`hmirate.columns`); a case without that column has none."""
    born = dt.date(1990, 1, 1)
    kept, people = merge(
        case(None, "", "", "", None),
        case(None, "", "", "", None),
        case(None, "", "Jo", "Smith", None),  # a name without a date of birth is not enough
        case(None, "", "Jo", "Smith", None),
        case(None, "", "", "Smith", born),  # nor a family name and birth date without a first name
        case(None, "", "", "Smith", born),
    )
    assert kept == [0, 1, 2, 3, 4, 5] and people == []
