"""Building a dataset from pandas DataFrames."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import sufficiency
from conftest import EPISODE_COLUMNS, HEADER_COLUMNS


def read_as_text(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_from_frames_equals_reading_the_csv_files(return_2025):
    from_files = sufficiency.read_ssda903(return_2025.folder)
    from_frames = sufficiency.Dataset.from_frames(
        header=read_as_text(return_2025.folder / "header.csv"),
        episodes=read_as_text(return_2025.folder / "episodes.csv"),
        uasc=read_as_text(return_2025.folder / "uasc.csv"),
    )
    assert from_frames == from_files
    assert from_frames.collection_years == from_files.collection_years

    def where(ds):
        return [(Path(i.file).name.replace(".csv", ""), i.row, i.column, i.code, i.severity) for i in ds.issues]

    assert where(from_frames) == where(from_files)
    # Issues name the frames, rows counted from 1 as in a file.
    dec = next(i for i in from_frames.issues if i.code == "dec_before_decom")
    assert (dec.file, dec.row, dec.column) == ("episodes", 2, "DEC")
    assert list(from_frames.summary()["file"]) == ["header", "episodes", "uasc"]


def test_from_frames_with_pandas_default_types(return_2025):
    # read_csv without dtype=str: blanks become NaN, codes stay text.
    header = pd.read_csv(return_2025.folder / "header.csv")
    episodes = pd.read_csv(return_2025.folder / "episodes.csv")
    ds = sufficiency.Dataset.from_frames(header=header, episodes=episodes)
    reference = sufficiency.Dataset.from_frames(
        header=read_as_text(return_2025.folder / "header.csv"),
        episodes=read_as_text(return_2025.folder / "episodes.csv"))
    assert ds == reference


def test_from_frames_converts_dates_numbers_and_missing_values():
    header = pd.DataFrame({
        "CHILD": [1001, 1002],
        "SEX": ["M", "F"],
        "DOB": [dt.date(2010, 1, 1), pd.Timestamp("2012-06-15")],
        "ETHNIC": ["WBRI", None],
        "UPN": [None, np.nan],
        "MOTHER": [None, None],
        "MC_DOB": [pd.NaT, None],
    })
    episodes = pd.DataFrame({
        "CHILD": [1001.0, 1002.0, 1002.0],  # float, as pandas makes an id column with a blank in it
        "DECOM": pd.to_datetime(["2024-05-01", "2024-06-01", "2024-09-01"]),
        "RNE": ["S", "S", "P"],
        "LS": ["C2", "C1", "C1"],
        "CIN": ["N1", "N1", "N1"],
        "PLACE": ["U4", "U1", "U5"],
        "PLACE_PROVIDER": ["PR4", "PR1", "PR1"],
        "DEC": pd.to_datetime([None, "2024-09-01", None]),
        "REC": [None, "X1", np.nan],
        "REASON_PLACE_CHANGE": [None, None, None],
        "HOME_POST": [None, None, None],
        "PL_POST": [None, None, None],
        "URN": [None, None, None],
    })
    ds = sufficiency.Dataset.from_frames(header=header, episodes=episodes)
    assert [i for i in ds.issues if i.severity == "error"] == []
    assert [c.child for c in ds.children] == ["1001", "1002"]
    assert ds.child("1002").dob == dt.date(2012, 6, 15)
    assert [(e.child, e.decom, e.dec) for e in ds.episodes] == [
        ("1001", dt.date(2024, 5, 1), None),
        ("1002", dt.date(2024, 6, 1), dt.date(2024, 9, 1)),
        ("1002", dt.date(2024, 9, 1), None),
    ]
    # The same table written as CSV text reads the same.
    text_header = pd.DataFrame(
        [["1001", "M", "01/01/2010", "WBRI", "", "", ""], ["1002", "F", "15/06/2012", "", "", "", ""]],
        columns=HEADER_COLUMNS)
    text_episodes = pd.DataFrame([
        ["1001", "01/05/2024", "S", "C2", "N1", "U4", "PR4", "", "", "", "", "", ""],
        ["1002", "01/06/2024", "S", "C1", "N1", "U1", "PR1", "01/09/2024", "X1", "", "", "", ""],
        ["1002", "01/09/2024", "P", "C1", "N1", "U5", "PR1", "", "", "", "", "", ""],
    ], columns=EPISODE_COLUMNS)
    assert ds == sufficiency.Dataset.from_frames(header=text_header, episodes=text_episodes)


def test_from_frames_reports_bad_cells_by_frame_row_and_column():
    header = pd.DataFrame([["C1", "M", "2010-01-01"], ["C2", "F", "01/01/2011"]], columns=["CHILD", "SEX", "DOB"])
    ds = sufficiency.Dataset.from_frames(header=header, episodes=None, collection_year=2025)
    bad = [i for i in ds.issues if i.code == "date_format"]
    assert [(i.file, i.row, i.column) for i in bad] == [("header", 1, "DOB")]
    assert [c.child for c in ds.children] == ["C2"]


def test_from_frames_needs_a_table():
    with pytest.raises(TypeError):
        sufficiency.Dataset.from_frames(header=None, episodes=None)


def test_from_frames_input_errors_are_sufficiency_errors():
    header = pd.DataFrame({"NAME": ["Ada"], "ADDRESS": ["London"]})
    with pytest.raises(sufficiency.InputError, match="header"):
        sufficiency.Dataset.from_frames(header=header, episodes=None, collection_year=2025)


def test_from_frames_without_episode_dates_needs_a_year():
    header = pd.DataFrame([["C1", "M", "01/01/2010"]], columns=["CHILD", "SEX", "DOB"])
    with pytest.raises(sufficiency.InputError, match="collection_year"):
        sufficiency.Dataset.from_frames(header=header, episodes=None)


def test_from_frames_accepts_what_pandas_accepts():
    header = {"CHILD": ["C1"], "SEX": ["M"], "DOB": ["01/01/2010"]}
    ds = sufficiency.Dataset.from_frames(header=header, episodes=None, collection_year=2025)
    assert len(ds.children) == 1
    with pytest.raises(TypeError, match="header"):
        sufficiency.Dataset.from_frames(header=42, episodes=None, collection_year=2025)
