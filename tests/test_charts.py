"""Charts: each returns one well-formed <svg> whose marks match the data it was given."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from rapport.codebooks import load_codebook
from rapport.model import Codebook
from rapport.report.charts import (
    alliance_wheel,
    encounter_timeline,
    grouped_bars,
    horizontal_bars,
    readable_ink,
    theme_trends,
)

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def kaye() -> Codebook:
    return load_codebook("kaye2021")


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox") and root.get("width") and root.get("height")
    assert root.find(f"{SVG}title") is not None
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text
    for forbidden in ("script", "foreignObject", "style", "image"):
        assert root.find(f".//{SVG}{forbidden}") is None
    assert "url(" not in markup and "http://" not in markup.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )
    return root


def with_class(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [e for e in root.iter() if css_class in (e.get("class") or "").split()]


def outer_radius(path_data: str) -> float:
    """The radius of the first arc in an annulus path: the spoke's outer edge."""
    match = re.search(r"A([\d.]+) ", path_data)
    assert match, path_data
    return float(match.group(1))


def counts_for(codebook: Codebook) -> dict[str, float]:
    codes = [code.id for theme in codebook.themes for code in theme.codes]
    return {code_id: float(i % 6) for i, code_id in enumerate(codes)}


def test_wheel_has_a_sector_per_theme_and_a_segment_per_code(kaye: Codebook) -> None:
    counts = counts_for(kaye)
    root = parse(alliance_wheel(kaye, counts, title="Wheel"))
    sectors = with_class(root, "theme-sector")
    assert [s.get("data-theme") for s in sectors] == [t.id for t in kaye.themes]
    assert len(sectors) == 7
    segments = with_class(root, "code-segment")
    assert len(segments) == 28
    assert {s.get("data-code") for s in segments} == set(counts)
    for sector, theme in zip(sectors, kaye.themes, strict=True):
        inside = [s.get("data-code") for s in with_class(sector, "code-segment")]
        assert inside == [code.id for code in theme.codes]
    assert len(with_class(root, "code-label")) == 28
    total = root.find(".//*[@class='wheel-total']")
    assert total is not None and total.text == f"{sum(counts.values()):g}"


def test_wheel_segments_grow_with_their_counts_and_zeros_stay(kaye: Codebook) -> None:
    root = parse(alliance_wheel(kaye, {"naming": 10, "supporting": 40, "comedy": 20}, title="W"))
    radii = {
        s.get("data-code"): outer_radius(s.get("d", "")) for s in with_class(root, "code-segment")
    }
    assert radii["supporting"] > radii["comedy"] > radii["naming"] > radii["silence"]
    assert root.find(".//*[@data-code='silence'][@class='code-segment']") is not None
    tracks = with_class(root, "code-track")
    assert len(tracks) == 28
    assert {outer_radius(t.get("d", "")) for t in tracks} == {radii["supporting"]}
    # Area, not radius, is proportional: the ring sectors' areas keep the ratio 1:2:4.
    hub = float(root.find(".//*[@class='wheel-hub']").get("r", "0")) + 2  # type: ignore[union-attr]
    area = {code: r**2 - hub**2 for code, r in radii.items()}
    assert area["comedy"] / area["naming"] == pytest.approx(2, rel=0.02)
    assert area["supporting"] / area["naming"] == pytest.approx(4, rel=0.02)


def test_wheel_empty_state(kaye: Codebook) -> None:
    root = parse(alliance_wheel(kaye, {}, title="Nothing yet"))
    assert len(with_class(root, "code-segment")) == 28
    assert len(with_class(root, "code-track")) == 28
    assert with_class(root, "wheel-empty")
    assert "no codings" in (root.find(f"{SVG}desc").text or "").lower()  # type: ignore[union-attr]


def test_wheel_rejects_unknown_codes(kaye: Codebook) -> None:
    with pytest.raises(ValueError, match="not_a_code"):
        alliance_wheel(kaye, {"not_a_code": 1}, title="W")


def test_text_is_escaped(kaye: Codebook) -> None:
    markup = alliance_wheel(kaye, counts_for(kaye), title='Dr <A> & "B"', unit="<x> & y")
    root = parse(markup)
    assert root.find(f"{SVG}title").text == 'Dr <A> & "B"'  # type: ignore[union-attr]
    assert "<x>" not in markup and "&lt;x&gt; &amp; y" in markup
    bars = horizontal_bars([("Tom & <Jerry>", 3, "#0072B2")])
    assert parse(bars).find(".//*[@class='hbar']").get("data-label") == "Tom & <Jerry>"  # type: ignore[union-attr]
    timeline = encounter_timeline(
        kaye,
        length=60,
        unit="seconds",
        talk=[],
        events=[(3, "naming", "“You look <worried>” & sad")],
        missed=[(5, "a < b")],
    )
    event = parse(timeline).find(".//*[@class='timeline-event']")
    assert event is not None
    assert "<worried>" in (event.find(f"{SVG}title").text or "")  # type: ignore[union-attr]


def test_timeline_marks_match_the_input(kaye: Codebook) -> None:
    events = [(12.0, "naming", "a"), (30.5, "transparency", "b"), (30.5, "comedy", "")]
    missed = [(45.0, "no response"), (80.0, "")]
    talk = [(0.0, 20.0, "clinician"), (20.0, 35.0, "parent"), (35.0, 90.0, "clinician")]
    root = parse(
        encounter_timeline(kaye, length=90, unit="seconds", talk=talk, events=events, missed=missed)
    )
    marks = with_class(root, "timeline-event")
    assert sorted(m.get("data-code") for m in marks) == ["comedy", "naming", "transparency"]
    assert len(with_class(root, "timeline-missed")) == 2
    assert [t.get("data-role") for t in with_class(root, "timeline-talk")] == [
        "clinician",
        "parent",
        "clinician",
    ]
    lanes = [e.text for e in with_class(root, "timeline-lane-label")]
    assert [t.name for t in kaye.themes] == [
        lane for lane in lanes if lane in {t.name for t in kaye.themes}
    ]
    ticks = [e.text for e in with_class(root, "timeline-tick")]
    assert ticks[0] == "0:00" and "1:00" in ticks
    # An event's mark sits in its theme's lane: same y for codes of one theme.
    naming = next(m for m in marks if m.get("data-code") == "naming")
    assert float(naming.get("cx", "0")) < float(marks[-1].get("cx", "0"))


def test_timeline_in_turns_labels_turns_and_says_so(kaye: Codebook) -> None:
    root = parse(
        encounter_timeline(
            kaye,
            length=40,
            unit="turns",
            talk=[(k, k + 1, "clinician" if k % 2 else "patient") for k in range(40)],
            events=[(4.5, "open_door", "")],
            missed=[],
            axis_label="Turn order (times estimated)",
        )
    )
    ticks = [e.text for e in with_class(root, "timeline-tick")]
    assert ticks[0] == "1" and "10" in ticks
    caption = with_class(root, "timeline-axis-label")[0].text
    assert caption == "Turn order (times estimated)"
    with pytest.raises(ValueError):
        encounter_timeline(kaye, length=1, unit="minutes", talk=[], events=[], missed=[])
    with pytest.raises(ValueError):
        encounter_timeline(kaye, length=1, unit="turns", talk=[], events=[(0, "x", "")], missed=[])


def test_trends_draw_one_line_per_theme_with_data(kaye: Codebook) -> None:
    encounters = ["Jan", "Mar", "Jun", "Sep"]
    values = {(e, "empathy"): float(i) for i, e in enumerate(encounters)}
    values.update({("Jan", "honesty"): 2.0, ("Mar", "honesty"): 3.0, ("Sep", "honesty"): 1.0})
    values[("Jun", "humor")] = 1.5
    root = parse(theme_trends(kaye, encounters=encounters, values=values, y_label="per 10 min"))
    lines = with_class(root, "trend-line")
    assert sorted(line.get("data-theme") for line in lines) == ["empathy", "honesty"]
    honesty = next(line for line in lines if line.get("data-theme") == "honesty")
    assert honesty.get("d", "").count("M") == 2  # the missing June value leaves a gap
    points = with_class(root, "trend-point")
    assert len(points) == len(values)
    series = [s.get("data-theme") for s in with_class(root, "trend-series")]
    assert series == ["empathy", "humor", "honesty"]


def test_trends_with_one_encounter_show_points_only(kaye: Codebook) -> None:
    values = {("Visit 1", theme.id): 1.0 + i for i, theme in enumerate(kaye.themes)}
    root = parse(theme_trends(kaye, encounters=["Visit 1"], values=values, y_label="codings"))
    assert not with_class(root, "trend-line")
    assert len(with_class(root, "trend-point")) == 7


def test_grouped_bars_have_one_bar_per_group_and_theme(kaye: Codebook) -> None:
    groups = ["Progression", "Stable", "Decision"]
    values = {
        (g, t.id): float(i + j) for i, g in enumerate(groups) for j, t in enumerate(kaye.themes)
    }
    del values[("Decision", "humor")]
    root = parse(grouped_bars(kaye, groups=groups, values=values, y_label="per 10 min"))
    bars = with_class(root, "bar")
    assert len(bars) == len(groups) * len(kaye.themes)
    missing = [b for b in bars if b.get("data-missing") == "true"]
    assert [(b.get("data-group"), b.get("data-theme")) for b in missing] == [("Decision", "humor")]
    heights = {
        (b.get("data-group"), b.get("data-theme")): float(b.get("height", "0")) for b in bars
    }
    assert heights[("Decision", "honesty")] > heights[("Progression", "honesty")] > 0
    fills = {b.get("fill") for b in bars if b.get("data-theme") == "empathy"}
    assert len(fills) == 3  # groups differ by tint
    assert len(with_class(root, "bar-value")) == len(bars)


def test_horizontal_bars_are_sorted_and_scaled() -> None:
    items = [("B", 2.0, "#E69F00"), ("A", 8.0, "#0072B2"), ("C", 4.0, "#009E73")]
    root = parse(horizontal_bars(items, value_format="{:.1f}"))
    bars = with_class(root, "hbar")
    assert [b.get("data-label") for b in bars] == ["A", "C", "B"]
    widths = [float(b.get("width", "0")) for b in bars]
    assert widths[0] == pytest.approx(2 * widths[1], rel=0.01)
    assert [v.text for v in with_class(root, "hbar-value")] == ["8.0", "4.0", "2.0"]
    assert with_class(parse(horizontal_bars([])), "hbars-empty")


def test_output_is_deterministic_and_ids_follow_the_prefix(kaye: Codebook) -> None:
    counts = counts_for(kaye)
    first = alliance_wheel(kaye, counts, title="W", id_prefix="visit-1")
    assert first == alliance_wheel(
        kaye, dict(reversed(list(counts.items()))), title="W", id_prefix="visit-1"
    )
    ids = re.findall(r'\bid="([^"]+)"', first)
    assert ids and all(i.startswith("visit-1") for i in ids)
    second = alliance_wheel(kaye, counts, title="W", id_prefix="visit-2")
    assert not set(ids) & set(re.findall(r'\bid="([^"]+)"', second))
    with pytest.raises(ValueError):
        alliance_wheel(kaye, counts, title="W", id_prefix="1 bad")


def test_readable_ink_picks_contrast() -> None:
    assert readable_ink("#F0E442") == "#111111"
    assert readable_ink("#0072B2") == "#ffffff"


# --- forest plot ------------------------------------------------------------------------


def forest_rows() -> list[tuple[str, float, float, float, str]]:
    return [
        ("Naming", 0.82, 0.74, 0.9, "#1f77b4"),
        ("Warning shot", 0.41, 0.12, 0.66, "#d62728"),
        ("Remembering", float("nan"), float("nan"), float("nan"), "#2ca02c"),
        ("Affection", -0.05, float("nan"), float("nan"), "#9467bd"),
    ]


def test_forest_plot_draws_a_point_per_estimable_row() -> None:
    from rapport.report.charts import forest_plot

    markup = forest_plot(forest_rows(), title="κ per code")
    root = parse(markup)
    assert "rapport-forest" in (root.get("class") or "").split()
    rows = with_class(root, "forest-row")
    assert [r.get("data-label") for r in rows] == [label for label, *_ in forest_rows()]
    points = with_class(root, "forest-point")
    assert [p.get("data-estimate") for p in points] == ["0.82", "0.41", "-0.05"]
    for point in points:
        hint = point.find(f"{SVG}title")
        assert hint is not None and hint.text and "Cohen's κ" in hint.text
    intervals = with_class(root, "forest-interval")
    assert [(i.get("data-low"), i.get("data-high")) for i in intervals] == [
        ("0.74", "0.9"),
        ("0.12", "0.66"),
    ]
    missing = with_class(root, "forest-not-estimable")
    assert [m.get("data-label") for m in missing] == ["Remembering"]
    assert missing[0].text == "not estimable"
    values = [v.text for v in with_class(root, "forest-value")]
    assert values == ["0.82 (0.74 to 0.90)", "0.41 (0.12 to 0.66)", "not estimable", "−0.05"]
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text and "Remembering not estimable" in desc.text


def test_forest_plot_places_points_and_reference_lines_on_one_scale() -> None:
    from rapport.report.charts import forest_plot

    root = parse(forest_plot(forest_rows(), title="κ", reference_lines=(0.0, 0.6, 0.8)))
    references = with_class(root, "forest-reference")
    assert [r.get("data-value") for r in references] == ["0", "0.6", "0.8"]
    x_of = {float(r.get("data-value") or 0): float(r.get("x1") or 0) for r in references}
    per_unit = (x_of[0.8] - x_of[0.0]) / 0.8
    for point in with_class(root, "forest-point"):
        centre = float(point.get("x") or 0) + 4.5
        expected = x_of[0.0] + per_unit * float(point.get("data-estimate") or 0)
        assert centre == pytest.approx(expected, abs=0.02)


def test_forest_plot_is_deterministic_escaped_and_handles_no_rows() -> None:
    from rapport.report.charts import forest_plot

    rows = [("<b>&", 0.5, 0.2, 0.7, "#123456")]
    first = forest_plot(rows, title="A & B", id_prefix="kappa-1")
    assert first == forest_plot(rows, title="A & B", id_prefix="kappa-1")
    root = parse(first)
    assert root.get("id") == "kappa-1"
    assert "<b>" not in first and "&lt;b&gt;&amp;" in first
    empty = parse(forest_plot([], title="Nothing"))
    assert with_class(empty, "forest-empty")
    with pytest.raises(ValueError):
        forest_plot([("x", 0.5, 0.1, 0.9, "blue")], title="bad colour")
    with pytest.raises(ValueError):
        forest_plot(rows, title="t", id_prefix="1bad")


# --- survey charts: Bland–Altman, trajectories, scatter with fit -----------------------


def _ba_chart(**overrides: object) -> str:
    from rapport.report.charts import bland_altman

    arguments: dict[str, object] = {
        "bias": -2.0,
        "lower": -80.0,
        "upper": 76.0,
        "bias_ci": (-22.0, 18.0),
        "lower_ci": (-114.0, -45.0),
        "upper_ci": (41.0, 110.0),
        "title": "Wright <vs> mini",
        "id_prefix": "ba-test",
    }
    arguments.update(overrides)
    pairs = [(503.0, -18.0), (412.5, -35.0), (218.5, -81.0), (float("nan"), 3.0)]
    return bland_altman(pairs, **arguments)  # type: ignore[arg-type]


def test_bland_altman_chart_draws_points_lines_and_bands_on_one_scale() -> None:
    markup = _ba_chart()
    root = parse(markup)
    assert "rapport-bland-altman" in root.get("class", "").split()
    points = with_class(root, "ba-point")
    assert len(points) == 3  # the NaN pair is left out
    assert all(p.find(f"{SVG}title") is not None for p in points)
    lines = {
        line.get("data-value"): float(line.get("y1", "0")) for line in with_class(root, "ba-line")
    }
    assert set(lines) == {"-2", "-80", "76"}
    assert lines["76"] < lines["-2"] < lines["-80"]  # up is positive
    bands = with_class(root, "ba-band")
    assert [b.get("data-line") for b in bands] == ["bias", "upper", "lower"]
    labels = [t.text for t in with_class(root, "ba-label")]
    assert labels == ["Bias −2", "Upper limit 76", "Lower limit −80"]
    deepest = next(p for p in points if p.get("data-difference") == "-81")
    assert float(deepest.get("cy", "0")) > lines["-80"]
    desc = root.find(f"{SVG}desc")
    assert desc is not None and "1 without a value left out" in (desc.text or "")
    assert "Wright &lt;vs&gt; mini" in markup


def test_bland_altman_chart_without_intervals_or_points() -> None:
    root = parse(_ba_chart(bias_ci=None, lower_ci=None, upper_ci=(float("nan"), 1.0)))
    assert not with_class(root, "ba-band")
    from rapport.report.charts import bland_altman

    empty = parse(bland_altman([], bias=0.0, lower=-1.0, upper=1.0, title="E", id_prefix="e"))
    assert with_class(empty, "ba-empty") and not with_class(empty, "ba-point")


def _trajectory_series() -> dict[str, list[tuple[str, float, float, float]]]:
    return {
        "Digital": [("month_3", 5.6, 5.3, 5.9), ("month_6", 5.4, 5.1, 5.7)],
        "Usual care": [("month_3", 6.0, 5.8, 6.2), ("month_12", 6.1, float("nan"), 6.4)],
    }


def test_trajectories_draw_a_line_and_whiskers_per_group() -> None:
    from rapport.report.charts import trajectories

    markup = trajectories(
        _trajectory_series(),
        timepoints=["month_3", "month_6", "month_12"],
        y_label="Alliance",
        title="Alliance over time",
        id_prefix="traj-test",
    )
    root = parse(markup)
    assert "rapport-trajectories" in root.get("class", "").split()
    series = with_class(root, "traj-series")
    assert [s.get("data-group") for s in series] == ["Digital", "Usual care"]
    # Usual care skips month 6: its two points are not joined.
    assert len(with_class(series[0], "traj-line")) == 1
    assert not with_class(series[1], "traj-line")
    assert len(with_class(root, "traj-point")) == 4
    assert len(with_class(root, "traj-interval")) == 3  # the NaN bound has no whisker
    labels = [t.text for t in with_class(root, "traj-timepoint")]
    assert labels == ["month 3", "month 6", "month 12"]
    high = next(p for p in with_class(root, "traj-point") if p.get("data-mean") == "6.1")
    assert high.find(f"{SVG}title") is not None
    assert markup == trajectories(
        _trajectory_series(),
        timepoints=["month_3", "month_6", "month_12"],
        y_label="Alliance",
        title="Alliance over time",
        id_prefix="traj-test",
    )
    with pytest.raises(ValueError, match="not in timepoints"):
        trajectories(
            _trajectory_series(), timepoints=["month_3"], y_label="A", title="T", id_prefix="t"
        )


def test_scatter_with_fit_places_points_and_the_line() -> None:
    from rapport.report.charts import scatter_with_fit

    points = [
        (0.0, 3.0, "dyad 1"),
        (2.0, 4.0, "dyad 2"),
        (4.0, 5.0, "dyad <3>"),
        (1.0, float("nan")),
    ]
    markup = scatter_with_fit(
        points,
        (3.0, 0.5),
        title="Empathy",
        x_label="Empathy per hour",
        y_label="Alliance",
        note="r = 1.00, n = 3",
        id_prefix="sc-test",
    )
    root = parse(markup)
    assert "rapport-scatter" in root.get("class", "").split()
    circles = with_class(root, "scatter-point")
    assert len(circles) == 3
    fit = with_class(root, "scatter-fit")[0]
    assert fit.get("data-slope") == "0.5"
    # The fitted line passes through the points it was fitted to.
    assert float(fit.get("x1", "0")) == pytest.approx(float(circles[0].get("cx", "0")))
    assert float(fit.get("y2", "0")) == pytest.approx(float(circles[2].get("cy", "0")))
    assert "dyad &lt;3&gt;" in markup
    assert [t.text for t in with_class(root, "scatter-note")] == ["r = 1.00, n = 3"]
    ids = re.findall(r'\bid="([^"]+)"', markup)
    assert ids and all(i.startswith("sc-test") for i in ids)
    empty = parse(scatter_with_fit([], None, title="E", x_label="x", y_label="y"))
    assert with_class(empty, "scatter-empty") and not with_class(empty, "scatter-fit")
