"""A large import redacts its public texts in a second process: the result is exactly what
redacting in the import's own process gives, also when the second process fails."""
from __future__ import annotations

import sys
import time

import pandas as pd
import pytest
from deid_store import build, leaked

from analysis.enrich import deid_evaluation, redaction_job
from analysis.enrich.deidentify import redact_frame
from analysis.store import public_texts
from analysis.store.tables import PUBLIC_TEXT_COLUMNS

COLUMNS = PUBLIC_TEXT_COLUMNS


def _frame() -> pd.DataFrame:
    """The de-identification set's answers (real-style texts with planted personal data)."""
    texts = [deid_evaluation.parse(t)[0] for t in deid_evaluation.load_set()["text"]]
    return pd.DataFrame({"id": [f"c{i}" for i in range(len(texts))], "document": "brieven.csv",
                         "topic": "Milieu", "question": "Wat vindt u?", "text": texts}).astype("string")


@pytest.fixture(autouse=True)
def no_warm_worker():
    """Each test starts without the second process an earlier test left running."""
    redaction_job.shutdown()
    yield
    redaction_job.shutdown()


@pytest.fixture
def in_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every redaction of any size goes to the second process."""
    monkeypatch.setattr(redaction_job, "_threshold", lambda: 0)
    monkeypatch.setattr(redaction_job, "_cores", lambda: 2)


def test_the_worker_redacts_exactly_as_this_process(in_worker):
    frame = _frame()
    job = redaction_job.start(frame, COLUMNS)
    assert job.process is not None
    redacted, log = job.result()
    expected, expected_log = redact_frame(frame, COLUMNS)
    pd.testing.assert_frame_equal(redacted, expected)
    pd.testing.assert_frame_equal(log, expected_log)
    assert job.figures["cpu_seconds"] > 0 and job.figures["peak_mb"] > 0
    assert not any(leaked(t) for t in redacted["text"])


def test_a_failing_worker_is_replaced_by_redacting_here(in_worker, monkeypatch):
    monkeypatch.setattr(redaction_job.sys, "executable", "/bin/false")
    frame = _frame().head(40)
    job = redaction_job.start(frame, COLUMNS)
    redacted, log = job.result()
    pd.testing.assert_frame_equal(redacted, redact_frame(frame, COLUMNS)[0])
    assert job.figures == {}


def test_a_cancelled_worker_is_stopped(in_worker):
    job = redaction_job.start(_frame(), COLUMNS)
    process = job.process
    job.cancel()
    assert job.process is None and process.returncode is not None


def test_small_frames_are_redacted_here():
    job = redaction_job.start(_frame().head(10), COLUMNS)
    assert job.process is None
    assert job.result()[0]["text"].tolist() == redact_frame(_frame().head(10), COLUMNS)[0]["text"].tolist()


def _stored(store) -> tuple[pd.DataFrame, pd.DataFrame]:
    texts = public_texts.load_public_texts(store).sort_values("id").reset_index(drop=True)
    log = public_texts.load_log(store).drop(columns="logged_at")
    return texts, log.sort_values(list(log.columns)).reset_index(drop=True)


def test_an_import_stores_the_same_public_texts_with_the_worker(tmp_path, monkeypatch):
    (tmp_path / "here").mkdir()
    (tmp_path / "worker").mkdir()
    here = _stored(build(tmp_path / "here"))
    monkeypatch.setattr(redaction_job, "_threshold", lambda: 0)
    monkeypatch.setattr(redaction_job, "_cores", lambda: 2)
    started = []
    original = redaction_job.start
    monkeypatch.setattr(redaction_job, "start", lambda *a: started.append(original(*a)) or started[-1])
    worker = _stored(build(tmp_path / "worker"))
    assert started and started[0].figures, "the import did not use the second process"
    pd.testing.assert_frame_equal(worker[0], here[0])
    pd.testing.assert_frame_equal(worker[1], here[1])


def test_a_small_import_into_a_large_store_loads_deduce_beside_it_once(monkeypatch):
    """Into a large store the rest of a small import takes as long as loading Deduce: the second
    process pays off only while this process has not loaded Deduce itself."""
    monkeypatch.setattr(redaction_job, "_cores", lambda: 2)
    frame = _frame().head(10)
    monkeypatch.setattr(redaction_job.deduce_names, "loaded", lambda: False)
    into_small = redaction_job.start(frame, COLUMNS, stored=100)
    into_large = redaction_job.start(frame, COLUMNS, stored=100_000)
    assert into_large.process is not None and into_small.process is None
    pd.testing.assert_frame_equal(into_large.result()[0], redact_frame(frame, COLUMNS)[0])
    redaction_job.shutdown()  # (a running one would be used for any import)
    monkeypatch.setattr(redaction_job.deduce_names, "loaded", lambda: True)
    assert redaction_job.start(frame, COLUMNS, stored=100_000).process is None


def test_the_second_process_stays_for_the_next_import(in_worker):
    frame = _frame()
    first = redaction_job.start(frame.head(60), COLUMNS)
    process = first.process
    first.result()
    assert redaction_job.warm()
    second = redaction_job.start(frame.tail(60), COLUMNS)
    assert second.process is process  # no new start, Deduce loaded already
    pd.testing.assert_frame_equal(second.result()[0], redact_frame(frame.tail(60), COLUMNS)[0])
    busy = redaction_job.start(frame.head(5), COLUMNS)
    while_busy = redaction_job.start(frame.head(5), COLUMNS)  # one import at a time uses it
    assert busy.process is process and while_busy.process is None
    assert busy.result()[0].equals(while_busy.result()[0])


def _wrapper(tmp_path, body: str) -> str:
    """An 'interpreter' for the second process: a shell script that runs body first."""
    script = tmp_path / "python"
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_noise_on_the_answer_channel_means_redacting_here(in_worker, monkeypatch, tmp_path):
    """Bytes that are not an answer (something printed before the worker ran) are not read as
    one: the import redacts here and the broken process is not used again."""
    monkeypatch.setattr(redaction_job.sys, "executable", _wrapper(
        tmp_path, f'echo "some noise that is not an answer"; exec {sys.executable} "$@"'))
    frame = _frame().head(30)
    job = redaction_job.start(frame, COLUMNS)
    assert job.process is not None
    pd.testing.assert_frame_equal(job.result()[0], redact_frame(frame, COLUMNS)[0])
    assert job.figures == {} and not redaction_job.warm()


def test_what_the_worker_prints_or_logs_does_not_reach_the_answers(in_worker, monkeypatch, tmp_path):
    """Deduce sets up logging on stdout: inside the worker, stdout is stderr."""
    code = ("import logging, sys; from analysis.enrich import redaction_job as r; "
            "logging.basicConfig(stream=sys.stdout); real = r.redact_frame; "
            "r.redact_frame = lambda f, c: (print('noise'), logging.warning('noise'), real(f, c))[-1]; r._work()")
    monkeypatch.setattr(redaction_job.sys, "executable", _wrapper(tmp_path, f'exec {sys.executable} -c "{code}"'))
    frame = _frame().head(30)
    job = redaction_job.start(frame, COLUMNS)
    redacted, _ = job.result()
    assert job.figures, "the answer came from the second process"
    pd.testing.assert_frame_equal(redacted, redact_frame(frame, COLUMNS)[0])


def test_an_unread_job_keeps_the_second_process(in_worker):
    """Every file unchanged: nothing to write, the job is dropped, the process stays warm."""
    job = redaction_job.start(_frame().head(20), COLUMNS)
    process = job.process
    job.drop()
    for _ in range(600):
        again = redaction_job.start(_frame().head(5), COLUMNS)
        if again.process is not None:
            break
        time.sleep(0.05)
    assert again.process is process
    again.result()


def test_large_files_start_the_worker_before_they_are_parsed_and_their_import_uses_it(monkeypatch, tmp_path):
    monkeypatch.setattr(redaction_job, "_cores", lambda: 2)
    small, large = tmp_path / "klein.csv", tmp_path / "groot.csv"
    small.write_text("antwoord\nmeer bomen\n")
    large.write_bytes(b"x" * 1_100_000)  # above [import] background_redaction_from_mb = 1
    redaction_job.prestart(redaction_job.files_megabytes([small, tmp_path / "weg.csv"]))
    assert not redaction_job.warm()
    redaction_job.prestart(redaction_job.files_megabytes([small, large]))
    assert redaction_job.warm()
    frame = _frame().head(20)  # far below the threshold of distinct texts: the warm worker takes it
    job = redaction_job.start(frame, COLUMNS)
    assert job.process is not None
    pd.testing.assert_frame_equal(job.result()[0], redact_frame(frame, COLUMNS)[0])
