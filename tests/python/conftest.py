"""Small SSDA903 returns written as CSV files into a temporary folder.

Each fixture keeps the rows it wrote, so tests can count from the data
rather than from what the library reports.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

HEADER_COLUMNS = ["CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
EPISODE_COLUMNS = [
    "CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER",
    "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST", "URN",
]
UASC_COLUMNS = ["CHILD", "SEX", "DOB", "DUC"]
REVIEW_COLUMNS = ["CHILD", "DOB", "REVIEW", "REVIEW_CODE"]

# The 2024/25 return. Hand-worked facts the tests rely on:
# - episodes row 2 (A2) has DEC before DECOM: an error on column DEC, row rejected;
# - episodes row 5 (A4) has a blank CIN: a warning, row kept; A4 is on short breaks (V3);
# - on 31/03/2025 in care (short breaks left out): A1 foster_agency (U4/PR4),
#   A3 foster_in_house (U5/PR1); with short breaks also A4 childrens_home_external (K2/PR4);
# - started care in 2024/25: A1 (aged 14), A3 (aged 3), A5 (aged 12), A4 (short breaks);
# - left care in 2024/25: A5, REC E4A;
# - A5 is in the UASC table.
HEADER_2025 = [
    ["A1", "M", "01/01/2010", "WBRI", "", "", ""],
    ["A2", "F", "15/06/2008", "WBRI", "", "", ""],
    ["A3", "F", "01/09/2020", "MWBA", "", "", ""],
    ["A4", "M", "01/02/2015", "WBRI", "", "", ""],
    ["A5", "M", "01/01/2012", "AOTH", "", "", ""],
]
EPISODES_2025 = [
    ["A1", "01/05/2024", "S", "C2", "N1", "U4", "PR4", "", "", "", "", "", ""],
    ["A2", "01/05/2024", "S", "C2", "N1", "K2", "PR1", "01/04/2024", "E4A", "", "", "", ""],
    ["A3", "01/06/2024", "S", "C1", "N1", "U1", "PR1", "01/09/2024", "X1", "CARPL", "", "", ""],
    ["A3", "01/09/2024", "P", "C1", "N1", "U5", "PR1", "", "", "", "", "", ""],
    ["A4", "10/10/2024", "S", "V3", "", "K2", "PR4", "", "", "", "", "", ""],
    ["A5", "01/04/2024", "S", "V2", "N4", "U6", "PR1", "20/12/2024", "E4A", "", "", "", ""],
]
UASC_2025 = [["A5", "M", "01/01/2012", ""]]

# The 2023/24 return, for multi-year reads: A1 is not yet in care; B1 left.
HEADER_2024 = [["B1", "1", "01/03/2011", "WBRI", "", "", ""]]
EPISODES_2024 = [["B1", "01/05/2023", "S", "C2", "N1", "U4", "PR1", "01/02/2024", "E4A", "", "", "", ""]]


def write_csv(path: Path, columns: list[str], rows: list[list[str]]) -> Path:
    """Writes a comma-separated table (no quoting is needed for these values)."""
    lines = [",".join(columns)] + [",".join(r) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@dataclass
class Return:
    """A return written to disk, with the rows that went into each file."""

    folder: Path
    rows: dict[str, list[list[str]]]


@pytest.fixture
def return_2025(tmp_path: Path) -> Return:
    folder = tmp_path / "2025"
    folder.mkdir()
    write_csv(folder / "header.csv", HEADER_COLUMNS, HEADER_2025)
    write_csv(folder / "episodes.csv", EPISODE_COLUMNS, EPISODES_2025)
    write_csv(folder / "uasc.csv", UASC_COLUMNS, UASC_2025)
    return Return(folder, {"header.csv": HEADER_2025, "episodes.csv": EPISODES_2025, "uasc.csv": UASC_2025})


@pytest.fixture
def two_returns(tmp_path: Path, return_2025: Return) -> Path:
    """A folder of year folders: 2024 (2023/24) and 2025 (2024/25)."""
    folder = tmp_path / "2024"
    folder.mkdir()
    write_csv(folder / "header.csv", HEADER_COLUMNS, HEADER_2024)
    write_csv(folder / "episodes.csv", EPISODE_COLUMNS, EPISODES_2024)
    return tmp_path


# A synthetic inner-London authority and a demand model fitted on its last
# collection year, shared by the modules that test results built from them
# (generated once per session).
INNER_LONDON_REFERENCE = ("2024-04-01", "2025-03-31")


@pytest.fixture(scope="session")
def inner_london():
    import sufficiency as sf

    return sf.synthetic_authority("inner-london", seed=1, years=3)


@pytest.fixture(scope="session")
def inner_london_model(inner_london):
    import sufficiency as sf

    return sf.DemandModel.fit(inner_london.dataset, reference=INNER_LONDON_REFERENCE)
