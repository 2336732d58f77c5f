#!/usr/bin/env python3
"""Write a normalised copy of cs-demand-model's bundled sample that both the
peer and sufficiency's strict reader take as it is.

    python3 scripts/peer/normalise_sample.py SRC OUT [--json FILE]

SRC is `sample` (the peer's cs_demand_model_samples/v1.zip; needs the peer
installed, so run it with .venv-peer/bin/python), a .zip, or a folder laid
out as <year>/<table>.csv. OUT is created (it must not exist or be empty).
Pure standard library: it runs in .venv-peer or any python3.

The sample as shipped is not a set of valid DfE returns (scripts/peer/README.md,
"Our reader on the peer's sample"). The copy is made in these steps, each
counted:

1. `empty_files_dropped`: files under 2 bytes (the peer skips them too).
2. `year_folders_renamed`: folders are named by the return's *start* year
   (2017 holds 2017/18); renamed to end years, the DfE's convention. The end
   year is checked against the latest DECOM in the folder's episodes.
3. The peer's own cleaning (README rule f.3-f.5) is applied to the union of
   all years, giving the cleaned episode list E the peer models. Every row
   of every return is then rewritten to agree with E:
   - `rows_dropped_no_header`: episodes of a child with no header row;
   - `rows_dropped_same_dec`: rows of an episode the peer drops as a
     duplicate (CHILD, DEC) (two episodes ending on the same day, or two open);
   - `rows_aligned_to_kept_copy`: a (CHILD, DECOM) repeated across returns
     whose non-date fields differ from the row the peer keeps;
   - `dec_closed_at_next_decom`: an open row the peer closes at the child's
     next DECOM, within that return's year (a stale open episode);
   - `dec_filled_from_newer_copy`: an open row whose episode a newer return
     closes within this return's year;
   - `dec_cut_to_next_decom`: a closed row overlapping the next episode,
     cut to its DECOM (the peer's overlap rule);
   - `dec_from_later_copy`: a closed row whose DEC another return gives later
     (the peer keeps the latest DEC);
   - `dec_blanked_after_year_end`: a DEC after the return's 31 March,
     blanked (the episode is open at the year end), with REC;
   - `rows_added_for_dec`: the closed row added to the return of the year its
     DEC falls in when no return held it (so the newest return has the truth);
   - `header_rows_added`: header rows added to such returns for their child;
   - `rec_set_x1`: REC set to X1 on a row whose DEC was set or cut by the
     above (the next episode starts that day: care continues);
   - `rec_from_kept_copy`: REC taken from the row the peer keeps;
   - `rec_blanked_on_open_rows`: REC cleared where DEC is blank (DfE rule 148;
     the sample gives a REC on every open row).
   Counts are rows of the files (an episode repeated in two returns counts
   twice). Running the script on its own output touches nothing.
4. Self-check: the peer's cleaning re-run on the copy gives exactly E, drops
   only repeats of one episode across returns (identical fields, the older
   row still open at its year end) and changes no DEC; and every row's DEC is
   within its return's year. Exit 1 otherwise.

Prints a JSON report (counts, E's size, the self-check) to stdout, or to
--json FILE.
"""
import argparse
import csv
import io
import json
import sys
import zipfile
from collections import defaultdict
from datetime import date, datetime
from pathlib import Path

HEADER_COLS = {"CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"}
EPISODE_COLS = {"CHILD", "DECOM", "RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER",
                "DEC", "REC", "REASON_PLACE_CHANGE", "HOME_POST", "PL_POST"}


def parse(s):
    return datetime.strptime(s, "%d/%m/%Y").date() if s else None


def fmt(d):
    return d.strftime("%d/%m/%Y") if d else ""


def year_end(y):
    return date(y, 3, 31)


def collection_year(d):
    """End year of the collection year (1 April - 31 March) holding d."""
    return d.year + 1 if d >= date(d.year, 4, 1) else d.year


# ------------------------------------------------------------------ reading

def read_source(src):
    """{folder name: {file name: bytes}} from `sample`, a zip or a folder."""
    if src == "sample":
        try:
            import cs_demand_model_samples
        except ImportError:
            sys.exit("normalise_sample.py: `sample` needs the peer installed; "
                     "run with .venv-peer/bin/python or pass the path of v1.zip")
        src = str(Path(cs_demand_model_samples.__file__).parent / "v1.zip")
    p = Path(src)
    files = defaultdict(dict)
    if p.is_file() and zipfile.is_zipfile(p):
        with zipfile.ZipFile(p) as z:
            for info in z.infolist():
                if info.is_dir():
                    continue
                parts = info.filename.strip("/").split("/")
                if len(parts) != 2:
                    sys.exit(f"normalise_sample.py: expected <year>/<file> members, got {info.filename}")
                files[parts[0]][parts[1]] = z.read(info)
    elif p.is_dir():
        for f in sorted(p.glob("*/*")):
            if f.is_file():
                files[f.parent.name][f.name] = f.read_bytes()
    else:
        sys.exit(f"normalise_sample.py: no such sample: {src}")
    return dict(files)


def table(data):
    """(columns, rows as dicts) of a CSV file's bytes."""
    text = data.decode("utf-8-sig")
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def kind(columns):
    cols = set(columns)
    if HEADER_COLS <= cols:
        return "header"
    if EPISODE_COLS <= cols:
        return "episodes"
    return None


def write_csv(columns, rows):
    out = io.StringIO()
    w = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({c: r.get(c, "") for c in columns})
    return out.getvalue().encode("utf-8")


# ------------------------------------------------------- the peer's cleaning

def peer_clean(header_rows, episode_rows):
    """The peer's cleaning (README rule f.2-f.5) of episode rows given in the
    peer's concatenation order (years ascending, file order within a year).

    Returns (cleaned, kept_row, stats): cleaned = {child: [[decom, dec], ...]}
    in DECOM order after every step; kept_row = {(child, decom): row the peer
    kept}; stats counts what each step did.
    """
    dob = {}
    for h in header_rows:  # first row per CHILD
        dob.setdefault(h["CHILD"], h["DOB"])
    stats = {"no_header": 0, "dup_decom": 0, "dup_dec": 0, "dec_changed": 0}
    rows = []
    for i, r in enumerate(episode_rows):
        if r["CHILD"] not in dob:
            stats["no_header"] += 1
            continue
        rows.append((r["CHILD"], parse(r["DECOM"]), parse(r["DEC"]), i, r))

    def sort_key(t):
        child, decom, dec, i, _ = t
        # CHILD numeric when it looks numeric (pandas reads the ids as int).
        ck = (0, int(child), "") if child.isdigit() else (1, 0, child)
        return (ck, decom, dec is not None, dec or date.min, i)  # NaN first, stable

    rows.sort(key=sort_key)
    # drop_duplicates(["CHILD", "DECOM"], keep="last")
    last = {}
    for t in rows:
        last[(t[0], t[1])] = t
    dedup = [t for t in rows if last[(t[0], t[1])] is t]
    stats["dup_decom"] = len(rows) - len(dedup)
    # drop_duplicates(["CHILD", "DEC"], keep="first"); blank DECs compare equal
    seen, dedup2 = set(), []
    for t in dedup:
        k = (t[0], t[2])
        if k in seen:
            continue
        seen.add(k)
        dedup2.append(t)
    stats["dup_dec"] = len(dedup) - len(dedup2)
    # DEC blank or after the next DECOM -> next DECOM
    by_child = defaultdict(list)
    for t in dedup2:
        by_child[t[0]].append(t)
    cleaned, kept = {}, {}
    for child, ts in by_child.items():
        eps = []
        for j, (c, decom, dec, _, r) in enumerate(ts):
            nxt = ts[j + 1][1] if j + 1 < len(ts) else None
            new = dec
            if nxt is not None and (dec is None or dec > nxt):
                new = nxt
            if new != dec:
                stats["dec_changed"] += 1
            eps.append([decom, new])
            kept[(child, decom)] = r
        cleaned[child] = eps
    return cleaned, kept, stats


# ---------------------------------------------------------------- normalise

def normalise(files):
    counts = {k: 0 for k in (
        "empty_files_dropped", "year_folders_renamed", "rows_dropped_no_header",
        "rows_dropped_same_dec", "rows_aligned_to_kept_copy", "dec_closed_at_next_decom",
        "dec_filled_from_newer_copy", "dec_cut_to_next_decom", "dec_from_later_copy",
        "dec_blanked_after_year_end", "rows_added_for_dec", "header_rows_added",
        "rec_set_x1", "rec_from_kept_copy", "rec_blanked_on_open_rows")}
    notes = []

    # 1. empty files
    for folder in files:
        for name in [n for n, b in files[folder].items() if len(b) < 2]:
            del files[folder][name]
            counts["empty_files_dropped"] += 1

    # Tables per folder; folders in the peer's order (by episodes year).
    years = {}  # folder -> dict(header=(cols, rows, name), episodes=(...))
    for folder, fs in files.items():
        t = {}
        for name, data in fs.items():
            if not name.lower().endswith(".csv"):
                continue
            cols, rows = table(data)
            k = kind(cols)
            if k:
                if k in t:
                    sys.exit(f"normalise_sample.py: two {k} tables in {folder}")
                t[k] = (cols, rows, name)
        if "episodes" not in t:
            sys.exit(f"normalise_sample.py: no episodes table in {folder}")
        years[folder] = t

    # 2. end years: the folder holds the return of the year of its latest DECOM
    end_year = {}
    for folder, t in years.items():
        latest = max(parse(r["DECOM"]) for r in t["episodes"][1])
        end = collection_year(latest)
        if folder.isdigit() and int(folder) + 1 != end and int(folder) != end:
            notes.append(f"folder {folder}: latest DECOM {latest} is in the {end - 1}/{end % 100:02d} return")
        end_year[folder] = end
        if folder != str(end):
            counts["year_folders_renamed"] += 1
    if len(set(end_year.values())) != len(end_year):
        sys.exit("normalise_sample.py: two folders hold the same collection year")
    order = sorted(years, key=lambda f: end_year[f])  # the peer's year order

    # 3. the peer's cleaning on the union (header files in listing order)
    header_all = [h for f in order for h in years[f].get("header", ([], [], ""))[1]]
    episodes_all = [r for f in order for r in years[f]["episodes"][1]]
    cleaned, kept, before = peer_clean(header_all, episodes_all)
    clean_dec = {(c, e[0]): e[1] for c, eps in cleaned.items() for e in eps}
    next_start = {}
    for c, eps in cleaned.items():
        for j, e in enumerate(eps):
            next_start[(c, e[0])] = eps[j + 1][0] if j + 1 < len(eps) else None
    copy_cols = ["RNE", "LS", "CIN", "PLACE", "PLACE_PROVIDER", "REASON_PLACE_CHANGE",
                 "HOME_POST", "PL_POST", "URN"]

    def rec_for(key, dec, dec0, rec0):
        """REC for a row closed at dec, which had DEC dec0 and REC rec0: its own
        REC if its DEC is unchanged, else the kept row's if that ends at dec,
        else X1 (the DEC is the next episode's DECOM: care continues)."""
        k = kept[key]
        if dec0 == dec and rec0:
            return rec0, False
        if parse(k["DEC"]) == dec and k["REC"]:
            return k["REC"], False
        assert next_start[key] == dec, key
        return "X1", True

    out = {}
    present = defaultdict(set)  # key -> end years holding a row with the final DEC
    with_header = {h["CHILD"] for h in header_all}
    for f in order:
        y = end_year[f]
        ye = year_end(y)
        cols, rows, name = years[f]["episodes"]
        new_rows = []
        for r in rows:
            key = (r["CHILD"], parse(r["DECOM"]))
            if r["CHILD"] not in with_header:
                counts["rows_dropped_no_header"] += 1
                continue
            if key not in clean_dec:
                counts["rows_dropped_same_dec"] += 1
                continue
            r = dict(r)
            k = kept[key]
            if any(r.get(c, "") != k.get(c, "") for c in copy_cols if c in cols):
                counts["rows_aligned_to_kept_copy"] += 1
                for c in copy_cols:
                    if c in cols:
                        r[c] = k.get(c, "")
            dec0, target = parse(r["DEC"]), clean_dec[key]
            if target is not None and target > ye:
                target = None  # still open at this return's 31 March
            if dec0 != target:
                if target is None:
                    counts["dec_blanked_after_year_end"] += 1
                elif dec0 is None and parse(k["DEC"]) == target:
                    counts["dec_filled_from_newer_copy"] += 1
                elif dec0 is None:
                    counts["dec_closed_at_next_decom"] += 1
                elif target < dec0:
                    counts["dec_cut_to_next_decom"] += 1
                else:
                    counts["dec_from_later_copy"] += 1
                r["DEC"] = fmt(target)
            if target is None:
                if r["REC"] and dec0 is None:
                    counts["rec_blanked_on_open_rows"] += 1
                r["REC"] = ""
            else:
                rec, x1 = rec_for(key, target, dec0, r["REC"])
                if rec != r["REC"]:
                    counts["rec_set_x1" if x1 else "rec_from_kept_copy"] += 1
                r["REC"] = rec
                if target == clean_dec[key]:
                    present[key].add(y)
            new_rows.append(r)
        out[f] = [cols, new_rows, name]

    # Closed episodes whose final DEC no return holds: add the row to the
    # return of the DEC's year.
    by_year = {end_year[f]: f for f in order}
    headers_by_child = {}
    for h in header_all:
        headers_by_child[h["CHILD"]] = h  # the latest header row per child
    for key, dec in clean_dec.items():
        if dec is None or present[key]:
            continue
        y = collection_year(dec)
        f = by_year.get(y)
        if f is None:
            sys.exit(f"normalise_sample.py: episode {key} ends {dec}, in no return's year")
        r = dict(kept[key])
        r["REC"], _ = rec_for(key, dec, parse(r["DEC"]), r["REC"])
        r["DEC"] = fmt(dec)
        out[f][1].append(r)
        counts["rows_added_for_dec"] += 1
        hcols, hrows, hname = years[f]["header"]
        if key[0] not in {h["CHILD"] for h in hrows}:
            hrows.append(dict(headers_by_child[key[0]]))
            counts["header_rows_added"] += 1

    # Keep each file's rows in (CHILD, DECOM) order where rows were added.
    for f in order:
        cols, rows, name = out[f]
        rows.sort(key=lambda r: (int(r["CHILD"]) if r["CHILD"].isdigit() else r["CHILD"], parse(r["DECOM"])))

    # 4. self-check: the peer's cleaning on the copy
    header_new = [h for f in order for h in years[f].get("header", ([], [], ""))[1]]
    episodes_new = [r for f in order for r in out[f][1]]
    cleaned2, kept2, after = peer_clean(header_new, episodes_new)
    problems = []
    if cleaned2 != cleaned:
        problems.append("the peer's cleaned episodes differ between the sample and the copy")
    if after["dup_dec"] or after["dec_changed"] or after["no_header"]:
        problems.append(f"the peer's cleaning still changes the copy: {after}")
    # every dropped (CHILD, DECOM) duplicate must be a pure repeat
    groups = defaultdict(list)
    for f in order:
        for r in out[f][1]:
            groups[(r["CHILD"], r["DECOM"])].append((end_year[f], r))
    for key, rs in groups.items():
        final = rs[-1][1]
        for y, r in rs[:-1]:
            same = all(r.get(c, "") == final.get(c, "") for c in copy_cols)
            if not same or not (r["DEC"] == final["DEC"] or (r["DEC"] == "" and (
                    final["DEC"] == "" or parse(final["DEC"]) > year_end(y)))):
                problems.append(f"{key}: the {y} row is not a repeat of the newest row")
    for f in order:
        ye = year_end(end_year[f])
        for r in out[f][1]:
            if r["DEC"] and parse(r["DEC"]) > ye:
                problems.append(f"{r['CHILD']} {r['DECOM']}: DEC after {ye} in {end_year[f]}")
            if bool(r["DEC"]) != bool(r["REC"]):
                problems.append(f"{r['CHILD']} {r['DECOM']}: DEC and REC not both given")
    return out, years, end_year, counts, {
        "rows_read": len(episodes_all),
        "rows_written": len(episodes_new),
        "peer_cleaning_on_sample": before,
        "peer_cleaning_on_copy": after,
        "episodes": sum(len(v) for v in cleaned.values()),
        "children": len(cleaned),
        "open_episodes": sum(1 for v in cleaned.values() for e in v if e[1] is None),
        "notes": notes,
        "problems": problems[:20],
        "problem_count": len(problems),
    }


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("src", help="`sample`, a zip, or a folder of <year>/*.csv")
    p.add_argument("out", type=Path, help="output folder (created)")
    p.add_argument("--json", type=Path, help="write the report here instead of stdout")
    a = p.parse_args(argv)
    if a.out.exists() and any(a.out.iterdir()):
        sys.exit(f"normalise_sample.py: {a.out} exists and is not empty")

    files = read_source(a.src)
    out, years, end_year, counts, check = normalise(files)

    for folder, fs in files.items():
        dest = a.out / str(end_year[folder])
        dest.mkdir(parents=True, exist_ok=True)
        t = years[folder]
        for name, data in fs.items():
            if name == out[folder][2]:
                data = write_csv(out[folder][0], out[folder][1])
            elif "header" in t and name == t["header"][2]:
                data = write_csv(t["header"][0], t["header"][1])
            (dest / name).write_bytes(data)

    report = {"out": str(a.out), "counts": counts, **check}
    text = json.dumps(report, indent=2, default=str) + "\n"
    if a.json:
        a.json.write_text(text)
    else:
        sys.stdout.write(text)
    if check["problem_count"]:
        sys.stderr.write(f"normalise_sample.py: {check['problem_count']} self-check problems\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
