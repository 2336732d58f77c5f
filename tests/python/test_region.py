"""Regions and the flexible ``assess``: synthetic regions, pooled reports
with each member beside the region, forecast entrants as the need, and
pickling and equality of every public result object.

Expectations are computed here from the inputs' own frames (member by
member assessments, settings tables, projected entries), not copied."""

from __future__ import annotations

import datetime
import math
import pickle

import pandas as pd
import pytest

import sufficiency as sf

START = datetime.date(2024, 4, 1)
END = datetime.date(2025, 3, 31)
MEMBERS = [("E08000007", "Stockport", 70), ("E08000003", "Manchester", 90)]
COMMISSIONED = {
    "foster_in_house", "foster_agency", "temporary", "childrens_home_in_house",
    "childrens_home_external", "supported", "secure",
}


@pytest.fixture(scope="module")
def authorities():
    return sf.synthetic_region(MEMBERS, seed=3, years=2)


@pytest.fixture(scope="module")
def region(authorities):
    return sf.Region("Two towns", members=authorities)


@pytest.fixture(scope="module")
def report(region):
    return sf.assess(region=region)


@pytest.fixture(scope="module")
def model():
    la = sf.synthetic_authority("inner-london", seed=1, years=3)
    return la, sf.DemandModel.fit(la.dataset, reference=(START, END))


def test_synthetic_region_builds_the_members(authorities):
    assert [la.supply.authority for la in authorities] == [c for c, _, _ in MEMBERS]
    assert [la.profile["authority_name"] for la in authorities] == [n for _, n, _ in MEMBERS]
    assert [la.profile["children_in_care"] for la in authorities] == [k for _, _, k in MEMBERS]
    assert [la.seed for la in authorities] == [3, 4]
    default = dict((c, (n, k)) for c, n, k in sf.NORTH_WEST_18)
    assert len(default) == 18 and default["E08000003"][0] == "Manchester"
    with pytest.raises(ValueError, match="at least one member"):
        sf.synthetic_region([])


def test_region_members_and_pooled_supply(region, authorities):
    assert region.name == "Two towns"
    assert region.members == [c for c, _, _ in MEMBERS]
    assert len(region) == 2
    ds, supply = region.member("E08000003")
    assert ds == authorities[1].dataset and supply == authorities[1].supply
    with pytest.raises(KeyError, match="not a member"):
        region.member("E00000000")
    settings = pd.concat([la.supply.settings for la in authorities])
    pooled = region.supply.settings
    assert sorted(pooled.setting) == sorted(set(settings.setting))
    # A setting listed by both members keeps the larger number of places.
    assert dict(zip(pooled.setting, pooled.places)) == settings.groupby("setting").places.max().to_dict()
    assert f"{len(set(settings.setting)):,} settings" in repr(region)
    rows = dict(region.overview())
    assert rows["members"] == "2"
    assert rows["settings (pooled)"] == f"{len(set(settings.setting)):,}"


def test_region_report_holds_each_member_beside_the_region(report, authorities):
    assert report.name == "Two towns"
    assert report.region_members == [c for c, _, _ in MEMBERS]
    singles = [sf.assess(la.dataset, la.supply) for la in authorities]
    # Each member's own report is its need against its own supply.
    assert report.members == singles
    m = report.matching()
    assert list(m.columns[:2]) == ["level", "member"]
    region_rows = m[m.level == "region"]
    assert set(region_rows.member) == {"Two towns"}
    assert len(region_rows) == report.children == sum(s.children for s in singles)
    assert sorted(region_rows.child) == sorted(c for s in singles for c in s.matching().child)
    for code, single in zip(report.region_members, singles):
        rows = m[(m.level == "member") & (m.member == code)].drop(columns=["level", "member"])
        pd.testing.assert_frame_equal(rows.reset_index(drop=True), single.matching())
    # Placed and unmet count the region's own rows.
    assert report.placed == region_rows.setting.notna().sum()
    assert report.unmet == region_rows.setting.isna().sum()
    for frame in [report.gaps(), report.metrics(), report.marginal_value()]:
        assert list(frame.columns[:2]) == ["level", "member"]
        assert set(frame.member) <= {"Two towns", *report.region_members}
    metrics = report.metrics()
    for code, single in zip(report.region_members, singles):
        rows = metrics[metrics.member == code].drop(columns=["level", "member"]).reset_index(drop=True)
        pd.testing.assert_frame_equal(rows, single.metrics())
    share = report.in_area_share
    assert share is not None and 0 <= share <= 1
    rows = dict(report.overview())
    assert rows["region"] == "Two towns"
    assert rows["members"].startswith("2 (")
    assert "placed inside the region" in rows


def test_assess_takes_a_region_positionally_and_checks_its_arguments(region, report, authorities):
    assert sf.assess(region) == report
    la = authorities[0]
    with pytest.raises(TypeError, match="not both"):
        sf.assess(la.dataset, la.supply, region=region)
    with pytest.raises(ValueError, match="population"):
        sf.assess(region=region, population=10_000)
    with pytest.raises(TypeError, match="must be a Region"):
        sf.assess(region="North West")
    with pytest.raises(TypeError, match="need must be a Dataset"):
        sf.assess("children", la.supply)


def test_regions_from_pairs_and_triples(authorities):
    a, b = authorities
    pairs = sf.Region("Two towns", [(a.dataset, a.supply), (b.dataset, b.supply)])
    assert pairs == sf.Region("Two towns", authorities)
    triples = sf.Region("Renamed", [("X1", a.dataset, a.supply), ("X2", b.dataset, b.supply)])
    assert triples.members == ["X1", "X2"]
    with pytest.raises(ValueError, match="twice"):
        sf.Region("dup", [a, a])
    with pytest.raises(ValueError, match="at least one member"):
        sf.Region("none", [])
    nameless = sf.Supply.from_frames(a.supply.providers, a.supply.settings)
    with pytest.raises(ValueError, match="names no authority"):
        sf.Region("x", [(a.dataset, nameless)])
    with pytest.raises(TypeError, match="each member must be"):
        sf.Region("x", ["E08000007"])


def check_entrants(matching, projection, on: datetime.date, months: int) -> None:
    """The entrants match what the projection expects in `months` from `on`:
    each band and group's expected entries are rounded to whole children
    (up or down: largest remainder, so ties may go either way), and only the
    groups needing a commissioned place are in the cohort."""
    e = projection.entries_frame()
    until = (pd.Timestamp(on) + pd.DateOffset(months=months)).date()
    e = e[(e.date >= on) & (e.date < until)]
    expected = e.groupby(["age_band", "placement_group"])["children"].sum()
    names = matching.child.str.extract(r"^entrant-(.+)-([a-z_]+)-\d+$")
    counts = names.groupby([0, 1]).size()
    assert set(counts.index) <= set(expected.index)
    assert {g for _, g in counts.index} <= COMMISSIONED
    for key, x in expected.items():
        if key[1] in COMMISSIONED:
            assert math.floor(x - 1e-9) <= counts.get(key, 0) <= math.ceil(x + 1e-9), key


def test_assess_forecast_entrants(model):
    la, m = model
    p = m.project(months=12)
    on = p.start + datetime.timedelta(days=1)
    with_homes = sf.assess((la.dataset, p), la.supply)
    assert with_homes.on == on
    matching = with_homes.matching()
    check_entrants(matching, p, on, 1)
    assert matching.child.str.startswith("entrant-").all()
    assert dict(with_homes.overview())["cohort"] == "new entrants"
    # Homes from the dataset's recent entrants: distances are known.
    assert matching.miles.notna().any()
    three = sf.assess(p, la.supply, on=on, months=3)
    check_entrants(three.matching(), p, on, 3)
    assert len(three.matching()) > len(matching)
    # Without the dataset the entrants' homes are unknown.
    bare = sf.assess(p, la.supply)
    assert len(bare.matching()) == len(matching)
    assert bare.matching().miles.isna().all()
    with pytest.raises(ValueError, match="months"):
        sf.assess(p, la.supply, months=0)


def test_region_of_forecast_entrants(model):
    la, m = model
    p = m.project(months=6)
    region = sf.Region("entrants", [((la.dataset, p), la.supply)])
    r = sf.assess(region=region)
    assert r.children == sf.assess((la.dataset, p), la.supply).children
    need, supply = region.member(la.supply.authority)
    assert isinstance(need, tuple) and need[0] == la.dataset and need[1] == p


def test_everything_pickles_and_compares_equal(model, region, report, authorities):
    la, m = model
    p = m.project(months=12, backtest=6)
    book = sf.PriceBook.from_synthetic(la)
    spend = sf.forecast_costs(p, book, budget={"2025-26": "19000000"})
    single = sf.assess(la.dataset, la.supply)
    objects = [la.dataset, la.supply, la, m, p, p.backtest, spend, book, single, region, report,
               sf.Scenario("s", entries_times=1.1), sf.DemandConfig()]
    for obj in objects:
        again = pickle.loads(pickle.dumps(obj))
        assert type(again) is type(obj)
        assert again == obj, type(obj).__name__
    # And unequal to a different one of the same kind.
    assert authorities[0] != authorities[1]
    assert region != sf.Region("Two towns", authorities[:1])
    assert report != single
    assert m.project(months=6) != p
