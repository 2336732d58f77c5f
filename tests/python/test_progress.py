"""progress= on the long calls: stages reported in order, cancellation by
the callback, and silence when asked."""

import pytest

import sufficiency as sf


def test_synthetic_authority_reports_every_stage_in_order():
    seen = []
    sf.synthetic_authority("inner-london", years=1, progress=lambda stage, done, total: seen.append((stage, done, total)))
    stages = list(dict.fromkeys(s for s, _, _ in seen))
    assert stages == ["children in care", "leavers", "supply", "episodes", "returns"]
    episodes = [(d, t) for s, d, t in seen if s == "episodes"]
    # 1% steps over the children: about 100 reports, counting up to the total.
    assert 90 <= len(episodes) <= 100
    assert all(d < t for d, t in episodes)
    assert [d for d, _ in episodes] == sorted(d for d, _ in episodes)
    assert seen[-1] == ("returns", 1, 1)


def test_a_callback_returning_false_cancels_with_no_result():
    calls = []

    def stop_at_supply(stage, done, total):
        calls.append(stage)
        return stage != "supply"

    with pytest.raises(sf.SufficiencyError, match="cancelled during supply"):
        sf.synthetic_authority("inner-london", years=1, progress=stop_at_supply)
    assert calls[-1] == "supply"


def test_an_exception_in_the_callback_stops_the_call_and_is_raised():
    def broken(stage, done, total):
        raise RuntimeError("my callback failed")

    with pytest.raises(RuntimeError, match="my callback failed"):
        sf.synthetic_authority("inner-london", years=1, progress=broken)


def test_region_reports_one_step_per_member():
    seen = []
    members = sf.NORTH_WEST_18[:3]
    region = sf.synthetic_region(members, years=1, progress=lambda s, d, t: seen.append((s, d, t)))
    assert len(region) == 3
    assert [(d, t) for s, d, t in seen if s == "members"] == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_progress_false_is_silent_and_gives_the_same_authority(capsys):
    quiet = sf.synthetic_authority("inner-london", years=1, progress=False)
    assert quiet == sf.synthetic_authority("inner-london", years=1, progress=lambda *a: None)
    assert capsys.readouterr().err == ""
