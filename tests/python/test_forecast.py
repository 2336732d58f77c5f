"""Demand forecasting from Python: a model fitted to a synthetic authority,
checked against counts taken from the dataset itself (snapshots, entries),
against conservation of children, and for scenarios, errors, pickling and plots."""

from __future__ import annotations

import copy
import datetime
import pickle

import pandas as pd
import pytest

import sufficiency as sf
from sufficiency import _sufficiency

START = datetime.date(2024, 4, 1)
END = datetime.date(2025, 3, 31)


@pytest.fixture(scope="module")
def la(inner_london):
    return inner_london


@pytest.fixture(scope="module")
def model(inner_london_model):
    return inner_london_model


@pytest.fixture(scope="module")
def base(model):
    return model.project(months=24)


def at(projection, date):
    """The wide totals row for one night."""
    totals = projection.totals()
    return totals[totals["date"] == date].iloc[0]


# ------------------------------------------------------------------ the model


def test_fit_and_properties(la, model):
    assert model.reference == (START, END)
    assert model.config == sf.DemandConfig()
    assert model.dataset == la.dataset
    assert model.age_bands == ["under 1", "1-4", "5-9", "10-15", "16-17"]
    assert model.groups[:3] == ["foster_kinship", "foster_in_house", "foster_agency"]
    assert 0.0 <= model.staying_put_share <= 1.0
    assert repr(model).startswith("<DemandModel 2024-04-01")
    # ISO strings work as well as dates.
    assert sf.DemandModel.fit(la.dataset, ("2024-04-01", "2025-03-31")) == model


def test_pooled_rates_are_events_over_nights(model):
    rates = model.rates_frame()
    assert list(rates.columns) == ["age_band", "placement_group", "kind", "to", "rate", "events", "exposure"]
    assert set(rates["kind"]) == {"move", "exit"}
    assert (rates["rate"] > 0).all()
    assert ((rates["rate"] - rates["events"] / rates["exposure"]).abs() < 1e-15).all()
    exits = rates[rates["kind"] == "exit"]
    assert set(exits["to"]) <= {"return_home", "special_guardianship", "adoption", "independence_or_18", "staying_put", "other"}


def test_stock_is_the_snapshot(la, model):
    ds = la.dataset
    stock = model.stock("2024-06-29", "2024-06-30")
    assert list(stock.columns) == ["date", "age_band", "placement_group", "children"]
    assert len(stock) == 2 * len(model.age_bands) * len(model.groups)
    for night in (datetime.date(2024, 6, 29), datetime.date(2024, 6, 30)):
        by_group = stock[stock["date"] == night].groupby("placement_group")["children"].sum()
        snapshot = ds.in_care_on(night, by="placement_group").set_index("placement_group")["children"]
        for group, n in snapshot.items():
            assert by_group.get(group, 0) == n, group
    with pytest.raises(ValueError, match="after end"):
        model.stock("2025-01-02", "2025-01-01")


# ------------------------------------------------------------- a projection


def test_day_zero_is_the_snapshot_on_the_start_night(la, base):
    # Both leave out short breaks; the standard config keeps UASC, as snapshots do.
    snapshot = la.dataset.in_care_on(END, by="placement_group").set_index("placement_group")["children"]
    day0 = at(base, END)
    assert base.start == END
    for group in base.groups:
        assert day0[group] == snapshot.get(group, 0), group
    for group, n in snapshot.items():
        if group not in base.groups:
            assert n == 0, group
    assert day0["total"] == la.dataset.in_care_on(END, by="total")["children"].sum()


def test_the_frames_agree_and_cover_every_night(base):
    assert base.end == datetime.date(2027, 3, 31)
    assert base.days == (base.end - base.start).days
    frame = base.to_pandas()
    assert list(frame.columns) == ["date", "age_band", "placement_group", "children"]
    assert len(frame) == (base.days + 1) * len(base.age_bands) * len(base.groups)
    assert frame["date"].iloc[0] == base.start and frame["date"].iloc[-1] == base.end
    assert isinstance(frame["date"].iloc[0], datetime.date)
    assert frame["children"].dtype == "float64"
    totals = base.totals()
    assert list(totals.columns) == ["date", *base.groups, "total"]
    assert len(totals) == base.days + 1
    by_date = frame.groupby("date", sort=True)["children"].sum().to_numpy()
    assert abs(by_date - totals["total"].to_numpy()).max() < 1e-9
    assert abs(totals[base.groups].sum(axis=1) - totals["total"]).max() < 1e-9


def test_children_are_conserved_every_day(base):
    totals = base.totals().set_index("date")["total"]
    entries = base.entries_frame()
    exits = base.exits_frame()
    assert list(entries.columns) == ["date", "age_band", "placement_group", "children"]
    assert list(exits.columns) == ["date", "age_band", "placement_group", "route", "children"]
    assert entries["date"].min() > base.start and exits["date"].min() > base.start
    nights = totals.index[1:]
    entered = entries.groupby("date")["children"].sum().reindex(nights, fill_value=0.0)
    left = exits.groupby("date")["children"].sum().reindex(nights, fill_value=0.0)
    change = totals.diff().iloc[1:]
    assert (change - (entered - left)).abs().max() < 1e-9


def test_a_year_of_entries_matches_the_entries_counted_in_the_window(la, model):
    # The base model carries the window's average entry rate forward: the
    # first 365 days see as many entrants as the 365-day window did.
    counted = la.dataset.entries(START, END, by="total")["children"].sum()
    projection = model.project(months=12)
    assert projection.days == 365
    assert projection.entries_frame()["children"].sum() == pytest.approx(counted, rel=1e-9)
    assert model.entries_per_day * 365 == pytest.approx(counted, rel=1e-9)


def test_actuals_are_the_year_before_the_start(la, base):
    actuals = base.actuals_frame()
    assert list(actuals.columns) == ["date", "placement_group", "children"]
    assert actuals["date"].max() == base.start
    assert actuals["date"].min() == base.start - datetime.timedelta(days=365)
    mid_year = datetime.date(2024, 9, 30)
    on = actuals[actuals["date"] == mid_year].set_index("placement_group")["children"]
    snapshot = la.dataset.in_care_on(mid_year, by="placement_group").set_index("placement_group")["children"]
    for group in base.groups:
        assert on[group] == snapshot.get(group, 0), group


def test_projection_repr(base):
    text = repr(base)
    assert text.startswith("<Projection 'base' 2025-03-31") and "205.0" in text


def test_a_projection_can_start_on_another_night(la, model):
    night = datetime.date(2024, 9, 30)
    p = model.project(start="2024-09-30", months=6)
    # Six months after a month end is a month end.
    assert p.start == night and p.end == datetime.date(2025, 3, 31)
    assert at(p, night)["total"] == la.dataset.in_care_on(night, by="total")["children"].sum()


# ---------------------------------------------------------------- scenarios


def test_more_entries_more_children(model, base):
    more = model.project(months=24, scenario=sf.Scenario("more", entries_times=1.5))
    year = datetime.date(2026, 3, 31)
    assert at(more, year)["total"] > at(base, year)["total"]
    assert more.scenario == "more"
    # Entries scale exactly; day 0 is the same children.
    assert more.entries_frame()["children"].sum() == pytest.approx(1.5 * base.entries_frame()["children"].sum())
    assert at(more, END)["total"] == at(base, END)["total"]


def test_composition_has_both_effects(model, base):
    more = sf.Scenario("more").entries_times(1.5)
    growth = sf.Scenario("growth").in_house_fostering_growth(20)
    both = more & growth
    assert both == more.and_(growth)
    assert both.name == "more + growth"
    assert [a["kind"] for a in both.adjustments] == ["entries_times", "in_house_fostering_growth"]
    year = datetime.date(2026, 3, 31)
    p_more, p_growth, p_both = (at(model.project(months=24, scenario=s), year) for s in (more, growth, both))
    b = at(base, year)
    # Entries raise the total; the substitution moves children between groups
    # without changing the total.
    assert p_both["total"] == pytest.approx(p_more["total"], rel=1e-12)
    assert p_growth["total"] == pytest.approx(b["total"], rel=1e-12)
    assert p_both["total"] > b["total"]
    assert p_both["foster_in_house"] > p_more["foster_in_house"]
    assert p_both["foster_agency"] < p_more["foster_agency"]


def test_scenario_keywords_build_the_same_changes_as_the_methods():
    by_keywords = sf.Scenario(
        "s",
        entries_times=1.2,
        entries_plus=3,
        moves={("childrens_home_external", "foster_agency"): 1.5},
        exits={"return_home": 1.1, None: 0.9},
        in_house_fostering_growth=5,
        age_band="10-15",
        from_date="2025-06-01",
    )
    by_methods = (
        sf.Scenario("s")
        .entries_times(1.2, age_band="10-15", from_date=datetime.date(2025, 6, 1))
        .entries_plus(3, age_band="10-15", from_date="2025-06-01")
        .move_times("childrens_home_external", "foster_agency", 1.5)
        .exit_times(1.1, route="return_home")
        .exit_times(0.9)
        .in_house_fostering_growth(5)
    )
    assert by_keywords == by_methods
    assert by_keywords != sf.Scenario("s")
    assert sf.Scenario() == sf.Scenario("base") and sf.Scenario().adjustments == []
    assert repr(sf.Scenario()) == "<Scenario 'base': no changes>"
    assert "entries ×1.2 in 10-15 from 2025-06-01" in repr(by_keywords)


def test_fewer_exits_more_children(model, base):
    slower = model.project(months=24, scenario=sf.Scenario("slow").exit_times(0.5, route="return_home"))
    assert at(slower, base.end)["total"] > at(base, base.end)["total"]


def test_compare_is_one_frame_of_every_scenario(model):
    scenarios = [sf.Scenario(), sf.Scenario("more", entries_times=1.5)]
    frame = model.compare(scenarios, months=6)
    assert list(frame.columns) == ["scenario", "date", "age_band", "placement_group", "children"]
    assert list(frame["scenario"].unique()) == ["base", "more"]
    for scenario, projection in zip(scenarios, model.project_all(scenarios, months=6)):
        part = frame[frame["scenario"] == scenario.name].drop(columns="scenario").reset_index(drop=True)
        pd.testing.assert_frame_equal(part, projection.to_pandas())
        assert projection == model.project(months=6, scenario=scenario)
    with pytest.raises(ValueError, match="named 'base'"):
        model.compare([sf.Scenario(), sf.Scenario()])
    with pytest.raises(TypeError, match="list of sufficiency.Scenario"):
        model.compare(sf.Scenario())


# ------------------------------------------------------------------- errors


def test_unknown_names_are_input_errors_naming_them(model):
    with pytest.raises(sf.InputError, match="'castle'") as e:
        model.project(scenario=sf.Scenario("odd").move_times("foster_agency", "castle", 2.0))
    assert "foster_agency" in str(e.value)  # the choices are listed
    with pytest.raises(sf.InputError, match="age band '18-21'"):
        model.project(scenario=sf.Scenario("odd", entries_times=2, age_band="18-21"))
    with pytest.raises(sf.InputError, match="'holiday'"):
        sf.Scenario("odd").exit_times(2.0, route="holiday")
    with pytest.raises(sf.InputError, match="'holiday'"):
        sf.Scenario("odd", exits={"holiday": 2.0})
    with pytest.raises(sf.InputError, match="multiplier"):
        model.project(scenario=sf.Scenario("negative", entries_times=-1))
    assert issubclass(sf.InputError, sf.SufficiencyError)


def test_bad_windows_and_horizons(la, model):
    with pytest.raises(sf.InputError, match="reaches outside the data"):
        sf.DemandModel.fit(la.dataset, ("2024-04-01", "2031-03-31"))
    with pytest.raises(sf.InputError, match="before it starts"):
        sf.DemandModel.fit(la.dataset, (END, START))
    with pytest.raises(TypeError, match=r"\(start, end\) pair"):
        sf.DemandModel.fit(la.dataset, "2024-04-01")
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        sf.DemandModel.fit(la.dataset, ("1/4/2024", "2025-03-31"))
    with pytest.raises(sf.InputError, match="at least one month"):
        model.project(months=0)
    with pytest.raises(ValueError, match="months"):
        model.project(months=-1)
    with pytest.raises(sf.InputError, match="data starts"):
        model.backtest(months=200)
    with pytest.raises(TypeError, match="Scenario"):
        model.project(scenario="base")


def test_config_choices_are_checked():
    with pytest.raises(ValueError, match="'daily', 'episode_start'"):
        sf.DemandConfig(age_basis="yearly")
    with pytest.raises(ValueError, match="groups"):
        sf.DemandConfig("bespoke")
    with pytest.raises(ValueError, match="strictly increasing"):
        sf.DemandConfig(age_bands=[5, 1])
    with pytest.raises(ValueError, match="staying_put_share"):
        sf.DemandConfig(staying_put_share=1.5)


# ---------------------------------------------------------- configurations


def test_config_attributes_and_repr():
    cfg = sf.DemandConfig()
    assert cfg == sf.DemandConfig.standard()
    assert (cfg.groups, cfg.age_bands, cfg.max_age, cfg.age_out) == ("standard", [1, 5, 10, 16], 18, True)
    assert (cfg.age_basis, cfg.estimator, cfg.ageing) == ("daily", "pooled", "exact")
    assert (cfg.staying_put_share, cfg.entry_trend, cfg.include_short_breaks, cfg.include_uasc) == (None, False, False, True)
    assert cfg.band_labels == ["under 1", "1-4", "5-9", "10-15", "16-17"]
    peer = sf.DemandConfig.peer()
    assert (peer.groups, peer.max_age, peer.age_out, peer.age_basis, peer.estimator, peer.ageing) == (
        "peer", 30, False, "episode_start", "mean_daily_ratio", "hazard",
    )
    assert peer.include_short_breaks
    custom = sf.DemandConfig(age_bands=[5, 12], staying_put_share=0.25, entry_trend=True, include_uasc=False)
    assert custom.band_labels == ["0-4", "5-11", "12-17"]
    for c in (cfg, peer, custom):
        assert eval(repr(c), {"DemandConfig": sf.DemandConfig}) == c
    assert custom != cfg


def test_peer_model_has_the_peer_groups(la):
    peer = sf.DemandModel.fit(la.dataset, (START, END), sf.DemandConfig.peer())
    assert peer.groups[:4] == ["FOSTERING", "RESIDENTIAL", "SUPPORTED", "OTHER"]
    assert peer.config == sf.DemandConfig.peer()
    p = peer.project(months=12)
    assert p.groups == peer.groups
    # The peer keeps short breaks: day 0 is the snapshot with them.
    with_breaks = la.dataset.in_care_on(END, by="total", include_short_breaks=True)["children"].sum()
    assert at(p, END)["total"] == with_breaks


def test_leaving_out_uasc_leaves_fewer_children(la, base):
    no_uasc = sf.DemandModel.fit(la.dataset, (START, END), sf.DemandConfig(include_uasc=False))
    uasc_on_end = sum(
        1
        for c in la.dataset.children
        if c.uasc and any(e.is_open_on(END) and e.ls not in ("V3", "V4") for e in la.dataset.episodes_of(c.child))
    )
    assert at(no_uasc.project(months=12), END)["total"] == at(base, END)["total"] - uasc_on_end


# ---------------------------------------------------------------- backtests


def test_backtest_frame_and_series(la, model):
    bt = model.backtest(12)
    assert bt.origin == datetime.date(2024, 3, 31) and bt.months == 12
    # A window as long as the reference window (365 days), ending at the origin.
    # The reference window moved back twelve calendar months.
    assert bt.window == (datetime.date(2023, 4, 1), datetime.date(2024, 3, 31))
    assert len(bt.points) == 12 and bt.points[-1] == END
    errors = bt.to_pandas()
    assert list(errors.columns) == ["method", "placement_group", "mape", "mean_error", "mean_pct_error", "final_error"]
    assert set(errors["method"]) == {"model", "flat", "linear"}
    for method in ("model", "flat", "linear"):
        assert "total" in set(errors[errors["method"] == method]["placement_group"])
    series = bt.series()
    assert list(series.columns) == ["date", "placement_group", "actual", "model", "flat", "linear"]
    total = series[series["placement_group"] == "total"].set_index("date")
    # The actuals are the snapshot at each month end; flat holds the origin's.
    for point in (bt.points[0], bt.points[-1]):
        assert total.loc[point, "actual"] == la.dataset.in_care_on(point, by="total")["children"].sum()
    origin_count = la.dataset.in_care_on(bt.origin, by="total")["children"].sum()
    assert (total["flat"] == origin_count).all()
    # The error columns follow from the series.
    model_total = errors[(errors["method"] == "model") & (errors["placement_group"] == "total")].iloc[0]
    diff = total["model"] - total["actual"]
    assert model_total["mean_error"] == pytest.approx(diff.mean())
    assert model_total["final_error"] == pytest.approx(diff.iloc[-1])
    assert model_total["mape"] == pytest.approx((diff.abs() / total["actual"]).mean() * 100)
    assert "MAPE (total) model" in repr(bt)


def test_projection_with_a_backtest(model):
    p = model.project(months=12, backtest=12)
    assert p.backtest == model.backtest(12)
    assert model.project(months=12).backtest is None


# ----------------------------------------------------------------- pickling


def test_everything_pickles_and_compares_equal(model, base):
    bt = model.backtest(6)
    scenario = sf.Scenario("s", entries_times=1.1, exits={None: 0.9}, from_date="2025-06-01") & sf.Scenario(
        "g"
    ).in_house_fostering_growth(3)
    for obj in (sf.DemandConfig(), sf.DemandConfig.peer(), scenario, model, base, bt, model.project(months=3, backtest=3)):
        for protocol in (2, pickle.HIGHEST_PROTOCOL):
            back = pickle.loads(pickle.dumps(obj, protocol=protocol))
            assert type(back) is type(obj)
            assert back == obj
            assert repr(back) == repr(obj)
        assert copy.copy(obj) is obj and copy.deepcopy(obj) is obj
    again = pickle.loads(pickle.dumps(model))
    pd.testing.assert_frame_equal(again.project(months=6, scenario=scenario).to_pandas(), model.project(months=6, scenario=scenario).to_pandas())


def test_a_bad_pickle_state_is_a_sufficiency_error():
    with pytest.raises(sf.SufficiencyError, match="not a pickled"):
        _sufficiency._forecast_from_state(42)
    with pytest.raises(sf.SufficiencyError, match="format"):
        _sufficiency._forecast_from_state(("sufficiency.Other/9", "9.9.9", []))
    with pytest.raises(sf.SufficiencyError, match="cannot be read"):
        _sufficiency._forecast_from_state(("sufficiency.Scenario/1", "0.0.1", {"name": 3}))


# -------------------------------------------------------------------- plots


def test_plot_draws_one_area_per_group(base):
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig = base.plot()
    try:
        assert isinstance(fig, matplotlib.figure.Figure)
        (ax,) = fig.axes
        totals = base.totals()
        actuals = base.actuals_frame()
        present = set(actuals.loc[actuals["children"] > 0, "placement_group"])
        drawn = [g for g in base.groups if (totals[g] > 0).any() or g in present]
        assert len(ax.collections) == len(drawn)
        assert [t.get_text() for t in ax.get_legend().get_texts()] == drawn
        dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--"]
        assert len(dashed) == len(drawn)
    finally:
        plt.close(fig)
    fig, ax = plt.subplots()
    try:
        assert base.plot(ax=ax) is fig
    finally:
        plt.close(fig)


def test_importing_sufficiency_does_not_import_matplotlib():
    import subprocess
    import sys

    code = "import sys, sufficiency; print('matplotlib' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
