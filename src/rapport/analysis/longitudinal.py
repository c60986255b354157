"""Serial encounters: how many each patient has, and how each theme moves across them."""

from __future__ import annotations

import pandas as pd

from rapport.analysis.corpus import Corpus


def _visits(corpus: Corpus, patient: str | None = None) -> pd.DataFrame:
    """Encounters with a patient, numbered 1, 2, ... in date order (undated last, by id)."""
    table = corpus.encounter_table.dropna(subset=["patient"])
    if patient is not None:
        table = table[table["patient"] == patient]
    table = table.assign(_undated=table["date"].isna()).sort_values(
        ["patient", "_undated", "date", "encounter"], na_position="last"
    )
    table = table.drop(columns="_undated")
    table["visit"] = table.groupby("patient").cumcount() + 1
    return table


def encounters_per_patient(corpus: Corpus) -> pd.DataFrame:
    """One row per patient: encounters, first_date, last_date, minutes (recorded) and
    estimated. Encounters without a patient are not counted."""
    visits = _visits(corpus)
    return (
        visits.groupby("patient")
        .agg(
            encounters=("encounter", "size"),
            first_date=("date", "min"),
            last_date=("date", "max"),
            minutes=("seconds", lambda s: float(s.sum()) / 60.0),
            estimated=("estimated", "any"),
        )
        .reset_index()
    )


def patient_summary(corpus: Corpus) -> pd.DataFrame:
    """One row in the paper's terms: patients, encounters, minutes, and the median and range
    of encounters per patient ("a median of 7 discussions per patient (range, 1-19)")."""
    per_patient = encounters_per_patient(corpus)
    counts = per_patient["encounters"]
    return pd.DataFrame(
        [
            {
                "patients": len(per_patient),
                "encounters": int(counts.sum()),
                "minutes": float(per_patient["minutes"].sum()),
                "median_per_patient": float(counts.median()) if len(counts) else float("nan"),
                "min_per_patient": int(counts.min()) if len(counts) else 0,
                "max_per_patient": int(counts.max()) if len(counts) else 0,
                "estimated": bool(per_patient["estimated"].any()),
            }
        ]
    )


def theme_trends(corpus: Corpus, patient: str | None = None) -> pd.DataFrame:
    """Each theme across each patient's serial encounters.

    One row per patient, visit and theme: patient, visit (1 = first), encounter, date,
    theme, count (codings in the theme), hours, per_hour and estimated. Every theme
    appears for every visit, zeros included, so lines do not skip visits.
    """
    visits = _visits(corpus, patient)[
        ["patient", "visit", "encounter", "date", "hours", "estimated"]
    ]
    coded = corpus.coded
    counts = coded.groupby(["encounter", "theme"]).size().rename("count").reset_index()
    themes = pd.DataFrame({"theme": [theme.id for theme in corpus.codebook.themes]})
    frame = visits.merge(themes, how="cross").merge(counts, on=["encounter", "theme"], how="left")
    frame["count"] = frame["count"].fillna(0).astype("int64")
    frame["per_hour"] = frame["count"] / frame["hours"].where(frame["hours"] > 0)
    columns = ["patient", "visit", "encounter", "date", "theme", "count", "hours", "per_hour"]
    return frame[[*columns, "estimated"]].reset_index(drop=True)
