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


def test_supply_written_as_csv_reads_back_equal(la, tmp_path):
    files = la.supply.write_csv(tmp_path / "supply")
    assert sorted(f.name for f in files) == ["authority.txt", "occupants.csv", "providers.csv", "settings.csv"]
    back = sf.read_supply(tmp_path / "supply")
    assert back == la.supply
    assert len(back.issues) == 0
    # occupants are the own children the settings count, child by child
    occ = back.occupants
    assert len(occ) == len(set(occ.child))
    per_setting = occ.groupby("setting").size()
    own = back.settings.set_index("setting").own_children
    assert (per_setting <= own.reindex(per_setting.index)).all()


def test_supply_frames_with_occupants_equal_the_folder(la, tmp_path):
    la.supply.write_csv(tmp_path)
    s = la.supply
    frames = sf.Supply.from_frames(s.providers, s.settings, occupants=s.occupants, authority=s.authority)
    # the settings frame's route column is the route each setting is bought by
    # (in-house or spot when none is recorded), so compare what matters
    assert frames.occupants.equals(s.occupants)
    assert frames.settings.drop(columns="route").equals(sf.read_supply(tmp_path).settings.drop(columns="route"))


def test_a_bad_supply_folder_is_an_input_error(tmp_path):
    (tmp_path / "providers.csv").write_text("provider,place_provider\nLA,PR1\n")
    with pytest.raises(sf.InputError, match="settings.csv does not exist"):
        sf.read_supply(tmp_path)
    (tmp_path / "settings.csv").write_text("setting,provider,kind,places\nH1,LA,childrens_home,4\nH2,LA,hotel,1\n")
    (tmp_path / "occupants.csv").write_text("child,setting\nC1,H2\n")
    s = sf.read_supply(tmp_path)
    assert list(zip(s.issues.file, s.issues.row, s.issues.code)) == [
        ("settings.csv", 2, "bad_value"),
        ("occupants.csv", 1, "unknown_setting"),
    ]
    assert len(s) == 1 and len(s.occupants) == 0
