"""Snapshot facts against counts worked out by hand from the fixtures."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

import sufficiency
from conftest import EPISODE_COLUMNS

END_OF_YEAR = dt.date(2025, 3, 31)
BY_CHOICES = ["total", "placement_group", "place", "age_band", "legal_status", "provider", "sex", "uasc",
              "category_of_need"]


def as_dict(frame: pd.DataFrame) -> dict[str, int]:
    """Non-zero rows of a [key, children] frame."""
    key = frame.columns[0]
    return {k: n for k, n in zip(frame[key], frame["children"]) if n}


@pytest.fixture
def ds(return_2025):
    return sufficiency.read_ssda903(return_2025.folder)


def test_in_care_on_by_placement_group(ds):
    frame = ds.in_care_on(END_OF_YEAR)
    assert list(frame.columns) == ["placement_group", "children"]
    # Hand count (conftest): A1 U4/PR4, A3 U5/PR1; A4 is on short breaks; A5 left in December.
    assert as_dict(frame) == {"foster_agency": 1, "foster_in_house": 1}
    # Every group is listed, zeros included.
    assert "secure" in set(frame["placement_group"])
    assert frame["children"].dtype == "int64"


def test_in_care_on_with_short_breaks(ds):
    frame = ds.in_care_on(END_OF_YEAR, include_short_breaks=True)
    assert as_dict(frame) == {"foster_agency": 1, "foster_in_house": 1, "childrens_home_external": 1}


def test_in_care_on_other_breakdowns(ds):
    assert as_dict(ds.in_care_on(END_OF_YEAR, by="total")) == {"total": 2}
    assert as_dict(ds.in_care_on(END_OF_YEAR, by="age_band")) == {"10-15": 1, "1-4": 1}
    assert as_dict(ds.in_care_on(END_OF_YEAR, by="place")) == {"U4": 1, "U5": 1}
    assert as_dict(ds.in_care_on(END_OF_YEAR, by="sex")) == {"male": 1, "female": 1}
    # On 1 December 2024 A5 (UASC, U6 PR1) was still in care.
    assert as_dict(ds.in_care_on("2024-12-01", by="uasc")) == {"uasc": 1, "not_uasc": 2}
    for by in BY_CHOICES:
        frame = ds.in_care_on(END_OF_YEAR, by=by)
        assert list(frame.columns) == [by, "children"]
        assert frame["children"].sum() == 2


def test_in_care_on_accepts_dates_strings_and_datetimes(ds):
    a = ds.in_care_on(END_OF_YEAR)
    pd.testing.assert_frame_equal(a, ds.in_care_on("2025-03-31"))
    pd.testing.assert_frame_equal(a, ds.in_care_on(dt.datetime(2025, 3, 31, 12, 0)))
    pd.testing.assert_frame_equal(a, ds.in_care_on(pd.Timestamp("2025-03-31")))


def test_bad_arguments(ds):
    with pytest.raises(ValueError) as info:
        ds.in_care_on(END_OF_YEAR, by="colour")
    for choice in BY_CHOICES:
        assert choice in str(info.value)
    with pytest.raises(ValueError, match="YYYY-MM-DD"):
        ds.in_care_on("31/03/2025")
    with pytest.raises(TypeError, match="datetime.date"):
        ds.in_care_on(20250331)
    with pytest.raises(ValueError, match="after"):
        ds.entries("2025-03-31", "2024-04-01")
    with pytest.raises(ValueError):
        ds.stability(12)


def test_entries(ds):
    frame = ds.entries("2024-04-01", "2025-03-31")
    assert list(frame.columns) == ["age_band", "children"]
    # A1 (14 on 01/05/2024), A5 (12 on 01/04/2024), A3 (3 on 01/06/2024); A4 is short breaks.
    assert as_dict(frame) == {"10-15": 2, "1-4": 1}
    assert as_dict(ds.entries("2024-04-01", "2025-03-31", include_short_breaks=True)) == {"10-15": 2, "1-4": 1, "5-9": 1}
    assert as_dict(ds.entries("2024-04-01", "2025-03-31", by="legal_status")) == {"C2": 1, "C1": 1, "V2": 1}


def test_leavers(ds):
    frame = ds.leavers(dt.date(2024, 4, 1), dt.date(2025, 3, 31))
    assert list(frame.columns) == ["rec", "children"]
    assert as_dict(frame) == {"E4A": 1}
    assert as_dict(ds.leavers("2025-01-01", "2025-03-31")) == {}


def test_stability_counts_a_child_with_three_placements():
    header = pd.DataFrame(
        [["S1", "M", "15/06/2010"], ["S2", "F", "01/01/2012"]], columns=["CHILD", "SEX", "DOB"])
    rows = [
        # S1: a placement running on 1 April, a legal-status change (not a move), then two moves.
        ["S1", "01/01/2024", "S", "C1", "N1", "U4", "PR1", "01/06/2024", "X1"],
        ["S1", "01/06/2024", "L", "C2", "N1", "U4", "PR1", "01/08/2024", "X1"],
        ["S1", "01/08/2024", "P", "C2", "N1", "U4", "PR4", "01/10/2024", "X1"],
        ["S1", "01/10/2024", "P", "C2", "N1", "K2", "PR4", "", ""],
        # S2: a placement running on 1 April and one move: two placements.
        ["S2", "01/02/2024", "S", "C1", "N1", "U4", "PR1", "01/07/2024", "X1"],
        ["S2", "01/07/2024", "P", "C1", "N1", "U5", "PR1", "", ""],
    ]
    episodes = pd.DataFrame([r + ["", "", "", ""] for r in rows], columns=EPISODE_COLUMNS)
    ds = sufficiency.Dataset.from_frames(header=header, episodes=episodes)
    assert [i for i in ds.issues if i.severity == "error"] == []
    s = ds.stability(2025)
    assert s["collection_year"] == 2025
    assert (s["children"], s["three_or_more"]) == (2, 1)
    assert s["share"] == pytest.approx(0.5)
    assert s["three_or_more_children"] == ["S1"]
    # The year before, neither child had three placements.
    assert ds.stability(2024)["three_or_more"] == 0
