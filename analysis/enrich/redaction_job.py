"""The public texts of a large import redacted in a second process, while this one themes (enrich stage).

Redaction (analysis.enrich.deidentify, with Deduce) needs only the texts, not the themes or the
near-duplicates, and is pure Python: on a 100,000-answer import it is a third of the work. Run
beside the themes and near-duplicates it costs the import almost no wall time on a machine with
a second core, and Deduce's lookup tries (about 1 GB) live in that process only.

The second process is `python -m analysis.enrich.redaction_job`: a pickled frame on stdin, the
pickled (redacted frame, log, figures) on stdout. Small imports (below
data/settings.toml [import] background_redaction_from distinct texts; into a large store only
while Deduce is loaded here already) and a worker that fails redact here, so the result is
always the one `redact_frame` gives.
"""
from __future__ import annotations

import os
import pickle
import resource
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field

import pandas as pd

from analysis.core import config, paths
from analysis.enrich import deduce_names
from analysis.enrich.deidentify import redact_frame


def _threshold() -> int:
    return int(config.settings().get("import", {}).get("background_redaction_from", 5000))


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass
class RedactionJob:
    """redact_frame(frame, columns), computed in a second process or, when that does not pay,
    here on the first result() call. `figures` holds the worker's wall and CPU seconds and peak
    memory (empty when redacted here)."""

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
        """Stop a worker whose result is not wanted (the import failed before its write)."""
        if self.process is not None:
            self.process.kill()
            self._finish()

    def _finish(self) -> int:
        """Wait for the sender and the worker; the worker's exit code."""
        self.sender.join()
        self.process.stdout.close()
        code = self.process.wait()
        self.process = None
        return code

    def _from_worker(self) -> tuple[pd.DataFrame, pd.DataFrame] | None:
        out = self.process.stdout.read()
        if self._finish() != 0 or not out:
            return None
        try:
            redacted, log, self.figures = pickle.loads(out)
        except (pickle.UnpicklingError, EOFError, ValueError):
            return None
        return redacted, log


def start(frame: pd.DataFrame, columns: list[str], stored: int = 0) -> RedactionJob:
    """Begin redacting frame's columns. On a machine with two or more cores a second process
    takes a large frame, and also a small one going into a large store (`stored` contributions)
    while Deduce is not loaded here: loading it (about 2 seconds) then overlaps with the rest of
    the import, which over a large store takes as long."""
    job = RedactionJob(frame, list(columns))
    distinct = frame["text"].nunique() if "text" in frame.columns else len(frame)
    large = distinct >= _threshold() or (stored >= _threshold() and not deduce_names.loaded())
    if not large or _cores() < 2 or not deduce_names.available():
        return job
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(paths.ROOT), os.environ.get("PYTHONPATH")]))}
    try:
        process = subprocess.Popen([sys.executable, "-m", "analysis.enrich.redaction_job"],
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=paths.ROOT, env=env)
    except OSError:  # no second process to be had: redact here
        return job
    payload = pickle.dumps((frame, job.columns), protocol=pickle.HIGHEST_PROTOCOL)
    # written from a thread: the pipe holds 64 KB and the worker reads only once it has started
    job.process, job.sender = process, threading.Thread(target=_send, args=(process, payload), daemon=True)
    job.sender.start()
    return job


def _send(process: subprocess.Popen, payload: bytes) -> None:
    try:
        process.stdin.write(payload)
        process.stdin.close()
    except (BrokenPipeError, ValueError):  # the worker died or was stopped: result() redacts here
        pass


def _work() -> None:
    """The worker: a (frame, columns) pickle on stdin, (redacted, log, figures) on stdout."""
    wall, cpu = time.perf_counter(), time.process_time()
    frame, columns = pickle.load(sys.stdin.buffer)
    redacted, log = redact_frame(frame, columns)
    figures = {"seconds": round(time.perf_counter() - wall, 3), "cpu_seconds": round(time.process_time() - cpu, 3),
               "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}
    sys.stdout.buffer.write(pickle.dumps((redacted, log, figures), protocol=pickle.HIGHEST_PROTOCOL))
    sys.stdout.buffer.flush()


if __name__ == "__main__":
    _work()
