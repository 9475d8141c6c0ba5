"""Generate a synthetic longlist: every case of an inspected area, as the case-management export gives it.

The inspectorate draws its case sample from a *longlist* of every case in the area and period. No real
longlist can be published (it names people), so this script builds a plausible one of 1,074 rows in the
export's own spellings (``CRN``, ``Responsible Officer``, ``ORA Community Order``, ``RLRH``, dates as
``dd/mm/yyyy``) with everything the sampler must cope with: 3 clusters, 8 local delivery units and 60
officers (one of them holding 40 high-risk licence cases, so the cap of six cases an officer bites), redacted names,
cases starting after the inspection's reference date (1 April 2019), three people of another gender,
later cases of the same person found by PNC, by case reference and by name and date of birth, and
people without a PNC who must not be taken for one person. The names are made up.

Only ``random.Random(SEED).random()`` is used, whose sequence Python guarantees across versions, so
running it again writes a byte-identical file on any machine:

    python data/samples/longlist/generate.py
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

SEED = 20190401
OUT = Path(__file__).resolve().parent / "longlist.csv"
AS_OF = dt.date(2019, 4, 1)
COLUMNS = ["CRN", "PNC", "First Name", "Family Name", "DOB", "Gender", "Sentence Type", "RoSH", "Start Date",
           "End Date", "Cluster", "LDU", "Team", "Responsible Officer", "Manager"]  # fmt: skip
LDUS = {"North": ["Basingstoke", "Aldershot", "Winchester"], "South": ["Southampton", "Eastleigh", "New Forest"],
        "East": ["Portsmouth", "Isle of Wight"]}  # fmt: skip
OFFICERS_PER_LDU = [8, 7, 8, 8, 7, 7, 8, 7]
FIRST = ["Aaron", "Abigail", "Adam", "Aisha", "Alan", "Alice", "Amir", "Amy", "Andrew", "Anna", "Ben", "Beth",
         "Callum", "Carl", "Chloe", "Chris", "Connor", "Craig", "Dale", "Daniel", "Darren", "David", "Dean", "Emma",
         "Gary", "Gemma", "George", "Hannah", "Harry", "Jack", "Jade", "James", "Jamie", "Jason", "Jodie", "Joe",
         "Jordan", "Josh", "Kelly", "Kieran", "Kyle", "Lee", "Leon", "Liam", "Lisa", "Luke", "Mark", "Matthew",
         "Michael", "Mohammed", "Nathan", "Neil", "Paul", "Peter", "Rachel", "Reece", "Ryan", "Sam", "Sarah",
         "Scott", "Sean", "Shane", "Simon", "Stephen", "Stuart", "Tom", "Tony", "Wayne", "Zoe"]  # fmt: skip
FAMILY = ["Adams", "Ahmed", "Allen", "Bailey", "Baker", "Barnes", "Bell", "Bennett", "Brown", "Butler", "Carter",
          "Clark", "Collins", "Cook", "Cooper", "Cox", "Davies", "Dixon", "Edwards", "Ellis", "Evans", "Fisher",
          "Foster", "Gray", "Green", "Griffiths", "Hall", "Harris", "Harvey", "Hill", "Hughes", "Hunt", "Jackson",
          "James", "Jenkins", "Johnson", "Jones", "Kelly", "Khan", "King", "Knight", "Lee", "Lewis", "Marshall",
          "Martin", "Mason", "Mills", "Mitchell", "Moore", "Morgan", "Morris", "Murphy", "Palmer", "Parker", "Patel",
          "Phillips", "Price", "Richards", "Roberts", "Robinson", "Rogers", "Russell", "Scott", "Shaw", "Smith",
          "Stevens", "Taylor", "Thomas", "Thompson", "Turner", "Walker", "Ward", "Watson", "White", "Wilson", "Wood",
          "Wright", "Young"]  # fmt: skip
SENTENCES = {"ORA Community Order": 44, "ORA Suspended Sentence Order": 24, "CJA - Youth Rehabilitation Order": 1,
             "Adult Licence": 22, "Post-Sentence Supervision": 7, "ORA Supervision Default Order": 2}  # fmt: skip
POST_CUSTODY = {"Adult Licence", "Post-Sentence Supervision", "ORA Supervision Default Order"}
ROSH = {"Low": 36, "Medium": 49, "High": 13, "Very High": 2}
CODES = {"Low": "RLRH", "Medium": "RMRH", "High": "RHRH", "Very High": "RVRH"}
PEOPLE = 1040
REDACTED, FUTURE, OTHER_GENDER = 12, 15, 3
HEAVY = 200
HEAVY_LDU = "Isle of Wight"
HEAVY_CASE = {"Sentence Type": "Adult Licence", "Gender": "Male", "RoSH": "High"}
"""The 40 cases from here on are held by one officer (all of them men on licence, high risk)."""
SAME_PNC, SAME_NAME, SAME_CRN = 10, 10, 4
"""Later (or earlier) cases of a person already listed, linked by one identifier only."""


def pick(rng: random.Random, weights: dict[str, float]) -> str:
    """One key chosen in proportion to its weight, from a single ``random()`` draw."""
    point, total = rng.random() * sum(weights.values()), 0.0
    for key, weight in weights.items():
        total += weight
        if point < total:
            return key
    return key


def below(rng: random.Random, n: int) -> int:
    return int(rng.random() * n)


def shuffled(rng: random.Random, items: Sequence[list[str]]) -> list[list[str]]:
    """Fisher-Yates with ``random()`` only, so the order does not depend on the Python version."""
    out = list(items)
    for i in range(len(out) - 1, 0, -1):
        j = below(rng, i + 1)
        out[i], out[j] = out[j], out[i]
    return out


def day(date: dt.date) -> str:
    return date.strftime("%d/%m/%Y")


def officers(rng: random.Random) -> list[tuple[str, str, str, str, str]]:
    """(cluster, LDU, team, officer, manager) for the 60 officers; names are unique."""
    places = [(cluster, ldu) for cluster, ldus in LDUS.items() for ldu in ldus]
    used, out = set(), []
    for (cluster, ldu), count in zip(places, OFFICERS_PER_LDU, strict=True):
        managers = [f"{FIRST[below(rng, len(FIRST))]} {FAMILY[below(rng, len(FAMILY))]}" for _ in range(2)]
        for number in range(count):
            name = ""
            while not name or name in used:
                name = f"{FIRST[below(rng, len(FIRST))]} {FAMILY[below(rng, len(FAMILY))]}"
            used.add(name)
            team = number % 2
            out.append((cluster, ldu, f"{ldu} {'AB'[team]}", name, managers[team]))
    return out


def person(rng: random.Random, number: int) -> dict[str, str]:
    """One case of one person: identifiers, sentence, RoSH and dates (placed with an officer later)."""
    sentence = pick(rng, SENTENCES)
    rosh = pick(rng, ROSH)
    female = rng.random() < (0.10 if sentence in POST_CUSTODY else 0.20)
    start = dt.date(2018, 1, 1) + dt.timedelta(days=below(rng, 455))  # 1 Jan 2018 to 31 Mar 2019
    end = start + dt.timedelta(days=365 + below(rng, 730))
    dob = dt.date(1955, 1, 1) + dt.timedelta(days=below(rng, 365 * 45))
    year = min(2018, dob.year + 18 + below(rng, 15))
    pnc = f"{year}/{below(rng, 10**7):07d}{'ABCDEFGHJKLMNPQRTUVWXYZ'[below(rng, 23)]}"
    return {
        "CRN": f"{'ABCDEFGHJKLMNPQRTUVWXYZ'[number % 23]}{100000 + number * 37 % 900000:06d}",
        "PNC": "" if rng.random() < 0.06 else pnc,
        "First Name": FIRST[below(rng, len(FIRST))],
        "Family Name": FAMILY[below(rng, len(FAMILY))],
        "DOB": day(dob),
        "Gender": "Female" if female else "Male",
        "Sentence Type": sentence,
        "RoSH": CODES[rosh] if rng.random() < 0.1 else rosh,
        "Start Date": day(start),
        "End Date": "" if rng.random() < 0.05 else day(end),
    }


def build() -> bytes:
    """The longlist's bytes: people, then the awkward cases, placed with officers and shuffled."""
    rng = random.Random(SEED)
    staff = officers(rng)
    cases = [person(rng, number) for number in range(PEOPLE)]
    for case in cases[:REDACTED]:
        case["First Name"], case["Family Name"] = "*****", "*****"
    for case in cases[REDACTED : REDACTED + FUTURE]:
        case["Start Date"] = day(AS_OF + dt.timedelta(days=1 + below(rng, 60)))
    for case in cases[REDACTED + FUTURE : REDACTED + FUTURE + OTHER_GENDER]:
        case["Gender"] = "Other"
    originals = cases[100 : 100 + SAME_PNC + SAME_NAME + SAME_CRN]
    for number, original in enumerate(originals):
        again = person(rng, PEOPLE + number)
        if number < SAME_PNC:  # same PNC; the name spelt differently, so only the PNC links them
            nickname = FIRST[(FIRST.index(original["First Name"]) + 1) % len(FIRST)]
            again.update({"PNC": original["PNC"] or f"2001/{number:07d}A", "First Name": nickname,
                          "Family Name": original["Family Name"], "DOB": original["DOB"]})  # fmt: skip
            original["PNC"] = again["PNC"]
        elif number < SAME_PNC + SAME_NAME:  # same name and birth date; no PNC on the new case
            again.update({"PNC": "", "First Name": original["First Name"], "Family Name": original["Family Name"],
                          "DOB": original["DOB"], "Gender": original["Gender"]})  # fmt: skip
        else:  # the same case reference: a second sentence on the same record
            again.update({"CRN": original["CRN"], "PNC": ""})
        cases.append(again)
    heavy = next(index for index, (_, ldu, _, _, _) in enumerate(staff) if ldu == HEAVY_LDU)
    holders = [below(rng, len(staff) - 1) for _ in cases]
    holders = [h + (h >= heavy) for h in holders]  # nobody else is the heavy officer...
    for index in range(HEAVY, HEAVY + 40):  # ...who holds 40 high-risk licence cases, men released from prison
        holders[index] = heavy
        cases[index].update(HEAVY_CASE)
    rows = []
    for case, holder in zip(cases, holders, strict=True):
        cluster, ldu, team, officer, manager = staff[holder]
        case.update({"Cluster": cluster, "LDU": ldu, "Team": team, "Responsible Officer": officer,
                     "Manager": manager})  # fmt: skip
        rows.append([case[column] for column in COLUMNS])
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(shuffled(rng, rows))
    return buffer.getvalue().encode("utf-8")


def verify(data: bytes) -> None:
    """Fail loudly unless the file has the promised shape; print its make-up."""
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))
    holders = Counter(row["Responsible Officer"] for row in rows)
    assert len(rows) >= 1000 and len({row["Cluster"] for row in rows}) == 3 and len({row["LDU"] for row in rows}) == 8
    assert len(holders) == 60 and sorted(holders.values())[-2:][1] == 40 and sorted(holders.values())[-2] < 40
    assert sum("*" in row["First Name"] for row in rows) == REDACTED
    assert sum(not row["PNC"] for row in rows) > 50
    print(f"{len(rows)} cases, {len(holders)} officers (most: {max(holders.values())}), "
          f"{sum(not row['PNC'] for row in rows)} without a PNC")  # fmt: skip


if __name__ == "__main__":
    content = build()
    verify(content)
    OUT.write_bytes(content)
    print(f"wrote {OUT}")
