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


@pytest.fixture(scope="module")
def camden():
    return sf.synthetic_authority("inner-london", years=1, progress=False)


def test_assess_reports_its_stages_and_can_be_cancelled_between_them(camden):
    seen = []
    report = sf.assess(camden.dataset, camden.supply, progress=lambda s, d, t: seen.append((s, d, t)))
    assert [s for s, _, _ in seen] == ["gaps", "matching", "marginal values", "marginal values"]
    assert report.placed + report.unmet == len(report.matching())
    with pytest.raises(sf.SufficiencyError, match="cancelled during matching"):
        sf.assess(camden.dataset, camden.supply, progress=lambda s, d, t: s != "matching")


def test_an_interrupt_during_assess_raises_keyboard_interrupt(camden):
    import signal

    def interrupt(stage, done, total):
        if stage == "matching":
            signal.raise_signal(signal.SIGINT)

    with pytest.raises(KeyboardInterrupt):
        sf.assess(camden.dataset, camden.supply, progress=interrupt)


def test_region_assessment_reports_each_member_then_the_pool():
    members = sf.synthetic_region(sf.NORTH_WEST_18[:2], years=1, progress=False)
    seen = []
    sf.assess(region=sf.Region("two", members), progress=lambda s, d, t: seen.append((s, d, t)))
    assert seen[:3] == [("members", 0, 2), ("members", 1, 2), ("members", 2, 2)]
    assert [s for s, _, _ in seen[3:]] == ["gaps", "matching", "marginal values", "marginal values"]


def test_assess_adds_forecast_moves_only_when_asked(camden):
    from datetime import date

    model = sf.DemandModel.fit(camden.dataset, reference=(date(2024, 4, 1), date(2025, 3, 31)))
    p = model.project(months=12)
    need = (camden.dataset, p)
    entrants = sf.assess(need, camden.supply, months=12, progress=False).matching()
    both = sf.assess(need, camden.supply, months=12, moves=True, progress=False).matching()
    assert not entrants.child.str.startswith("move-").any()
    movers = both[both.child.str.startswith("move-")]
    assert len(movers) > 0
    # The entrants are the same children either way; the movers come on top.
    assert set(both.child) - set(movers.child) == set(entrants.child)
