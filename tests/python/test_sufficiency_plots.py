"""Charts of sufficiency reports and backtests: the data on the axes are
checked against the frames, recomputed here with pandas."""

from __future__ import annotations

import datetime

import numpy as np
import pandas as pd
import pytest

import sufficiency as sf

matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

START = datetime.date(2024, 4, 1)
END = datetime.date(2025, 3, 31)


@pytest.fixture(scope="module")
def la():
    return sf.synthetic_authority("inner-london", seed=2, years=2)


@pytest.fixture(scope="module")
def report(la):
    return sf.assess(la.dataset, la.supply)


@pytest.fixture(scope="module")
def backtest():
    la = sf.synthetic_authority("inner-london", seed=1, years=3)
    return sf.DemandModel.fit(la.dataset, reference=(START, END)).backtest(6)


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def age_start(band: str) -> int:
    return 0 if band.startswith("under") else int(band.replace("+", "-").split("-")[0])


def test_gap_heat_map_is_the_pivot_of_the_gaps(report):
    fig = report.plot()
    assert isinstance(fig, matplotlib.figure.Figure)
    ax = fig.axes[0]
    (image,) = ax.get_images()
    rows = [t.get_text() for t in ax.get_yticklabels()]
    cols = [t.get_text() for t in ax.get_xticklabels()]
    gaps = report.gaps()
    assert set(rows) == set(gaps.placement_type)
    assert set(cols) == set(gaps.age_band)
    assert cols == sorted(cols, key=age_start)  # youngest first
    expected = gaps.groupby(["placement_type", "age_band"])["gap"].sum().unstack(fill_value=0)
    expected = expected.reindex(index=rows, columns=cols, fill_value=0)
    np.testing.assert_array_equal(np.asarray(image.get_array()), expected.to_numpy(dtype=float))
    # Each cell is labelled with its count.
    labels = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    for i, r in enumerate(rows):
        for j, c in enumerate(cols):
            assert labels[(i, j)] == str(int(expected.loc[r, c]))
    # plot() and plot(kind="gaps") and plot_gaps() draw the same thing.
    again = report.plot_gaps().axes[0].get_images()[0].get_array()
    np.testing.assert_array_equal(np.asarray(again), np.asarray(image.get_array()))


def test_distance_histogram_counts_the_placed_children(report):
    fig = report.plot(kind="distance")
    ax = fig.axes[0]
    m = report.matching()
    miles = m.loc[m.setting.notna(), "miles"].dropna().astype(float)
    edges = [p.get_x() for p in ax.patches] + [ax.patches[-1].get_x() + ax.patches[-1].get_width()]
    # 5-mile bins from 0, past the farthest child.
    assert edges[0] == 0
    assert all(b - a == pytest.approx(5) for a, b in zip(edges, edges[1:]))
    assert edges[-2] <= miles.max() < edges[-1]
    counts = pd.cut(miles, bins=edges, right=False).value_counts(sort=False)
    assert [p.get_height() for p in ax.patches] == list(counts)
    assert sum(p.get_height() for p in ax.patches) == len(miles)
    # The 20-mile line.
    (line,) = [ln for ln in ax.lines if ln.get_label() == "20 miles"]
    assert list(line.get_xdata()) == [20, 20]
    same = report.plot_distance()
    assert [p.get_height() for p in same.axes[0].patches] == list(counts)


def test_report_plots_draw_into_a_given_axes(report):
    fig, ax = plt.subplots()
    assert report.plot(ax=ax) is fig
    fig2, ax2 = plt.subplots()
    assert report.plot_distance(ax=ax2) is fig2
    assert len(ax2.patches) > 0
    with pytest.raises(ValueError, match="'gaps' or 'distance'"):
        report.plot(kind="pie")


def test_backtest_lines_are_the_series(backtest):
    fig = backtest.plot()
    (ax,) = fig.axes
    series = backtest.series()
    total = series[series.placement_group == "total"]
    lines = {ln.get_label(): ln for ln in ax.lines}
    assert list(lines) == ["actual", "model", "flat", "linear"]
    for name, line in lines.items():
        np.testing.assert_allclose(line.get_ydata(), total[name].to_numpy())
        assert list(line.get_xdata()) == list(total.date)
    # Actual is the sum of the groups at each month end.
    groups = series[series.placement_group != "total"].groupby("date")["actual"].sum()
    np.testing.assert_allclose(lines["actual"].get_ydata(), groups.loc[list(total.date)].to_numpy())

    group = backtest.groups[0]
    fig, ax = plt.subplots()
    assert backtest.plot(ax=ax, group=group) is fig
    rows = series[series.placement_group == group]
    np.testing.assert_allclose(ax.lines[0].get_ydata(), rows["actual"].to_numpy())
    with pytest.raises(ValueError, match="one of the backtest's groups"):
        backtest.plot(group="castle")
