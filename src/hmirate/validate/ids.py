"""Case ids that are probably one case spelled two ways, and cases whose labels disagree between files.

``C001`` and ``c001``, or ``0042`` and ``42``, are different ids to every count, and may well be: an export
is what it is. But a person typing a sample by hand, or two systems exporting one caseload, spell one case
both ways, and then it is counted twice (or a conflict between its files goes unseen). hmirate does not
merge them, which would be a guess; it says so in a note, once for all the files of a command, so the
analyst can look.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

SHOWN = 3
"""How many sets of look-alike ids a note lists before a count of the rest."""

LEADING_ZEROS = r"(^|[^0-9])0+([0-9])"
"""A run of digits' leading zeros (``C001`` -> ``C1``, ``0042`` -> ``42``; ``100`` and ``0`` are kept)."""


@dataclass(frozen=True)
class IdColumn:
    """One file's case ids, a row each (None where a row has none), and the line each row stands on."""

    name: str
    ids: Sequence[str | None]
    lines: Sequence[int]


def look_alike_ids(files: Sequence[IdColumn]) -> list[str]:
    """A note naming ids (within a file or across ``files``) that differ only by letter case or leading zeros.

    The key (lower case, leading zeros dropped) is worked out by pyarrow over every id at once, so a million
    ids cost a fraction of a second; only the rows whose key has another spelling are looked at one by one.
    """
    ids = pa.chunked_array([pa.array(list(file.ids), pa.string()) for file in files], pa.string())
    if len(ids) == 0:
        return []
    sizes = [len(file.ids) for file in files]
    owner = np.repeat(np.arange(len(files), dtype=np.int32), sizes)
    row = np.concatenate([np.arange(size, dtype=np.int64) for size in sizes])
    key = pc.replace_substring_regex(pc.utf8_lower(ids), pattern=LEADING_ZEROS, replacement=r"\1\2")
    table = pa.table({"key": key, "id": ids, "file": owner, "row": row}).filter(pc.is_valid(ids))
    spellings = table.group_by("key").aggregate([("id", "count_distinct")])
    shared = spellings.filter(pc.greater(spellings["id_count_distinct"], 1))["key"]
    if len(shared) == 0:
        return []
    alike = table.filter(pc.is_in(table["key"], value_set=shared.combine_chunks()))
    many = len(files) > 1
    where: dict[str, dict[str, str]] = {}
    columns = (alike[name].to_pylist() for name in ("key", "id", "file", "row"))
    for key_of, case_id, number, at in zip(*columns, strict=True):
        file = files[number]
        place = f"{file.name}:{file.lines[at]}" if many else f"line {file.lines[at]}"
        where.setdefault(key_of, {}).setdefault(case_id, place)
    sets = [" and ".join(f"{spelling!r} ({at})" for spelling, at in found.items()) for found in where.values()]
    more = f"; and {len(sets) - SHOWN:,} more" if len(sets) > SHOWN else ""
    head = "" if many else f"{files[0].name}: "
    return [
        f"{head}case ids that differ only by letter case or leading zeros: {'; '.join(sets[:SHOWN])}{more}: each "
        "is a case of its own; if they are one case, spell them the same"
    ]
