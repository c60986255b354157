"""Scoring responses: subscales, totals, reverse-keyed items and the missing-item rule.

Every ``Score`` records the rule that produced it, in words a trial statistician can
quote: ``complete``, ``prorated: 1 of 12 items missing (≤ 20%)`` or
``missing: 4 of 12 items missing (> 20%)``. Prorating a sum multiplies the mean of the
answered items by the number of items (the usual "person-mean" imputation); a mean
scale is the mean of the answered items.

REDCap missing-data codes (−999, −888, −777, ``NA``, an empty cell …) count as missing,
never as answers; an answer outside the instrument's range is an error that names the
response's source row and field, because it means the data or the mapping is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

from rapport.errors import IngestError
from rapport.surveys.model import Instrument, Response, Score

if TYPE_CHECKING:
    import pandas as pd

# REDCap's built-in missing-data codes plus the negative numbers trial teams commonly use.
DEFAULT_MISSING_CODES: frozenset[str] = frozenset(
    {
        "",
        "NA",
        "N/A",
        "NaN",
        "nan",
        "-999",
        "-888",
        "-777",
        "-99",
        "-98",
        "NI",
        "INV",
        "UNK",
        "NASK",
        "ASKU",
        "NAV",
        "MSK",
        "NAP",
        "QS",
        "OTH",
        "PINF",
        "NINF",
    }
)

SCORES_COLUMNS = [
    "response_id",
    "relationship",
    "patient",
    "clinician",
    "respondent",
    "role",
    "timepoint",
    "date",
    "group",
    "instrument",
    "scale",
    "value",
    "rule",
    "challenging",
]


class ScoringError(IngestError):
    """An answer that cannot be scored; ``path``/``line`` point at the response's source."""


def is_missing(value: object, missing_codes: Iterable[str] = DEFAULT_MISSING_CODES) -> bool:
    """True for ``None``, NaN, or a value whose text is one of the missing-data codes."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    codes = missing_codes if isinstance(missing_codes, frozenset | set) else set(missing_codes)
    text = str(value).strip()
    if text in codes:
        return True
    if isinstance(value, int | float) and not isinstance(value, bool):
        # -999.0 read from a float column is the code -999.
        return float(value).is_integer() and str(int(value)) in codes
    return False


def _fail(response: Response, link_id: str, reason: str) -> ScoringError:
    source = response.source
    field = source.field_of(link_id) if source else link_id
    path = source.path if source else f"response {response.id}"
    line = source.line if source else None
    return ScoringError(path, line, f"field {field}: {reason}")


def check_answers(
    instrument: Instrument,
    response: Response,
    missing_codes: Iterable[str] = DEFAULT_MISSING_CODES,
) -> dict[str, float | None]:
    """The response's answers with missing codes as ``None``; raise for bad ones.

    Raises ``ScoringError`` for an item the instrument does not have, a non-number, or a
    score outside ``scale_min``–``scale_max``.
    """
    codes = frozenset(missing_codes)
    known = set(instrument.link_ids)
    clean: dict[str, float | None] = {link_id: None for link_id in instrument.link_ids}
    for link_id, value in response.answers.items():
        if link_id not in known:
            raise _fail(response, link_id, f"{instrument.id} has no item '{link_id}'")
        if is_missing(value, codes):
            continue
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise _fail(response, link_id, f"'{value}' is not a number") from None
        if not instrument.scale_min <= number <= instrument.scale_max:
            raise _fail(
                response,
                link_id,
                f"{number:g} is outside {instrument.id}'s range "
                f"{instrument.scale_min:g}–{instrument.scale_max:g}",
            )
        clean[link_id] = number
    return clean


def _adjusted(
    instrument: Instrument, answers: Mapping[str, float | None]
) -> dict[str, float | None]:
    """Item scores after reverse keying (and SUS's per-item contribution)."""
    low, high = instrument.scale_min, instrument.scale_max
    adjusted: dict[str, float | None] = {}
    for position, item in enumerate(instrument.items, start=1):
        value = answers.get(item.link_id)
        if value is None:
            adjusted[item.link_id] = None
        elif instrument.total == "sus":
            adjusted[item.link_id] = value - low if position % 2 == 1 else high - value
        elif item.reverse:
            adjusted[item.link_id] = low + high - value
        else:
            adjusted[item.link_id] = value
    return adjusted


def _scale_value(
    instrument: Instrument, values: Sequence[float | None], how: str
) -> tuple[float | None, str, int]:
    n_items = len(values)
    answered = [value for value in values if value is not None]
    n_missing = n_items - len(answered)
    limit = instrument.missing.max_missing_percent
    if not answered or (n_missing and 100.0 * n_missing / n_items > limit):
        rule = f"missing: {n_missing} of {n_items} items missing (> {limit:g}%)"
        return None, rule, len(answered)
    mean = sum(answered) / len(answered)
    if how == "mean":
        value = mean
    elif how == "sus":
        per_item = (instrument.scale_max - instrument.scale_min) * n_items
        value = mean * n_items * 100.0 / per_item
    else:
        value = mean * n_items
    rule = (
        "complete"
        if n_missing == 0
        else f"prorated: {n_missing} of {n_items} items missing (≤ {limit:g}%)"
    )
    return value, rule, len(answered)


def _challenging(instrument: Instrument, answers: Mapping[str, float | None]) -> bool | None:
    rule = instrument.challenge
    if rule is None:
        return None
    items = list(rule.items) or instrument.link_ids
    values = [answers.get(link_id) for link_id in items]
    if any(value is not None and rule.flags(value) for value in values):
        return True
    # An unanswered item could have flagged the relationship: unknown, not "fine".
    return None if any(value is None for value in values) else False


def score(
    instrument: Instrument,
    response: Response,
    *,
    missing_codes: Iterable[str] = DEFAULT_MISSING_CODES,
) -> list[Score]:
    """The total and every subscale of one response, each with the rule that produced it."""
    if not instrument.reverse_items_verified:
        raise ScoringError(
            instrument.id,
            None,
            "the reverse-keyed items of this instrument are not verified against the "
            "published key; load it with load_instrument("
            f"'{instrument.id}', reverse_items=[...]) from your licensed manual",
        )
    if response.instrument_id != instrument.id:
        raise ValueError(f"response {response.id} is for {response.instrument_id}")
    answers = check_answers(instrument, response, missing_codes)
    adjusted = _adjusted(instrument, answers)
    challenging = _challenging(instrument, answers)
    scales: list[tuple[str, list[str], str]] = [("total", instrument.link_ids, instrument.total)]
    scales += [(name, ids, instrument.subscale_rule) for name, ids in instrument.subscales.items()]
    scores = []
    for name, link_ids, how in scales:
        value, rule, n_answered = _scale_value(instrument, [adjusted[i] for i in link_ids], how)
        scores.append(
            Score(
                response_id=response.id,
                instrument_id=instrument.id,
                scale=name,
                value=value,
                rule=rule,
                n_answered=n_answered,
                n_items=len(link_ids),
                challenging=challenging,
            )
        )
    return scores


def score_all(
    instruments: Mapping[str, Instrument] | Iterable[Instrument],
    responses: Iterable[Response],
    *,
    missing_codes: Iterable[str] = DEFAULT_MISSING_CODES,
) -> list[Score]:
    """Score many responses; ``instruments`` by id (a mapping) or as a list."""
    by_id = (
        dict(instruments)
        if isinstance(instruments, Mapping)
        else {instrument.id: instrument for instrument in instruments}
    )
    codes = frozenset(missing_codes)
    scores: list[Score] = []
    for response in responses:
        instrument = by_id.get(response.instrument_id)
        if instrument is None:
            raise _fail(response, "instrument", f"unknown instrument '{response.instrument_id}'")
        scores.extend(score(instrument, response, missing_codes=codes))
    return scores


def scores_frame(responses: Iterable[Response], scores: Iterable[Score]) -> pd.DataFrame:
    """One row per score, with the response's dyad, time and arm: the statistics input.

    Columns, in order: response_id, relationship, patient, clinician, respondent, role,
    timepoint, date, group, instrument, scale, value, rule, challenging.
    """
    import pandas as pd

    by_id = {response.id: response for response in responses}
    rows = []
    for item in scores:
        response = by_id[item.response_id]
        rows.append(
            {
                "response_id": item.response_id,
                "relationship": response.relationship,
                "patient": response.patient,
                "clinician": response.clinician,
                "respondent": response.respondent,
                "role": str(response.role),
                "timepoint": response.timepoint,
                "date": response.date,
                "group": response.group,
                "instrument": item.instrument_id,
                "scale": item.scale,
                "value": item.value,
                "rule": item.rule,
                "challenging": item.challenging,
            }
        )
    frame = pd.DataFrame(rows, columns=SCORES_COLUMNS)
    frame["value"] = frame["value"].astype("float64")
    frame["challenging"] = frame["challenging"].astype("boolean")
    return frame
