"""The main job from Python: a sufficiency snapshot of the embedded synthetic
authority, or of your own returns. Run after `maturin develop` (scripts/test.sh
does it):

    python examples/snapshot.py                 # synthetic "england-median", seed 0
    python examples/snapshot.py returns/ ...    # your own returns (a folder per year)
"""

import sys
from datetime import date

import sufficiency as sf

if sys.argv[1:]:
    ds = sf.read_ssda903(*sys.argv[1:])
    print(ds.summary().to_string(index=False))
    issues = ds.issues_frame()
    print(f"\n{len(issues)} issues")
    if len(issues):
        print(issues.groupby(["severity", "code"]).size().to_string())
else:
    la = sf.synthetic_authority("england-median", seed=0, years=5)
    print(la)
    ds = la.dataset
print(ds)

last = max(ds.collection_years)
on = date(last, 3, 31)
print(f"\nIn care on {on:%d/%m/%Y}")
print(ds.in_care_on(on, by="placement_group").to_string(index=False))
print(ds.in_care_on(on, by="age_band").to_string(index=False))
print(ds.stability(last))
print(f"B1 1AA to SW1A 1AA: {sf.distance_miles('B1 1AA', 'SW1A 1AA')} miles")
