"""The public texts of a large import redacted in a second process, while this one themes (enrich stage).

Redaction (analysis.enrich.deidentify, with Deduce) needs only the texts, not the themes or the
near-duplicates, and is pure Python: on a 100,000-answer import it is a third of the work. Run
beside the themes and near-duplicates it costs the import almost no wall time on a machine with
a second core, and Deduce's lookup tries (about 1 GB) live in that process only.

The second process is `python -m analysis.enrich.redaction_job`: pickled (frame, columns)
requests on its stdin, pickled (redacted frame, log, figures) answers on its stdout. It stays
once started, with Deduce loaded, for the next import of this process. Small imports (below
data/settings.toml [import] background_redaction_from distinct texts, unless the second process
runs already or they go into a large store while Deduce is not loaded here) and a second process
that is busy or fails redact here, so the result is always the one `redact_frame` gives.
"""
from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import resource
import struct
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

import pandas as pd

from analysis.core import config, paths
from analysis.core.collector import paused_collector
from analysis.enrich import deduce_names
from analysis.enrich.deidentify import redact_frame


def _threshold() -> int:
    return int(config.settings()["import"]["background_redaction_from"])


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


# One second process per process, kept once started: it holds Deduce's tries, so a later
# import (the dashboard's next one) pays neither the start nor Deduce's load. It ends when this
# process does (its stdin closes). One import at a time uses it; another redacts here meanwhile.
_LOCK = threading.Lock()
_WORKER: subprocess.Popen | None = None
_SIZE = struct.Struct("<Q")
_MAX_ANSWER = 1 << 40  # a length beyond this is not an answer but noise on the pipe


def _worker() -> subprocess.Popen | None:
    """The running second process, started when there is none; None when none can be started."""
    global _WORKER
    if warm():
        return _WORKER
    shutdown()  # a second process that ended: its pipes are closed before another starts
    try:  # `-m` from the project root finds the analysis package there
        _WORKER = subprocess.Popen([sys.executable, "-m", "analysis.enrich.redaction_job"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=paths.ROOT)
    except OSError:
        _WORKER = None
    else:
        atexit.register(shutdown)  # gone with this process, not a moment after it
    return _WORKER


def warm() -> bool:
    """A second process with Deduce loaded is waiting (started by an earlier import)."""
    worker = _WORKER  # read once: another session's import may stop it meanwhile
    return worker is not None and worker.poll() is None


def shutdown() -> None:
    """Stop the second process (tests; an interrupted job)."""
    global _WORKER
    atexit.unregister(shutdown)
    worker, _WORKER = _WORKER, None
    if worker is not None:
        worker.kill()
        worker.wait()
        for pipe in (worker.stdin, worker.stdout):
            with contextlib.suppress(OSError):  # a request still buffered for a process that died
                pipe.close()


@dataclass
class RedactionJob:
    """redact_frame(frame, columns), computed in the second process or, when that does not pay,
    is busy or fails, here on the first result() call. `figures` holds the worker's wall and CPU
    seconds for this job and its peak memory (empty when redacted here)."""

    frame: pd.DataFrame
    columns: list[str]
    process: subprocess.Popen | None = None
    sender: threading.Thread | None = None
    figures: dict = field(default_factory=dict)
    _result: tuple[pd.DataFrame, pd.DataFrame] | None = None

    def result(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        if self._result is None:
            self._result = self._from_worker() if self.process else None
            if self._result is None:
                self._result = redact_frame(self.frame, self.columns)
        return self._result

    def cancel(self) -> None:
        """Stop a job whose result is not wanted (the import failed before its write): the
        second process is mid-job, so it is stopped and the next import starts another."""
        if self.process is not None:
            try:
                shutdown()
            finally:
                self._release()

    def drop(self) -> None:
        """The import needed no redaction after all (every file unchanged): the second process
        finishes this job unread in the background and stays, with Deduce loaded."""
        if self.process is not None:
            threading.Thread(target=self._from_worker, daemon=True).start()

    def _release(self) -> None:
        self.sender.join()
        self.process = None
        _LOCK.release()

    def _from_worker(self) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        try:
            head = self.process.stdout.read(_SIZE.size)
            size = _SIZE.unpack(head)[0] if len(head) == _SIZE.size else 0
            if not 0 < size <= _MAX_ANSWER:
                raise ValueError(f"no answer from the redaction process ({size} bytes announced)")
            redacted, log, self.figures = pickle.loads(self.process.stdout.read(size))
        except Exception:  # noqa: BLE001 - any broken answer: redact here, start afresh next time
            shutdown()
            return None
        finally:
            self._release()
        return redacted, log


def files_megabytes(paths: list) -> float:
    return sum(os.path.getsize(p) for p in paths if os.path.isfile(p)) / 1e6


def _possible() -> bool:
    """A second process can take work here: a second core, and Deduce to load in it."""
    return _cores() >= 2 and deduce_names.available()


def prestart(megabytes: float) -> None:
    """Start the second process while the import still parses its files, when they are large
    enough ([import] background_redaction_from_mb in data/settings.toml) to be worth it: it loads
    Deduce meanwhile (about 2 seconds that would otherwise come after the parse)."""
    if (megabytes >= float(config.settings()["import"]["background_redaction_from_mb"]) and _possible()
            and _LOCK.acquire(blocking=False)):
        try:
            _worker()
        finally:
            _LOCK.release()


def start(frame: pd.DataFrame, columns: list[str], stored: int = 0) -> RedactionJob:
    """Begin redacting frame's columns. On a machine with two or more cores the second process
    takes a large frame, any frame once it is running, and a small one going into a large store
    (`stored` contributions) while Deduce is not loaded here: loading it (about 2 seconds) then
    overlaps with the rest of the import, which over a large store takes as long."""
    job = RedactionJob(frame, list(columns))
    wanted = (frame["text"].nunique() >= _threshold() or warm()
              or (stored >= _threshold() and not deduce_names.loaded()))
    if not wanted or not _possible():
        return job
    if not _LOCK.acquire(blocking=False):  # another import is using it: redact here
        return job
    try:
        process = _worker()
        if process is None:
            _LOCK.release()
            return job
        payload = pickle.dumps((frame, job.columns), protocol=pickle.HIGHEST_PROTOCOL)
        # written from a thread: the pipe holds 64 KB and the worker reads while this one themes
        sender = threading.Thread(target=_send, args=(process, payload), daemon=True)
        sender.start()
    except Exception:  # noqa: BLE001 - no second process after all: redact here
        _LOCK.release()
        return job
    job.process, job.sender = process, sender
    return job


def _send(process: subprocess.Popen, payload: bytes) -> None:
    try:
        process.stdin.write(_SIZE.pack(len(payload)) + payload)
        process.stdin.flush()
    except (ValueError, OSError):  # the worker died or was stopped: result() redacts here
        pass


def _work() -> None:
    """The worker: (frame, columns) requests on stdin, (redacted, log, figures) answers on
    stdout, each an 8-byte length and a pickle, until stdin closes."""
    # the answers get their own copy of stdout; what else writes there (Deduce's logging is set
    # up on sys.stdout) goes to stderr and cannot mix into an answer
    sink = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    sys.stdout = sys.stderr
    deduce_names.get_deduce()  # loaded before the first request: the importer is still busy then
    source = sys.stdin.buffer
    while len(head := source.read(_SIZE.size)) == _SIZE.size:
        wall, cpu = time.perf_counter(), time.process_time()
        frame, columns = pickle.loads(source.read(_SIZE.unpack(head)[0]))
        with paused_collector():
            redacted, log = redact_frame(frame, columns)
        figures = {"seconds": round(time.perf_counter() - wall, 3),
                   "cpu_seconds": round(time.process_time() - cpu, 3),
                   "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
        answer = pickle.dumps((redacted, log, figures), protocol=pickle.HIGHEST_PROTOCOL)
        sink.write(_SIZE.pack(len(answer)) + answer)
        sink.flush()


if __name__ == "__main__":
    _work()
