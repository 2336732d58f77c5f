#!/usr/bin/env python3
"""Validate one year's SSDA903 return with the DfE's public validator.

Runs PyPI ``csc-validator-be-903==0.1.17`` (module ``lac_validator``; see
/work/shared/domain/ssda903.md section 8) on a folder holding one collection
year's CSV tables (header.csv, episodes.csv, uasc.csv, ... as written by
``Dataset.write_ssda903`` / ``sufficiency::ssda903::write_return``), prints
what fired, and exits non-zero if the return's structure is not what the DfE
accepts.

Usage::

    scripts/validate_903.py FOLDER [--year 2025] [--la E09000027] [--prev FOLDER]
                            [--issues-csv PATH] [--stale-lookup] [--wide] [--venv DIR]

* ``--year``: the collection year as its end year (2025 is 2024/25); it
  selects that year's ruleset and reporting window. Defaults to FOLDER's name
  when that is a year. (The validator's own ``run-offline`` command always
  validates as 2023, ssda903.md section 8.4, so this script uses its Python
  API instead.)
* ``--la``: the submitting authority's 9-character ONS code, used for
  PL_LA / PL_LOCATION (default E09000027, the validator's own default).
* ``--prev``: the previous year's folder, for the year-on-year rules.

The validator pins pandas<2 and numpy<1.25 and its CLI imports pytest without
declaring it, so it lives in its own virtual environment: ``.venv-validator/``
in the repository root (git-ignored), created on first use with a Python
3.9-3.11 interpreter and ``pip install csc-validator-be-903==0.1.17 pytest``.
The script then re-runs itself with that environment's Python.

What counts (exit status 1): any issue flagged on a row of the Header,
Episodes or UASC table -- the tables this crate writes -- except by the rules
in ``BROKEN_RULES`` below. That includes the postcode rules (392c fires on a
postcode that is not in the ONSPD: synthetic returns must use real unit
postcodes, e.g. the ones embedded in ``sufficiency::geo``).

What is not counted:

* Rules that need a table this crate does not write (Reviews, OC2, OC3, AD1,
  PlacedAdoption, PrevPerm, Missing, SWEpisodes) or the Ofsted provider lists
  (URN rules): the validator skips them (it returns no result when a table
  is absent), and this script lists how many were skipped and for want of
  which tables. A rule that nonetheless flags a Header / Episodes / UASC row
  counts.
* Issues on the previous year's tables (``*_last``, only with ``--prev``):
  listed, not counted.
* ``BROKEN_RULES``: they always raise in 0.1.17, whatever the data.
* Two known false positives of 0.1.17, row by row (ssda903.md sections 4.8
  and 8.4): rule 202 on a child whose SEX differs from ``--prev`` only by the
  2024/25 recoding 1/2 -> M/F, and rule 146 on PLACE K3 in 2024/25 (the rule
  lists ``k3`` in lower case). They are reported, not counted.

The validator derives PL_LA from an April 2021 LAD->UTLA lookup that lacks the
LADs created or re-coded since (Cumberland, Westmorland and Furness, North
Yorkshire, Somerset, Barnsley, Sheffield: ssda903.md section 7), so every
placement there gets no PL_LA and rule 169 fires. By default this script adds
those LADs to the validator's lookup in memory, from the crate's own 2025
table (src/geo/data/lads.csv); ``--stale-lookup`` validates as shipped.

Rules that raise on this data ("failed to run") are listed with the error;
an unexpected failure (not in ``BROKEN_RULES``) makes the exit status 2 when
nothing else fails, since a crash can hide a real problem.

Exit status: 0 clean; 1 blocking issues, or the validator could not read the
files at all (unrecognised columns, undecodable text); 2 only unexpected rule
failures; 3 usage or setup error.

The validator takes about 3 s on the shipped sample year (69 episodes), 6 s
on 4,000 episodes, and 15-25 s with ``--prev`` on a 900-episode synthetic
authority (2 cores); setting up the venv takes about a minute, once.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import io
import logging
import os
import re
import shutil
import subprocess
import sys
import time
import warnings
from pathlib import Path

VALIDATOR = "csc-validator-be-903"
VALIDATOR_VERSION = "0.1.17"
# The CLI imports pytest without declaring it (ssda903.md section 8.4); the
# package imports it indirectly too, so install it alongside.
EXTRA_PACKAGES = ["pytest"]

REPO = Path(__file__).resolve().parent.parent
DEFAULT_VENV = REPO / ".venv-validator"
IN_VENV_MARKER = "SUFFICIENCY_VALIDATE_903_IN_VENV"

# Rules broken upstream in 0.1.17: they read columns that do not exist, so
# they always raise (ssda903.md section 8.4): 231 and 233 read UASC_STATUS /
# DATE_EPISODE_CEASED; 706, 709 and 710 (2026/27) read PLACEMENT instead of
# PLACE. Excluded by code, from both issues and failures.
BROKEN_RULES = {"231", "233", "706", "709", "710"}

# The tables this crate writes; an issue on any of their rows is blocking.
CHECKED_TABLES = {"Header", "Episodes", "UASC"}

# Collection years the validator has rulesets for (lac2022_23 .. lac2026_27).
YEARS = range(2023, 2028)

LA_CODE = re.compile(r"^[EWSN]\d{8}$")


# ------------------------------------------------------------------ the venv


def venv_python(venv: Path) -> Path:
    return venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def venv_is_ready(python: Path) -> bool:
    if not python.exists():
        return False
    probe = (
        "import importlib.metadata as m, lac_validator, pytest; "
        f"assert m.version({VALIDATOR!r}) == {VALIDATOR_VERSION!r}"
    )
    return subprocess.run([str(python), "-c", probe], capture_output=True).returncode == 0


def base_interpreter() -> str:
    """A Python 3.9-3.11 to build the venv with (the validator's pins have no
    wheels for newer Pythons)."""
    if (3, 9) <= sys.version_info[:2] <= (3, 11):
        return sys.executable
    for name in ("python3.11", "python3.10", "python3.9"):
        found = shutil.which(name)
        if found:
            return found
    raise SystemExit(
        f"validate_903: {VALIDATOR} {VALIDATOR_VERSION} needs Python 3.9-3.11 (it pins pandas<2 and "
        f"numpy<1.25), but this is Python {sys.version.split()[0]} and no python3.11/3.10/3.9 is on PATH."
    )


def ensure_venv(venv: Path) -> Path:
    python = venv_python(venv)
    if venv_is_ready(python):
        return python
    print(f"Setting up {venv} with {VALIDATOR}=={VALIDATOR_VERSION} (first run only) ...", file=sys.stderr)
    if not python.exists():
        subprocess.run([base_interpreter(), "-m", "venv", str(venv)], check=True)
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         f"{VALIDATOR}=={VALIDATOR_VERSION}", *EXTRA_PACKAGES],
        check=True,
    )
    if not venv_is_ready(python):
        raise SystemExit(f"validate_903: installing {VALIDATOR} into {venv} did not work; delete it and retry.")
    return python


# ------------------------------------------------------------- the arguments


def parse_args(argv: list[str]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(
        prog="validate_903.py",
        description="Validate one year's SSDA903 CSV return with the DfE's public validator "
        f"({VALIDATOR} {VALIDATOR_VERSION}).",
        epilog="Exit status: 0 clean; 1 issues on Header/Episodes/UASC rows (or unreadable files); "
        "2 only unexpected rule failures; 3 usage or setup error.",
    )
    ap.add_argument("folder", type=Path, help="one collection year's folder of CSV tables")
    ap.add_argument("--year", type=int, help="collection end year, e.g. 2025 for 2024/25 (default: the folder name)")
    ap.add_argument("--la", default="E09000027", help="submitting LA's ONS code (default: %(default)s)")
    ap.add_argument("--prev", type=Path, help="the previous year's folder, for year-on-year rules")
    ap.add_argument("--issues-csv", type=Path, help="also write every issue (one row per affected field) here")
    ap.add_argument(
        "--stale-lookup",
        action="store_true",
        help="keep the validator's April 2021 LAD->UTLA lookup as shipped (by default the 2025 LADs it lacks "
        "are added from src/geo/data/lads.csv)",
    )
    ap.add_argument("--wide", action="store_true", help="do not shorten rule descriptions")
    ap.add_argument("--venv", type=Path, default=DEFAULT_VENV, help="the validator's venv (default: %(default)s)")
    args = ap.parse_args(argv)

    if not args.folder.is_dir():
        ap.exit(3, f"validate_903: {args.folder} is not a folder\n")
    if args.year is None:
        name = args.folder.resolve().name
        if not name.isdigit():
            ap.exit(3, f"validate_903: cannot tell the collection year from the folder name '{name}'; pass --year\n")
        args.year = int(name)
    if args.year not in YEARS:
        ap.exit(3, f"validate_903: {VALIDATOR} {VALIDATOR_VERSION} has rules for {YEARS.start}-{YEARS.stop - 1}, "
                   f"not {args.year}\n")
    args.la = args.la.strip().upper()
    if not LA_CODE.match(args.la):
        ap.exit(3, f"validate_903: --la '{args.la}' is not a 9-character ONS code such as E09000027\n")
    if args.prev is not None and not args.prev.is_dir():
        ap.exit(3, f"validate_903: --prev {args.prev} is not a folder\n")
    return args


def csv_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() == ".csv")


# ---------------------------------------------------------- the validation


def current_lad_rows(known: set) -> list[dict]:
    """2025 English LADs missing from the validator's April 2021 LTLA->UTLA
    lookup, as rows of that lookup, from the crate's own current table
    (src/geo/data/lads.csv and authorities.csv, built from the ONSPD
    November 2025 by scripts/build_postcode_data.py)."""
    import csv

    data = REPO / "src" / "geo" / "data"

    def rows(name: str):
        with open(data / name, encoding="utf-8", newline="") as f:
            yield from csv.DictReader(line for line in f if not line.startswith("#"))

    utla_names = {r["code"]: r["name"] for r in rows("authorities.csv")}
    return [
        {"LTLA21CD": r["lad"], "LTLA21NM": r["name"], "UTLA21CD": r["utla"], "UTLA21NM": utla_names[r["utla"]]}
        for r in rows("lads.csv")
        if r["lad"].startswith("E") and r["lad"] not in known
    ]


def patch_stale_lookup() -> list[str]:
    """Adds the 2025 LADs the validator's lookup lacks (ssda903.md section 7:
    E06000063-66, E08000038-39), so that PL_LA and PL_LOCATION are derived as
    the DfE does today rather than left null -- which otherwise makes rule 169
    fire on every placement there, and 1015 and other PL_LA rules misjudge
    them. Returns the codes added."""
    import pandas as pd
    from lac_validator import datastore, ingress

    extra = current_lad_rows(set(datastore.la_df["LTLA21CD"]))
    if extra:
        patched = pd.concat([datastore.la_df, pd.DataFrame(extra)], ignore_index=True)
        datastore.la_df = patched  # read by _add_postcode_derived_fields
        ingress.la_df = patched  # and by the provider-list readers
    return [r["LTLA21CD"] for r in extra]


def k3_rows(dfs: dict, rows: set, year: str) -> set:
    """Episodes rows (of ``rows``) flagged by rule 146 in 2024/25 only because
    their PLACE is K3: that year's rule lists ``k3`` in lower case, so every K3
    fails (ssda903.md section 8.4); K3 is valid from 2024/25."""
    if year != "2025" or not rows or "Episodes" not in dfs:
        return set()
    place = dfs["Episodes"]["PLACE"].astype(str)
    return {row for row in rows if place.at[row] == "K3"}


class FailureLog(logging.Handler):
    """Collects why rules failed to run: the validator only logs it."""

    PATTERN = re.compile(r"Rule code (\S+) failed to run")

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.reasons: dict[str, str] = {}

    def emit(self, record: logging.LogRecord) -> None:
        m = self.PATTERN.search(record.getMessage())
        if m:
            exc = record.exc_info[1] if record.exc_info else None
            self.reasons[m.group(1)] = f"{type(exc).__name__}: {exc}" if exc else "unknown error"


def shorten(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def validate(args: argparse.Namespace) -> int:
    warnings.filterwarnings("ignore")  # pandas 1.5 chained-assignment and future warnings from the rules
    logging.basicConfig(level=logging.WARNING)
    failures = FailureLog()
    import lac_validator  # noqa: F401  (configures logging at INFO on import)
    from lac_validator import lac_validator as lv
    from lac_validator.report import Report
    from lac_validator.rules.ruleset_utils import get_year_ruleset
    from lac_validator.utils import process_uploaded_files

    logging.getLogger().setLevel(logging.WARNING)
    rule_logger = logging.getLogger("lac_validator.lac_validator")
    rule_logger.propagate = False  # keep tracebacks off the terminal; reasons are summarised below
    rule_logger.addHandler(failures)

    this_year = csv_files(args.folder)
    if not this_year:
        print(f"validate_903: no .csv files in {args.folder}", file=sys.stderr)
        return 3
    uploads = {"This year": [str(p) for p in this_year]}
    if args.prev is not None:
        uploads["Prev year"] = [str(p) for p in csv_files(args.prev)]

    added_lads = [] if args.stale_lookup else patch_stale_lookup()

    year = str(args.year)
    registry = get_year_ruleset(year)
    metadata = {"collectionYear": year, "localAuthority": args.la}
    started = time.perf_counter()
    try:
        # Some rules print debugging output; keep it out of the summary.
        with contextlib.redirect_stdout(io.StringIO()):
            v = lv.LacValidator(metadata=metadata, files=process_uploaded_files(uploads), registry=registry)
    except Exception as e:  # an upload error: unrecognised columns, mixed CSV/XML, undecodable file ...
        print(f"validate_903: the validator could not read {args.folder}: {type(e).__name__}: {e}", file=sys.stderr)
        return 1
    elapsed = time.perf_counter() - started

    tables_read = {name: len(df) for name, df in v.dfs.items()}
    report = Report(v.ds_results, registry)
    if any(c.startswith("ERR_") for c in report.report.columns):
        issues = lv.create_issue_df(report.report, report.error_report)
    else:
        import pandas as pd

        issues = pd.DataFrame(
            columns=["child_id", "tables_affected", "columns_affected", "row_id", "rule_code", "rule_description"]
        )
    if args.issues_csv is not None:
        issues.to_csv(args.issues_csv, index=False)

    # One line per rule that fired: distinct rows flagged, per table.
    rows_by_rule: dict[str, dict[str, set]] = collections.defaultdict(lambda: collections.defaultdict(set))
    for code, table, row in zip(issues["rule_code"], issues["tables_affected"], issues["row_id"]):
        rows_by_rule[str(code)][str(table)].add(row)

    # Rule 202 compares SEX with last year's raw code, so the 2024/25 change
    # from 1/2 to M/F (ssda903.md section 4.8) flags every continuing child
    # when --prev is a 2023/24 return. Rows explained by that recoding alone
    # are not counted; any other change of sex still is.
    # Likewise rule 146 and K3 in 2024/25 (see k3_rows).
    explained = {
        ("202", "Header"): (
            sex_recoding_rows(v.dfs, rows_by_rule.get("202", {}).get("Header", set())),
            "whose only difference from --prev is the 2024/25 SEX recoding 1/2 -> M/F, which the validator "
            "does not allow for (ssda903.md §4.8)",
        ),
        ("146", "Episodes"): (
            k3_rows(v.dfs, rows_by_rule.get("146", {}).get("Episodes", set()), year),
            "only for PLACE K3, which the 2024/25 rule lists in lower case (ssda903.md §8.4)",
        ),
    }
    for (code, table), (rows, _) in explained.items():
        if rows:
            rows_by_rule[code][table] -= rows
            if not rows_by_rule[code][table]:
                del rows_by_rule[code][table]
            if not rows_by_rule[code]:
                del rows_by_rule[code]

    width = 10_000 if args.wide else 78
    print(f"DfE validator {VALIDATOR} {VALIDATOR_VERSION}: {args.folder} as collection year {year} "
          f"({int(year) - 1}/{year[2:]}), LA {args.la}")
    print("Tables read: " + ", ".join(f"{t} {n} rows" for t, n in sorted(tables_read.items())))
    if added_lads:
        print(f"Authority lookup: added {len(added_lads)} 2025 LADs missing from the validator's April 2021 table "
              f"({', '.join(added_lads)}; ssda903.md §7); --stale-lookup to validate without them")
    print(f"Rules: {len(registry)} in the ruleset; {len(v.dones)} ran, {len(v.skips)} skipped "
          f"(a table they need is absent), {len(v.fails)} failed to run. The validator took {elapsed:.1f} s.")

    blocking_rules = []
    if rows_by_rule:
        print()
        print(f"{'rule':<9} {'rows':>5}  {'tables':<20} {'status':<8} description")
        for code in sorted(rows_by_rule, key=rule_sort_key):
            per_table = rows_by_rule[code]
            n_rows = sum(len(r) for r in per_table.values())
            tables = ",".join(f"{t}" for t in sorted(per_table))
            blocking = code not in BROKEN_RULES and bool(CHECKED_TABLES & set(per_table))
            if blocking:
                blocking_rules.append(code)
            status = "BLOCKING" if blocking else ("broken" if code in BROKEN_RULES else "ignored")
            message = registry[code].message if code in registry else ""
            print(f"{code:<9} {n_rows:>5}  {tables:<20} {status:<8} {shorten(message, width)}")
    else:
        print("\nNo rule fired.")
    for (code, table), (rows, why) in explained.items():
        if rows:
            print(f"(not counted: {code} also flagged {len(rows)} {table} row(s) {why})")

    unexpected = [c for c in v.fails if c not in BROKEN_RULES]
    if v.fails:
        print("\nRules that failed to run (raised an exception on this data):")
        for code in sorted(v.fails, key=rule_sort_key):
            note = "known broken upstream, ssda903.md §8.4" if code in BROKEN_RULES else "UNEXPECTED"
            print(f"  {code:<9} {note}: {shorten(failures.reasons.get(code, 'see the validator log'), width)}")

    if v.skips:
        present = set(v.dfs) | {"metadata"}
        wanting = collections.Counter()
        for code in v.skips:
            needed = registry[code].tables if code in registry else None
            missing = sorted(set(t for t in (needed or []) if t) - present) if isinstance(needed, list) else []
            for t in missing or ["(not stated)"]:
                wanting[t] += 1
        print("\nSkipped rules, by the absent table they need: "
              + ", ".join(f"{t} {n}" for t, n in sorted(wanting.items())))

    print()
    if blocking_rules:
        print(f"FAIL: {len(blocking_rules)} rule(s) flag Header/Episodes/UASC rows: {', '.join(blocking_rules)}")
        return 1
    if unexpected:
        print(f"FAIL: no blocking issues, but {len(unexpected)} rule(s) failed to run unexpectedly: "
              f"{', '.join(unexpected)}")
        return 2
    print("OK: no rule flags a Header, Episodes or UASC row (broken rules excluded).")
    return 0


def sex_recoding_rows(dfs: dict, rows: set) -> set:
    """Header rows (of ``rows``) whose SEX differs from last year's only by the
    2024/25 recoding: 1 -> M, 2 -> F."""
    if not rows or "Header" not in dfs or "Header_last" not in dfs:
        return set()
    header, last = dfs["Header"], dfs["Header_last"]
    last_sex = dict(zip(last["CHILD"].astype(str), last["SEX"].astype(str)))
    recode = {"1": "M", "2": "F"}
    out = set()
    for row in rows:
        child, sex = str(header.at[row, "CHILD"]), str(header.at[row, "SEX"])
        before = last_sex.get(child)
        if before in recode and recode[before] == sex:
            out.add(row)
    return out


def rule_sort_key(code: str):
    m = re.match(r"(\D*)(\d+)(.*)", code)
    return (m.group(1), int(m.group(2)), m.group(3)) if m else (code, 0, "")


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if os.environ.get(IN_VENV_MARKER) != "1":
        try:
            python = ensure_venv(args.venv.resolve())
        except subprocess.CalledProcessError as e:
            print(f"validate_903: setting up {args.venv} failed ({e}); check network access to PyPI", file=sys.stderr)
            return 3
        env = dict(os.environ, **{IN_VENV_MARKER: "1"})
        return subprocess.run([str(python), str(Path(__file__).resolve()), *argv], env=env).returncode
    return validate(args)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
