"""The main job from Python: read the shipped sample return and show what an
analyst checks first. Run after `maturin develop` (scripts/test.sh does it):

    python examples/snapshot.py [folder ...]
"""

import sys
from datetime import date

import sufficiency as sf

paths = sys.argv[1:] or ["examples/data/sample"]
ds = sf.read_ssda903(*paths)
print(ds)
print(ds.summary().to_string(index=False))

issues = ds.issues_frame()
print(f"\n{len(issues)} issues")
if len(issues):
    print(issues.groupby(["severity", "code"]).size().to_string())

last = max(ds.collection_years)
on = date(last, 3, 31)
print(f"\nIn care on {on:%d/%m/%Y}")
print(ds.in_care_on(on, by="placement_group").to_string(index=False))
print(ds.in_care_on(on, by="age_band").to_string(index=False))
print(ds.stability(last))
