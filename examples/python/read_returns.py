"""Read a council's SSDA903 returns: what was read, what was left out and why,
and who was in care on the last 31 March.

    python examples/python/read_returns.py INPUT OUTPUT

Writes files.csv (rows read, accepted and rejected per file), issues.csv
(every problem by file, row, column and code), in_care_by_*.csv and
headline.json.
"""

import _common as c

inp, out = c.folders()
ds = c.read_returns(inp)
summary = ds.summary()
summary["file"] = summary["file"].map(lambda f: c.relative(f, inp))
c.write_csv(summary, out, "files")
issues = ds.issues_frame()
issues["file"] = issues["file"].map(lambda f: c.relative(f, inp))
c.write_csv(issues, out, "issues")
on = c.last_31_march(ds)
for by in ("placement_group", "age_band", "legal_status", "provider"):
    c.write_csv(ds.in_care_on(on, by=by), out, f"in_care_by_{by}")
read, accepted, rejected = (int(summary[k].sum()) for k in ("rows_read", "rows_accepted", "rows_rejected"))
# No row lost: every row read is either accepted or rejected with an issue.
assert read == accepted + rejected, (read, accepted, rejected)
c.write_json(
    {
        "collection_years": ds.collection_years,
        "children": len(ds.children),
        "episodes": len(ds.episodes),
        "rows_read": read,
        "rows_accepted": accepted,
        "rows_rejected": rejected,
        "issues_by_code": issues.groupby("code").size().to_dict() if len(issues) else {},
        "stability": ds.stability(max(ds.collection_years)),
    },
    out,
    "headline",
)
print(f"read_returns: {len(ds.children)} children, {rejected} of {read} rows rejected -> {out}")
