"""The sufficiency engine from Python: supply, assess and the report's frames.

Facts are checked against independent counts from the supply and dataset
frames, not against the engine's own output."""

import decimal
import pickle

import pytest

import sufficiency as sf


@pytest.fixture(scope="module")
def la():
    return sf.synthetic_authority("inner-london", seed=2, years=2)


@pytest.fixture(scope="module")
def report(la):
    return sf.assess(la.dataset, la.supply, population=40_000)


def test_supply_frames_add_up(la):
    s = la.supply
    settings = s.settings
    assert len(s) == len(settings)
    assert s.places("childrens_home") == settings[settings.kind == "childrens_home"].places.sum()
    # vacant = places - own - other, never negative (solo homes take one child)
    usable = settings.places.where(~settings.solo, settings.places.clip(upper=1))
    expected = (usable - settings.own_children - settings.other_children).clip(lower=0)
    assert (settings.vacant == expected).all()
    assert all(isinstance(p, decimal.Decimal) for p in settings.weekly_price.dropna())
    assert set(settings.route) <= {"in_house", "block", "framework", "dps", "spot"}
    with pytest.raises(ValueError, match="not a setting kind"):
        s.places("castle")


def test_report_covers_every_child_in_the_cohort(la, report):
    m = report.matching()
    in_care = la.dataset.in_care_on(report.on, by="placement_group")
    counts = dict(zip(in_care.iloc[:, 0], in_care.iloc[:, 1]))
    # Re-placed: foster (in-house, agency), temporary, homes, supported, secure.
    replaced = sum(counts.get(g, 0) for g in [
        "foster_in_house", "foster_agency", "temporary", "childrens_home_in_house",
        "childrens_home_external", "supported", "secure"])
    assert len(m) == replaced
    assert report.placed + report.unmet == len(m)
    assert report.unmet == m.setting.isna().sum()
    placed = m[m.setting.notna()]
    assert report.weekly_cost == sum(placed.weekly_price.dropna(), decimal.Decimal(0))
    assert report.second_best_share == pytest.approx(placed.second_best.mean(), abs=1e-4)
    # Second-best rows say why.
    assert (placed[placed.second_best].reason != "").all()


def test_metrics_rate_per_10k(la, report):
    mt = report.metrics().set_index("measure")["value"]
    cic = mt["children_in_care"]
    assert mt["rate_per_10k"] == pytest.approx(cic / 40_000 * 10_000)
    mix = mt[[k for k in mt.index if k.startswith("placement_mix.")]]
    assert mix.sum() == cic


def test_gaps_split_into_their_classes(report):
    g = report.gaps()
    assert (g.gap == g.specialist + g.access + g.numerical).all()
    assert set(g.gap_class) <= {"none", "specialist", "access", "numerical"}
    assert (g.open + g.occupied_by_others == g.places).all()


def test_marginal_values_are_savings_best_first(report):
    mv = report.marginal_value()
    assert (mv.saving > 0).all()
    assert list(mv.saving) == sorted(mv.saving, reverse=True)


def test_reports_and_supply_pickle(la, report):
    assert pickle.loads(pickle.dumps(report)) == report
    assert pickle.loads(pickle.dumps(la.supply)) == la.supply


def test_policy_errors_say_what_to_use(la):
    with pytest.raises(ValueError, match="not a policy setting"):
        sf.assess(la.dataset, la.supply, policy={"radius": 10})
    with pytest.raises(ValueError, match="must be a Supply"):
        sf.assess(la.dataset, "nope")
    wide = sf.assess(la.dataset, la.supply, policy={"local_radius_miles": 60, "area": "district"})
    assert wide.within_20_share is not None
