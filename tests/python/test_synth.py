"""The synthetic authority from Python: calibrated, deterministic, and
readable back from the returns it writes."""

import datetime
import decimal

import pytest

import sufficiency as sf


@pytest.fixture(scope="module")
def london():
    return sf.synthetic_authority("inner-london", seed=4, years=3)


def test_profile_and_snapshot_agree(london):
    profile = london.profile
    assert profile["authority_name"] == "Camden"
    on = profile["collection_end"]
    assert on == datetime.date(2025, 3, 31)
    counts = london.dataset.in_care_on(on, by="total")
    # Children in care on the final 31 March within 3% of the profile's 205.
    assert abs(int(counts["children"].sum()) - 205) <= 0.03 * 205
    assert london.dataset.collection_years == [2023, 2024, 2025]


def test_same_seed_same_data_other_seed_other_data(london):
    again = sf.synthetic_authority("inner-london", seed=4, years=3)
    other = sf.synthetic_authority("inner-london", seed=5, years=3)
    assert again.dataset == london.dataset
    assert other.dataset != london.dataset


def test_written_returns_read_back_identically(london, tmp_path):
    folders = london.write_ssda903(tmp_path)
    assert [f.name for f in folders] == ["2023", "2024", "2025"]
    back = sf.read_ssda903(tmp_path)
    assert back == london.dataset
    assert back.issues == []


def test_prices_are_decimal_pounds(london):
    prices = london.prices
    ifa = prices[(prices.placement_group == "foster_agency") & (prices.route == "framework")]
    latest = ifa[ifa.effective_from == datetime.date(2024, 4, 1)]
    assert latest["weekly"].iloc[0] == decimal.Decimal("1000.00")


def test_supply_has_homes_and_households(london):
    settings = london.supply.settings
    assert {"childrens_home", "foster_household"} <= set(settings["kind"])
    assert (settings["places"] > 0).all()


def test_overrides_and_their_errors():
    la = sf.synthetic_authority("england-median", seed=1, years=2, children_in_care=300, placement_mix={"foster_agency": 0.4})
    assert la.profile["children_in_care"] == 300
    assert la.profile["placement_mix"]["foster_agency"] == pytest.approx(0.4)
    with pytest.raises(TypeError, match="overrides are"):
        sf.synthetic_authority("england-median", childrens=3)
    with pytest.raises(ValueError, match="no synthetic profile"):
        sf.synthetic_authority("atlantis")
