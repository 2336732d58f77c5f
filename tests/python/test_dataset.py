"""Dataset identity: equality, pickling, copying, repr, errors and the package surface."""

from __future__ import annotations

import copy
import pickle

import pandas as pd
import pytest

import sufficiency
from sufficiency import _sufficiency


@pytest.fixture
def ds(return_2025):
    return sufficiency.read_ssda903(return_2025.folder)


@pytest.mark.parametrize("protocol", range(pickle.HIGHEST_PROTOCOL + 1))
def test_pickle_round_trip(ds, protocol):
    back = pickle.loads(pickle.dumps(ds, protocol=protocol))
    assert isinstance(back, sufficiency.Dataset)
    assert back == ds
    # Everything comes back, not only the records equality looks at.
    assert back.issues == ds.issues
    assert back.collection_years == ds.collection_years
    assert repr(back) == repr(ds)
    pd.testing.assert_frame_equal(back.summary(), ds.summary())
    pd.testing.assert_frame_equal(back.episodes_frame(), ds.episodes_frame())
    assert [e.source for e in back.episodes] == [e.source for e in ds.episodes]
    pd.testing.assert_frame_equal(back.in_care_on("2025-03-31"), ds.in_care_on("2025-03-31"))


def test_pickle_of_a_multi_year_dataset(two_returns):
    ds = sufficiency.read_ssda903(two_returns)
    back = pickle.loads(pickle.dumps(ds))
    assert back == ds and back.collection_years == [2024, 2025]


def test_a_bad_pickle_state_is_a_sufficiency_error():
    with pytest.raises(sufficiency.SufficiencyError, match="not a pickled"):
        _sufficiency._dataset_from_state(42)
    with pytest.raises(sufficiency.SufficiencyError, match="format"):
        _sufficiency._dataset_from_state(("other/9", "9.9.9", {}))
    with pytest.raises(sufficiency.SufficiencyError, match="cannot be read"):
        _sufficiency._dataset_from_state(("sufficiency.Dataset/1", "0.0.1", {"children": 3}))


def test_copies_are_the_same_immutable_dataset(ds):
    assert copy.copy(ds) is ds
    assert copy.deepcopy(ds) is ds


def test_equality(ds, return_2025, two_returns):
    again = sufficiency.read_ssda903(return_2025.folder)
    assert ds == again and not (ds != again)
    assert ds != sufficiency.read_ssda903(two_returns)
    assert ds != "a dataset"
    with pytest.raises(TypeError):
        hash(ds)


def test_repr(ds):
    assert repr(ds) == "<Dataset 2024/25: 5 children, 5 episodes, 1 error, 1 warning>"
    assert repr(ds.children) == "<ChildList: 5 children>"
    assert repr(ds.episodes) == "<EpisodeList: 5 episodes>"
    assert repr(ds.children[0]).startswith("<Child A1")
    assert repr(ds.episodes[0]).startswith("<Episode A1 2024-05-01")


def test_exceptions_hierarchy():
    assert issubclass(sufficiency.SufficiencyError, Exception)
    assert issubclass(sufficiency.InputError, sufficiency.SufficiencyError)
    assert sufficiency.InputError.__module__ == "sufficiency"
    err = sufficiency.InputError("x.csv is empty")
    assert pickle.loads(pickle.dumps(err)).args == ("x.csv is empty",)


def test_a_rust_panic_is_a_sufficiency_error():
    with pytest.raises(sufficiency.SufficiencyError, match="internal error.*report"):
        _sufficiency._raise_panic_for_testing()


def test_package_surface():
    assert sufficiency.__version__ == "0.1.0"
    for name in sufficiency.__all__:
        assert hasattr(sufficiency, name), name
    assert sufficiency.Dataset.__module__ == "sufficiency"
    assert sufficiency.Dataset.from_frames.__doc__
    assert sufficiency.read_ssda903.__doc__
