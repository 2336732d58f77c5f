"""Reading returns from disk: datasets, issues, summaries and unreadable files."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pandas as pd
import pytest

import sufficiency
from conftest import EPISODE_COLUMNS, HEADER_COLUMNS, REVIEW_COLUMNS, write_csv


def test_reads_a_folder(return_2025):
    ds = sufficiency.read_ssda903(return_2025.folder)
    assert isinstance(ds, sufficiency.Dataset)
    # Every header row is accepted; one episode row (A2's) is rejected.
    assert len(ds.children) == len(return_2025.rows["header.csv"])
    assert len(ds.episodes) == len(return_2025.rows["episodes.csv"]) - 1
    assert ds.collection_years == [2025]
    assert [c.child for c in ds.children] == ["A1", "A2", "A3", "A4", "A5"]
    assert ds.child("a5").uasc is True
    assert ds.child("A1").uasc is False
    assert ds.child("nobody") is None


def test_paths_may_be_str_pathlike_or_a_list(return_2025):
    a = sufficiency.read_ssda903(str(return_2025.folder))
    b = sufficiency.read_ssda903(return_2025.folder)
    files = [return_2025.folder / "header.csv", return_2025.folder / "episodes.csv"]
    c = sufficiency.read_ssda903(*files)
    d = sufficiency.read_ssda903(files)
    assert a == b
    assert c == d
    assert len(c.children) == len(a.children)


def test_children_and_episodes_are_sequences(return_2025):
    ds = sufficiency.read_ssda903(return_2025.folder)
    assert len(ds.children) == 5
    assert ds.children[0].child == "A1"
    assert ds.children[-1].child == "A5"
    assert [c.child for c in ds.children[1:3]] == ["A2", "A3"]
    with pytest.raises(IndexError):
        ds.children[5]
    assert ds.children[0] in ds.children
    first = ds.episodes[0]
    assert (first.child, first.decom, first.dec, first.place, first.place_provider) == (
        "A1", dt.date(2024, 5, 1), None, "U4", "PR4")
    assert first.placement_group == "foster_agency"
    file, row = first.source
    assert Path(file).name == "episodes.csv" and row == 1
    assert [e.decom for e in ds.episodes_of("A3")] == [dt.date(2024, 6, 1), dt.date(2024, 9, 1)]
    assert ds.episodes_of("A3")[0].rec == "X1"
    assert ds.episodes_of("A3")[0].reason_place_change == "CARPL"
    assert sum(1 for _ in ds.episodes) == len(ds.episodes)


def test_issues_point_at_file_row_and_column(return_2025):
    ds = sufficiency.read_ssda903(return_2025.folder)
    by_code = {i.code: i for i in ds.issues}

    dec = by_code["dec_before_decom"]
    assert Path(dec.file).name == "episodes.csv"
    assert (dec.row, dec.column, dec.severity) == (2, "DEC", "error")
    assert "DEC" in dec.message and "DECOM" in dec.message

    cin = by_code["missing_value"]
    assert Path(cin.file).name == "episodes.csv"
    assert (cin.row, cin.column, cin.severity) == (5, "CIN", "warning")

    for issue in ds.issues:
        assert isinstance(issue, sufficiency.Issue)
        assert issue.severity in ("error", "warning")
        assert str(issue).startswith(issue.file)
    assert "dec_before_decom" in repr(dec)


def test_file_level_issues_have_no_row(return_2025):
    write_csv(return_2025.folder / "reviews.csv", REVIEW_COLUMNS, [["A1", "01/01/2010", "01/06/2024", "PN1"]])
    ds = sufficiency.read_ssda903(return_2025.folder)
    unused = [i for i in ds.issues if i.code == "table_not_used"]
    assert len(unused) == 1
    assert Path(unused[0].file).name == "reviews.csv"
    assert unused[0].row is None and unused[0].column is None


def test_issues_frame(return_2025):
    write_csv(return_2025.folder / "reviews.csv", REVIEW_COLUMNS, [["A1", "01/01/2010", "01/06/2024", "PN1"]])
    ds = sufficiency.read_ssda903(return_2025.folder)
    frame = ds.issues_frame()
    assert list(frame.columns) == ["file", "row", "column", "code", "severity", "message"]
    assert len(frame) == len(ds.issues)
    dec = frame[frame["code"] == "dec_before_decom"].iloc[0]
    assert (dec["row"], dec["column"], dec["severity"]) == (2, "DEC", "error")
    unused = frame[frame["code"] == "table_not_used"].iloc[0]
    assert pd.isna(unused["row"])


def test_summary_balances_rows(return_2025):
    ds = sufficiency.read_ssda903(return_2025.folder)
    summary = ds.summary()
    assert list(summary.columns) == [
        "file", "table", "collection_year", "rows_read", "rows_accepted", "rows_rejected"]
    assert len(summary) == 3
    for rec in summary.to_dict("records"):
        name = Path(rec["file"]).name
        written = return_2025.rows[name]
        # Counted from the fixture and the issues, not from the summary itself.
        rejected_rows = {i.row for i in ds.issues
                         if i.severity == "error" and i.row is not None and Path(i.file).name == name}
        assert rec["rows_read"] == len(written)
        assert rec["rows_rejected"] == len(rejected_rows)
        assert rec["rows_accepted"] == len(written) - len(rejected_rows)
        assert rec["rows_read"] == rec["rows_accepted"] + rec["rows_rejected"]
        assert rec["collection_year"] == 2025
    tables = dict(zip(summary["file"].map(lambda f: Path(f).name), summary["table"]))
    assert tables == {"header.csv": "header", "episodes.csv": "episodes", "uasc.csv": "uasc"}
    # The episodes file had exactly one rejected row (A2, DEC before DECOM).
    episodes = summary[summary["table"] == "episodes"].iloc[0]
    assert (episodes["rows_read"], episodes["rows_accepted"], episodes["rows_rejected"]) == (6, 5, 1)


def test_episodes_and_children_frames(return_2025):
    ds = sufficiency.read_ssda903(return_2025.folder)
    eps = ds.episodes_frame()
    assert list(eps.columns) == [
        "child", "decom", "dec", "rne", "ls", "cin", "place", "place_provider", "rec",
        "reason_place_change", "home_post", "pl_post", "urn", "placement_group"]
    assert len(eps) == len(ds.episodes)
    assert isinstance(eps["decom"].iloc[0], dt.date)
    a5 = eps[eps["child"] == "A5"].iloc[0]
    assert (a5["decom"], a5["dec"], a5["rec"], a5["placement_group"]) == (
        dt.date(2024, 4, 1), dt.date(2024, 12, 20), "E4A", "foster_in_house")
    assert eps["dec"].isna().sum() == 3  # A1, A3's second episode and A4 are open

    kids = ds.children_frame()
    assert list(kids.columns)[:6] == ["child", "sex", "dob", "ethnicity", "upn", "mother"]
    assert "uasc" in kids.columns
    assert len(kids) == len(ds.children)
    a1 = kids[kids["child"] == "A1"].iloc[0]
    assert (a1["sex"], a1["dob"], a1["ethnicity"]) == ("male", dt.date(2010, 1, 1), "WBRI")
    assert kids.set_index("child")["uasc"].to_dict() == {
        "A1": False, "A2": False, "A3": False, "A4": False, "A5": True}


def test_reads_a_folder_of_years(two_returns):
    ds = sufficiency.read_ssda903(two_returns)
    assert ds.collection_years == [2024, 2025]
    assert "2023/24\u20132024/25" in repr(ds)
    assert ds.child("B1").sex == "male"  # coded 1 in 2023/24
    assert set(ds.summary()["collection_year"]) == {2024, 2025}


def test_collection_year_is_checked(return_2025):
    ds = sufficiency.read_ssda903(return_2025.folder, collection_year=2025)
    assert ds.collection_years == [2025]
    with pytest.raises(ValueError, match="2024/25"):
        sufficiency.read_ssda903(return_2025.folder, collection_year=25)


def test_collection_year_for_several_returns_is_an_input_error(two_returns):
    with pytest.raises(sufficiency.InputError, match="collection_year"):
        sufficiency.read_ssda903(two_returns, collection_year=2025)


def test_no_path_is_a_type_error():
    with pytest.raises(TypeError, match="at least one path"):
        sufficiency.read_ssda903()
    with pytest.raises(TypeError, match="os.PathLike"):
        sufficiency.read_ssda903(42)


def test_empty_file_is_an_input_error(return_2025):
    (return_2025.folder / "episodes.csv").write_bytes(b"")
    with pytest.raises(sufficiency.InputError) as info:
        sufficiency.read_ssda903(return_2025.folder)
    err = info.value
    assert isinstance(err, sufficiency.SufficiencyError)
    assert isinstance(err, Exception)
    assert "episodes.csv" in str(err) and "empty" in str(err)


def test_semicolon_separated_file_is_an_input_error(tmp_path):
    folder = tmp_path / "y"
    folder.mkdir()
    (folder / "episodes.csv").write_text(
        ";".join(EPISODE_COLUMNS) + "\nA1;01/05/2024;S;C2;N1;U4;PR4;;;;;;\n", encoding="utf-8")
    write_csv(folder / "header.csv", HEADER_COLUMNS, [["A1", "M", "01/01/2010", "", "", "", ""]])
    with pytest.raises(sufficiency.InputError) as info:
        sufficiency.read_ssda903(folder)
    assert isinstance(info.value, sufficiency.SufficiencyError)
    assert "episodes.csv" in str(info.value) and "semicolon" in str(info.value)


def test_missing_path_is_an_input_error(tmp_path):
    missing = tmp_path / "not-there"
    with pytest.raises(sufficiency.InputError, match="not-there"):
        sufficiency.read_ssda903(missing)


def test_unrecognised_header_is_an_input_error(tmp_path):
    (tmp_path / "people.csv").write_text("NAME,ADDRESS\nAda,London\n", encoding="utf-8")
    with pytest.raises(sufficiency.InputError, match="people.csv"):
        sufficiency.read_ssda903(tmp_path)


def test_write_and_read_back(return_2025, tmp_path):
    ds = sufficiency.read_ssda903(return_2025.folder)
    out = tmp_path / "written" / "2025"
    assert ds.write_ssda903(out, 2025) is None
    assert sorted(os.listdir(out)) == ["episodes.csv", "header.csv", "uasc.csv"]
    back = sufficiency.read_ssda903(out)
    assert back == ds
    assert [i for i in back.issues if i.severity == "error"] == []


def test_reads_from_several_threads(return_2025):
    # Reads from several threads at once give the same data (the GIL is released while reading).
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda _: sufficiency.read_ssda903(return_2025.folder), range(8)))
    assert all(r == results[0] for r in results)
