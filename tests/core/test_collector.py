"""The collector is paused inside the block and restored after it, also after an error."""
import gc

import pytest

from analysis.core.collector import paused_collector


def test_paused_inside_restored_after_also_on_error():
    assert gc.isenabled()
    with paused_collector():
        assert not gc.isenabled()
    assert gc.isenabled()
    with pytest.raises(ValueError), paused_collector():
        raise ValueError("x")
    assert gc.isenabled()


def test_a_disabled_collector_stays_disabled_and_freeze_moves_objects_to_the_permanent_generation():
    gc.disable()
    try:
        before = gc.get_freeze_count()
        with paused_collector(freeze=True):
            kept = [[i] for i in range(1000)]
        assert not gc.isenabled() and gc.get_freeze_count() >= before + len(kept)
    finally:
        gc.unfreeze()
        gc.enable()
