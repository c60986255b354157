"""Use cases for questionnaires: import, score, export, dyads, alerts, models and the bridge."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import Engine

from rapport import store
from rapport.errors import RapportError
from rapport.surveys import (
    list_instruments,
    load_instrument,
    read_csv_responses,
    read_redcap,
    read_responses,
    score_all,
    scores_frame,
    write_data_dictionary,
    write_questionnaire,
)
from rapport.surveys.model import Instrument, Response

#: The alliance instrument and the Relationship Challenges pair used when none is named.
ALLIANCE = "wai_sr"
CHALLENGES = ("rc_parent", "rc_clinician")


@dataclass(slots=True)
class SurveyImport:
    path: str
    status: str
    responses: int
    instruments: list[str]


def _instruments() -> dict[str, Instrument]:
    return {instrument.id: instrument for instrument in list_instruments()}


def read_survey_file(
    path: Path,
    *,
    dictionary: Path | None = None,
    mapping: Path | None = None,
    instrument: str | None = None,
) -> list[Response]:
    """Responses from a REDCap export (with its data dictionary), a FHIR
    QuestionnaireResponse or Bundle (.json), or a generic CSV (one row per response)."""
    instruments = _instruments()
    if dictionary is not None:
        return read_redcap(path, dictionary, instruments, mapping=mapping)
    if path.suffix.lower() == ".json":
        return read_responses(path, instruments)
    if path.suffix.lower() == ".csv":
        return read_csv_responses(path, instruments, instrument=instrument)
    raise RapportError(
        f"{path}: give a REDCap export with --dictionary, a FHIR .json, or a .csv of responses"
    )


def import_surveys(
    engine: Engine,
    path: Path,
    *,
    dictionary: Path | None = None,
    mapping: Path | None = None,
    instrument: str | None = None,
) -> SurveyImport:
    """Import one file of responses, all or nothing; the same file again changes nothing."""
    responses = read_survey_file(
        path, dictionary=dictionary, mapping=mapping, instrument=instrument
    )
    digest = hashlib.sha256(path.read_bytes())
    for extra in (dictionary, mapping):
        if extra is not None:
            digest.update(extra.read_bytes())
    with store.transaction(engine) as connection:
        result = store.import_responses(connection, responses, digest.hexdigest(), str(path))
    return SurveyImport(
        str(path),
        result.status,
        len(result.response_ids),
        sorted({r.instrument_id for r in responses}),
    )


def survey_scores(engine: Engine, *, instrument: str | None = None) -> pd.DataFrame:
    """Every stored response scored, as the tidy scores frame (see ``SCORES_COLUMNS``)."""
    with engine.connect() as connection:
        responses = store.get_responses(connection, instrument)
    if not responses:
        raise RapportError(
            "no questionnaire responses in the workspace; import some with `rapport surveys import`"
        )
    instruments = _instruments()
    wanted = {r.instrument_id for r in responses}
    unknown = sorted(wanted - set(instruments))
    if unknown:
        raise RapportError(f"responses to an unknown instrument '{unknown[0]}'")
    scores = score_all({i: instruments[i] for i in wanted}, responses)
    return scores_frame(responses, scores)


def export_instrument(instrument_id: str, out: Path, *, form: str = "redcap") -> Path:
    """An instrument as a REDCap data dictionary (to start collecting) or a FHIR
    Questionnaire."""
    instrument = load_instrument(instrument_id)
    if form == "redcap":
        return write_data_dictionary(out, [instrument])
    if form == "fhir":
        return write_questionnaire(out, instrument)
    raise RapportError(f"--format must be redcap or fhir, not {form!r}")


def _corpus_or_none(engine: Engine, codebook: str) -> Any:
    from rapport.pipeline.reports import load_corpus

    try:
        return load_corpus(engine, codebook)
    except RapportError:
        return None


def dyad_agreement(
    engine: Engine, *, instrument: str = ALLIANCE, scale: str = "total"
) -> dict[str, pd.DataFrame]:
    """Patient/parent against clinician on the same relationship and timepoint: ICC (all
    six Shrout–Fleiss forms), weighted κ over the full scale range, and Bland–Altman."""
    from rapport.surveys.agreement import bland_altman, bland_altman_points, dyad_icc, dyads

    scores = survey_scores(engine)
    pairs = dyads(scores, instrument, scale=scale).dropna(
        subset=["family_value", "clinician_value"]
    )
    if len(pairs) < 3:
        raise RapportError(f"fewer than 3 complete {instrument} dyads; agreement needs more")
    icc = dyad_icc(pairs)
    agreement = bland_altman(pairs, "family_value", "clinician_value")
    points = bland_altman_points(pairs, "family_value", "clinician_value")
    return {"pairs": pairs, "icc": icc, "bland_altman": agreement, "points": points}


def dyad_discordance(
    engine: Engine, *, pair: tuple[str, str] = CHALLENGES, by: str | None = None
) -> pd.DataFrame:
    """Relationships challenging to both, the family only, the clinician only, or neither,
    with Wilson 95% intervals, shaped like Mack et al. 2021's table."""
    from rapport.surveys.agreement import discordance, discordance_table, dyads

    scores = survey_scores(engine)
    return discordance_table(discordance(dyads(scores, pair)), by=by)


def missed_challenge_alerts(
    engine: Engine, *, pair: tuple[str, str] = CHALLENGES, codebook: str = "kaye2021"
) -> list[Any]:
    """Relationships the family finds challenging and the clinician does not, each with
    suggestions drawn from that dyad's coded conversations where there are any."""
    from rapport.surveys.alerts import missed_challenges

    scores = survey_scores(engine)
    return missed_challenges(scores, pair, corpus=_corpus_or_none(engine, codebook))


def logit(engine: Engine, formula: str, *, cluster: str | None = "clinician") -> pd.DataFrame:
    """Multivariable logistic regression on the scores, one row per relationship and
    timepoint with a column per instrument total (e.g. ``rc_parent_challenging ~
    wai_sr_clinician + C(group)``), cluster-robust by clinician."""
    from rapport.surveys.models import logistic_regression

    wide = wide_scores(survey_scores(engine))
    try:
        return logistic_regression(
            wide, formula, cluster=cluster if cluster in wide.columns else None
        )
    except (ValueError, KeyError) as error:
        raise RapportError(
            f"cannot fit {formula!r}: {error}; columns: {', '.join(wide.columns)}"
        ) from None


def wide_scores(scores: pd.DataFrame) -> pd.DataFrame:
    """One row per relationship and timepoint; a column ``<instrument>_<role>`` per total
    score and ``<instrument>_<role>_challenging`` where the instrument has a challenge rule."""
    totals = scores[scores["scale"] == "total"].copy()
    totals["column"] = totals["instrument"] + "_" + totals["role"].astype(str)
    keys = ["relationship", "patient", "clinician", "timepoint", "group"]
    values = totals.pivot_table(index=keys, columns="column", values="value", aggfunc="last")
    flags = totals.dropna(subset=["challenging"]).pivot_table(
        index=keys, columns="column", values="challenging", aggfunc="last"
    )
    flags = flags.astype(float).add_suffix("_challenging")
    wide = values.join(flags, how="outer").reset_index()
    wide.columns = [str(c) for c in wide.columns]
    return wide


def mixed(
    engine: Engine, *, instrument: str = ALLIANCE, random_slope: bool = False
) -> pd.DataFrame:
    """Alliance over time by trial arm: a linear mixed model with a random intercept per
    patient (and optionally a random slope)."""
    from rapport.surveys.models import alliance_trajectories

    return alliance_trajectories(
        survey_scores(engine), instrument=instrument, random_slope=random_slope
    )


def bridge(
    engine: Engine,
    *,
    instrument: str = ALLIANCE,
    window_days: int = 120,
    codebook: str = "kaye2021",
) -> Any:
    """What clinicians do in coded conversations against how families rate the
    relationship: each theme's rate per hour in the conversations before each
    questionnaire, against the alliance score."""
    from rapport.pipeline.reports import load_corpus
    from rapport.surveys.bridge import bridge as build

    corpus = load_corpus(engine, codebook)
    return build(survey_scores(engine), corpus, instrument=instrument, window_days=window_days)


def survey_report(engine: Engine, out: Path, *, codebook: str = "kaye2021") -> Path:
    """The survey report: agreement with the Bland–Altman plot, trajectories per arm,
    the discordance table and the alert list."""
    from rapport.report.render import write_report_file
    from rapport.report.surveys import survey_context

    context = survey_context(
        survey_scores(engine),
        corpus=_corpus_or_none(engine, codebook),
        alliance=ALLIANCE,
        challenges=CHALLENGES,
    )
    return write_report_file(out, context)
