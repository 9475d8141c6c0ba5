"""Generate synthetic case-assessment exports that reproduce the HIOW CRC 2019 inspection figures.

The real case-by-case answers were never published; only whole percentages were. This script builds
three plausible, seeded samples (case supervision, unpaid work, Through the Gate) whose recounted
percentages match every figure and every verbal comparison the report prints, so hmirate can be
tested end to end against a known published outcome. Run it again and the files are byte-identical.

    python data/samples/hiow-crc-2019/generate.py
"""

from __future__ import annotations

import csv
import io
import itertools
import random
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

SEED = 20190401
OUT = Path(__file__).resolve().parent
YES, NO, NA = "Yes", "No", "N/A"
SCM, CM, IM = "senior case manager", "case manager", "interchange manager"
PO, PSO = "probation officer", "probation services officer"
GRADES = (SCM, CM, IM)
SEXES = ("female", "male")
OFFICES = ("West (Southampton)", "East (Portsmouth)", "North (Basingstoke)", "Isle of Wight (Newport)")
ATTRS = ["case_id", "office", "grade", "gender", "disposal", "rosh"]
CS_QUESTIONS = [f"2.{s}.{k}" for s in range(1, 5) for k in range(1, 4)]
SAFETY = {"2.2.3", "2.3.3", "2.4.3"}  # answered on the relevant sub-sample only

# Case-supervision cross-tab: (grade, gender, rosh, relevant sub-sample?) -> cases. Chosen by hand
# after an integer feasibility search: 51 SCM / 46 CM / 3 IM (no 2-grade split of 100 fits 2.1.3,
# 2.2.1 and 2.3.1 at once); 19 women (the only count of 15-22 giving both 79% and 74%); 78 relevant
# (allows 63, 49 and 44 overall) of which 12 women (allows 75%). SCMs hold mostly medium risk (42/51),
# CMs just over half (25/46); every medium case is relevant, plus a few low-risk ones.
CROSSTAB: dict[tuple[str, str, str, bool], int] = {
    (SCM, "female", "medium", True): 7,
    (SCM, "female", "low", False): 2,
    (SCM, "male", "medium", True): 35,
    (SCM, "male", "low", True): 5,
    (SCM, "male", "low", False): 2,
    (CM, "female", "medium", True): 4,
    (CM, "female", "low", False): 5,
    (CM, "male", "medium", True): 21,
    (CM, "male", "low", True): 3,
    (CM, "male", "low", False): 13,
    (IM, "female", "medium", True): 1,
    (IM, "male", "medium", True): 1,
    (IM, "male", "low", True): 1,
}
CS_OFFICES = dict(zip(OFFICES, (36, 30, 22, 12), strict=True))
CS_DISPOSALS = {
    "community order": 46,
    "suspended sentence order": 26,
    "licence": 17,
    "post-sentence supervision": 11,
}

# Published whole percents (hard) per group: all, SCM, CM, female. None = not published.
PUBLISHED: dict[str, tuple[int, int | None, int | None, int | None]] = {
    "2.1.1": (79, None, None, None),
    "2.1.2": (77, None, None, None),
    "2.1.3": (75, 82, 65, None),
    "2.2.1": (79, 84, 74, None),
    "2.2.2": (78, None, None, None),
    "2.2.3": (63, None, 43, None),
    "2.3.1": (75, 80, 67, 79),
    "2.3.2": (59, None, None, 74),
    "2.3.3": (49, 60, 32, 75),
    "2.4.1": (70, None, None, None),
    "2.4.2": (64, None, None, None),
    "2.4.3": (44, None, None, None),
}
# Plausible guesses (soft) for the unpublished cells, only steering the search: SCMs better than CMs
# except in 2.4 ("no discernible difference"), women stronger on 2.4.1/2.4.2 but not on 2.4.3.
GUESSED: dict[str, tuple[int, int, int]] = {  # SCM, CM, female
    "2.1.1": (84, 73, 80),
    "2.1.2": (82, 71, 78),
    "2.1.3": (82, 65, 77),
    "2.2.1": (84, 74, 80),
    "2.2.2": (83, 72, 79),
    "2.2.3": (74, 43, 67),
    "2.3.1": (80, 67, 79),
    "2.3.2": (65, 52, 74),
    "2.3.3": (60, 32, 75),
    "2.4.1": (71, 69, 84),
    "2.4.2": (65, 63, 79),
    "2.4.3": (44, 43, 42),
}


def whole(yes: int, base: int) -> int:
    """Published whole percent, rounded half up in exact integer arithmetic."""
    return (200 * yes + base) // (2 * base)


def rule_failures(q: str, pc: dict[str, int]) -> list[str]:
    """Every way the group percents `pc` break the report for question q (empty list = fine)."""
    published = zip(("all", SCM, CM, "female"), PUBLISHED[q], strict=True)
    fails = [f"{q} {g}: {pc[g]} != {want}" for g, want in published if want is not None and pc[g] != want]
    if q.startswith("2.4.") and abs(pc[SCM] - pc[CM]) > 3:
        fails.append(f"{q}: SCM {pc[SCM]} vs CM {pc[CM]} differ by more than 3 ('no discernible difference')")
    if q in ("2.4.1", "2.4.2") and pc["female"] < pc["male"] + 8:
        fails.append(f"{q}: female {pc['female']} not 8+ points above male {pc['male']} ('stronger')")
    if q == "2.4.3" and (abs(pc["female"] - pc["male"]) > 5 or max(pc["female"], pc["male"]) >= 50):
        fails.append(f"{q}: female {pc['female']} / male {pc['male']} not low irrespective of gender")
    if pc[SCM] < pc[CM] and not q.startswith("2.4."):
        fails.append(f"{q}: SCM {pc[SCM]} below CM {pc[CM]} (report: SCMs generally better)")
    return fails


def group_percents(cells: dict[tuple[str, str], tuple[int, int]]) -> dict[str, int]:
    """Whole percents for all/grade/gender groups from (grade, gender) -> (yes, base) counts."""
    groups: dict[str, Callable[[str, str], bool]] = {"all": lambda g, s: True}
    groups |= {gr: (lambda g, s, gr=gr: g == gr) for gr in GRADES}
    groups |= {sx: (lambda g, s, sx=sx: s == sx) for sx in SEXES}
    out = {}
    for name, member in groups.items():
        yes = sum(y for (g, s), (y, b) in cells.items() if member(g, s))
        base = sum(b for (g, s), (y, b) in cells.items() if member(g, s))
        out[name] = whole(yes, base)
    return out


def solve(q: str, sizes: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """Yes count per (grade, gender) cell meeting every rule for q, closest to the guessed rates.

    Grade totals are enumerated first (cheap, and the hard grade figures prune hard), then the
    female/male split within each grade; the least-squares distance to the guesses picks the answer,
    ties going to the first found, so the result is deterministic.
    """
    p_all = PUBLISHED[q][0]
    g_scm, g_cm, g_f = GUESSED[q]
    n_f = sum(n for (g, s), n in sizes.items() if s == "female")
    n_m = sum(sizes.values()) - n_f
    p_m = (p_all * (n_f + n_m) - g_f * n_f) / n_m
    rate = {SCM: g_scm, CM: g_cm, IM: p_all}
    shift = {"female": g_f - p_all, "male": p_m - p_all}
    best, best_cost = None, float("inf")
    for totals in itertools.product(*(range(sizes[g, "female"] + sizes[g, "male"] + 1) for g in GRADES)):
        t = dict(zip(GRADES, totals, strict=True))
        size = {g: sizes[g, "female"] + sizes[g, "male"] for g in GRADES}
        if whole(sum(totals), sum(size.values())) != p_all:
            continue
        grade_rules = zip((SCM, CM), PUBLISHED[q][1:3], strict=True)
        if any(want is not None and whole(t[g], size[g]) != want for g, want in grade_rules):
            continue
        splits = [range(max(0, t[g] - sizes[g, "male"]), min(t[g], sizes[g, "female"]) + 1) for g in GRADES]
        for fem in itertools.product(*splits):
            yes = {}
            for g, f in zip(GRADES, fem, strict=True):
                yes[g, "female"], yes[g, "male"] = f, t[g] - f
            cost = sum(
                (yes[c] - n * (rate[c[0]] + shift[c[1]]) / 100) ** 2 / max(n, 1) for c, n in sizes.items()
            )
            counts = {c: (yes[c], sizes[c]) for c in yes}
            if cost < best_cost and not rule_failures(q, group_percents(counts)):
                best, best_cost = yes, cost
    if best is None:
        sys.exit(f"generate.py: no answer pattern meets the report for {q}")
    return best


def answer(cases: list[dict[str, str]], q: str, yes: int, rng: random.Random) -> None:
    """Mark `yes` randomly chosen cases Yes and the rest No, so Yes cases are scattered, not blocky."""
    chosen = set(rng.sample(range(len(cases)), yes))
    for i, case in enumerate(cases):
        case[q] = YES if i in chosen else NO


def deal(counts: dict[str, int], rng: random.Random) -> list[str]:
    """A shuffled list holding each value exactly `counts[value]` times: fixed mix, random order."""
    values = [v for v, n in counts.items() for _ in range(n)]
    rng.shuffle(values)
    return values


def case_supervision(rng: random.Random) -> list[dict[str, str]]:
    """The 100-case domain-two sample: cross-tab cases, shuffled, then answers per (grade, gender) cell."""
    cases = [
        {"grade": g, "gender": s, "rosh": r, "relevant": rel}
        for (g, s, r, rel), n in CROSSTAB.items()
        for _ in range(n)
    ]
    rng.shuffle(cases)
    for i, (case, office, disposal) in enumerate(
        zip(cases, deal(CS_OFFICES, rng), deal(CS_DISPOSALS, rng), strict=True), start=1
    ):
        case.update(case_id=f"CS-{i:03d}", office=office, disposal=disposal)
    for q in CS_QUESTIONS:
        base = [c for c in cases if c["relevant"] or q not in SAFETY]
        cells = {
            (g, s): [c for c in base if (c["grade"], c["gender"]) == (g, s)] for g in GRADES for s in SEXES
        }
        for cell, yes in solve(q, {cell: len(members) for cell, members in cells.items()}).items():
            answer(cells[cell], q, yes, rng)
        for c in cases:
            c.setdefault(q, NA)
    return cases


def other_sample(
    prefix: str,
    n: int,
    grades: dict[str, int],
    disposals: dict[str, int],
    women: int,
    yes: dict[str, int],
    rng: random.Random,
) -> list[dict[str, str]]:
    """A domain-three sample (no published splits), CRC and NPS-held cases; only NPS ones can be high risk."""
    cases = [{"case_id": f"{prefix}-{i:03d}"} for i in range(1, n + 1)]
    offices = dict(zip(OFFICES[:3], (n * 36 // 100, n * 30 // 100, n * 22 // 100), strict=True))
    offices[OFFICES[3]] = n - sum(offices.values())
    cols = zip(
        deal(offices, rng),
        deal(grades, rng),
        deal({"female": women, "male": n - women}, rng),
        deal(disposals, rng),
        strict=True,
    )
    for case, (office, grade, gender, disposal) in zip(cases, cols, strict=True):
        risks = ("low", "medium", "high") if grade in (PO, PSO) else ("low", "medium")
        case.update(
            office=office,
            grade=grade,
            gender=gender,
            disposal=disposal,
            rosh=rng.choices(risks, weights=(4, 5, 1)[: len(risks)])[0],
        )
    for q, y in yes.items():
        answer(cases, q, y, rng)
    return cases


def to_csv(cases: Iterable[dict[str, str]], columns: list[str]) -> bytes:
    """UTF-8, no BOM, '\\n' line endings, header first."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, columns, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    writer.writerows(cases)
    return buf.getvalue().encode("utf-8")


def build() -> dict[str, bytes]:
    """All three files' bytes from one seeded generator, in a fixed order."""
    rng = random.Random(SEED)
    cs = case_supervision(rng)
    uw = other_sample(
        "UW",
        29,
        {SCM: 9, CM: 12, PO: 4, PSO: 4},
        {"community order": 19, "suspended sentence order": 10},
        5,
        {"4.1.1": 20, "4.1.2": 26, "4.1.3": 26, "4.1.4": 25},
        rng,
    )
    ttg = other_sample(
        "TTG",
        23,
        {SCM: 8, CM: 10, PO: 3, PSO: 2},
        {"licence": 18, "post-sentence supervision": 5},
        3,
        {"4.2.1": 15, "4.2.2": 14, "4.2.3": 14},
        rng,
    )
    ttg[rng.choice([i for i, c in enumerate(ttg) if c["4.2.3"] == NO])]["4.2.3"] = NA  # 14 Yes of 22
    return {
        "case-supervision.csv": to_csv(cs, ATTRS + CS_QUESTIONS),
        "unpaid-work.csv": to_csv(uw, [*ATTRS, "4.1.1", "4.1.2", "4.1.3", "4.1.4"]),
        "through-the-gate.csv": to_csv(ttg, [*ATTRS, "4.2.1", "4.2.2", "4.2.3"]),
    }


def read(name: str) -> list[dict[str, str]]:
    """Re-read a written file from disk, checking the encoding and line endings on the way."""
    raw = (OUT / name).read_bytes()
    check(
        not raw.startswith(b"\xef\xbb\xbf") and b"\r" not in raw and raw.endswith(b"\n"),
        f"{name}: must be UTF-8 without BOM with \\n line endings",
    )
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))


PROBLEMS: list[str] = []


def check(ok: bool, message: str) -> None:
    """Collect a failed constraint; all are reported together at the end."""
    if not ok:
        PROBLEMS.append(message)


def check_rows(
    name: str,
    rows: list[dict[str, str]],
    prefix: str,
    n: int,
    columns: list[str],
    allowed: dict[str, set[str]],
) -> None:
    """Header, case ids in order, and every cell drawn from its allowed values."""
    check(list(rows[0]) == columns if rows else False, f"{name}: header is not {columns}")
    check(
        [r["case_id"] for r in rows] == [f"{prefix}-{i:03d}" for i in range(1, n + 1)],
        f"{name}: case ids are not {prefix}-001..{prefix}-{n:03d} in order",
    )
    for col, values in allowed.items():
        bad = sorted({r[col] for r in rows} - values)
        check(not bad, f"{name}: column {col} has unexpected values {bad}")


def recount(rows: list[dict[str, str]], q: str, member: Callable[[dict[str, str]], bool]) -> tuple[int, int]:
    """(Yes, Yes+No) for question q among rows selected by `member`."""
    answers = [r[q] for r in rows if member(r)]
    return answers.count(YES), answers.count(YES) + answers.count(NO)


def verify(files: dict[str, bytes]) -> None:
    """Recount everything from the files on disk; exit non-zero listing every broken constraint."""
    check(build() == files, "generation is not deterministic")
    check(all((OUT / n).read_bytes() == b for n, b in files.items()), "files on disk differ from generated")
    answers = {YES, NO, NA}
    grades3 = {SCM, CM, PO, PSO}
    cs = read("case-supervision.csv")
    check_rows(
        "case-supervision.csv",
        cs,
        "CS",
        100,
        ATTRS + CS_QUESTIONS,
        {
            "office": set(OFFICES),
            "grade": set(GRADES),
            "gender": set(SEXES),
            "rosh": {"low", "medium"},
            "disposal": set(CS_DISPOSALS),
        }
        | {q: (answers if q in SAFETY else {YES, NO}) for q in CS_QUESTIONS},
    )
    count = {v: sum(1 for r in cs if v in (r["grade"], r["gender"])) for v in (*GRADES, *SEXES)}
    check(2 <= count[IM] <= 6 and 15 <= count["female"] <= 22, f"case-supervision.csv: group sizes {count}")
    medium = {g: sum(1 for r in cs if r["grade"] == g and r["rosh"] == "medium") for g in GRADES}
    check(
        medium[SCM] >= 0.75 * count[SCM] and medium[CM] > 0.5 * count[CM],
        f"case-supervision.csv: medium-risk share by grade {medium} vs sizes {count}",
    )
    relevant = [[r[q] != NA for r in cs] for q in sorted(SAFETY)]
    check(relevant[0] == relevant[1] == relevant[2], "safety questions do not share one relevant sub-sample")
    check(60 <= sum(relevant[0]) <= 85, f"relevant sub-sample has {sum(relevant[0])} cases, not 60-85")
    check(
        all(rel for r, rel in zip(cs, relevant[0], strict=True) if r["rosh"] == "medium"),
        "a medium-risk case is not in the relevant sub-sample",
    )
    print(f"{'q':7}{'all':>5}{'SCM':>5}{'CM':>5}{'IM':>5}{'F':>5}{'M':>5}  base")
    for q in CS_QUESTIONS:
        pc = {}
        for group in ("all", *GRADES, *SEXES):
            yes, base = recount(cs, q, lambda r, g=group: g in ("all", r["grade"], r["gender"]))
            pc[group] = whole(yes, base) if base else -1
        for problem in rule_failures(q, pc):
            check(False, f"case-supervision.csv: {problem}")
        row = "".join(f"{pc[g]:>5}" for g in ("all", *GRADES, *SEXES))
        print(f"{q:7}{row}  {recount(cs, q, bool)[1]}")
    domain3 = {
        "unpaid-work.csv": (
            "UW",
            29,
            {"community order", "suspended sentence order"},
            {"4.1.1": 69, "4.1.2": 90, "4.1.3": 90, "4.1.4": 86},
        ),
        "through-the-gate.csv": (
            "TTG",
            23,
            {"licence", "post-sentence supervision"},
            {"4.2.1": 65, "4.2.2": 61, "4.2.3": 64},
        ),
    }
    for name, (prefix, n, disposals, published) in domain3.items():
        rows = read(name)
        check_rows(
            name,
            rows,
            prefix,
            n,
            ATTRS + list(published),
            {
                "office": set(OFFICES),
                "grade": grades3,
                "gender": set(SEXES),
                "disposal": disposals,
                "rosh": {"low", "medium", "high"},
            }
            | {q: {YES, NO} for q in published if q != "4.2.3"},
        )
        check(any(r["grade"] in (PO, PSO) for r in rows), f"{name}: no NPS-held cases")
        for q, want in published.items():
            yes, base = recount(rows, q, bool)
            check(whole(yes, base) == want, f"{name}: {q} is {whole(yes, base)}, report says {want}")
            print(f"{q:7}{whole(yes, base):>5}  {yes}/{base}")
        if prefix == "TTG":
            check(
                [r["4.2.3"] for r in rows].count(NA) == 1 and {r["4.2.3"] for r in rows} <= answers,
                f"{name}: 4.2.3 must have exactly one N/A",
            )
    if PROBLEMS:
        sys.exit("generate.py: constraint check FAILED:\n  " + "\n  ".join(PROBLEMS))
    print("All constraints hold.")


def main() -> None:
    """Write the three CSVs next to this script, then verify them from disk."""
    files = build()
    for name, data in files.items():
        (OUT / name).write_bytes(data)
    verify(files)


if __name__ == "__main__":
    main()
