"""Acceptance sampling by ISO 2859-1 / ANSI Z1.4: single sampling, normal inspection.

From the lot size and inspection level, Table I gives the sample size code
letter; Table II-A gives the sample size and the acceptance and rejection
numbers for the AQL, following the table's arrows to the first plan above
or below when the cell has none. When the sample is as large as the lot,
the whole lot is inspected. The tables are data in
``station/resources/sampling/iso2859_1.json``; this module only reads them.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

LEVELS = ("S-1", "S-2", "S-3", "S-4", "I", "II", "III")


class SamplingError(ValueError):
    def __init__(self, code: str, **params: Any):
        super().__init__(code)
        self.code = code
        self.params = params


@dataclass(frozen=True)
class Plan:
    lot_size: int
    level: str
    aql: str
    code_letter: str  # from Table I
    plan_letter: str  # the letter whose plan is used, after the arrows
    sample_size: int
    accept: int
    reject: int
    inspect_all: bool

    def to_dict(self) -> dict:
        return {
            "lot_size": self.lot_size,
            "level": self.level,
            "aql": self.aql,
            "code_letter": self.code_letter,
            "plan_letter": self.plan_letter,
            "sample_size": self.sample_size,
            "accept": self.accept,
            "reject": self.reject,
            "inspect_all": self.inspect_all,
        }


def code_letter(tables: dict, lot_size: int, level: str = "II") -> str:
    if level not in LEVELS:
        raise SamplingError("unknown_level", level=level)
    if lot_size < 2:
        raise SamplingError("lot_too_small", lot=lot_size)
    for n, (low, high) in enumerate(tables["lot_sizes"]):
        if lot_size >= low and (high is None or lot_size <= high):
            return tables["code_letters"][level][n]
    raise SamplingError("lot_too_small", lot=lot_size)


def _aql_index(tables: dict, aql: str) -> int:
    try:
        wanted = Decimal(str(aql))
    except InvalidOperation:
        raise SamplingError("unknown_aql", aql=aql) from None
    for n, value in enumerate(tables["aqls"]):
        if Decimal(value) == wanted:
            return n
    raise SamplingError("unknown_aql", aql=aql, choices=", ".join(tables["aqls"]))


def _cell(tables: dict, letter_index: int, aql_index: int):
    diag = tables["table_2a_by_diagonal"]
    d = letter_index + aql_index
    if d < 14:
        return "down"
    value = diag.get(str(d), "up")
    if d in (25, 26) and tables["letters"][letter_index] not in diag["large_ac_letters"]:
        return "up"
    return value


def plan(tables: dict, lot_size: int, aql: str, level: str = "II") -> Plan:
    letter = code_letter(tables, lot_size, level)
    j = _aql_index(tables, aql)
    i = tables["letters"].index(letter)
    seen = set()
    while True:
        cell = _cell(tables, i, j)
        if isinstance(cell, list):
            break
        if i in seen:
            raise SamplingError("no_plan", letter=letter, aql=aql)
        seen.add(i)
        last = len(tables["letters"]) - 1
        if cell == "up" and i > 0:
            i -= 1
        elif i < last:
            # a down arrow, or an up arrow from the first row with nowhere to go: the
            # plan below it is the one that exists (and the stricter choice)
            i += 1
        elif i > 0:
            # a down arrow in the last row (R) has nothing below: the plan above it
            i -= 1
        else:
            raise SamplingError("no_plan", letter=letter, aql=aql)
    sample = tables["sample_sizes"][i]
    accept, reject = cell
    inspect_all = sample >= lot_size
    return Plan(
        lot_size=lot_size,
        level=level,
        aql=tables["aqls"][j],
        code_letter=letter,
        plan_letter=tables["letters"][i],
        sample_size=lot_size if inspect_all else sample,
        accept=accept,
        reject=reject,
        inspect_all=inspect_all,
    )
