"""Plotly figures as PNG images for the DOCX report, through kaleido and the system chromium
(views stage).

kaleido 1.x drives a headless Chromium (choreographer finds /usr/bin/chromium; NMP_CHROMIUM or
BROWSER_PATH name another). One browser serves every figure of a report (the first image takes
~10 s on a 2-core machine, the next ~1 s). When no image route works, to_png says why instead of
failing, and the report prints that sentence where the chart would be. NMP_REPORT_IMAGES=0
switches images off.
"""
from __future__ import annotations

import contextlib
import os

import plotly.graph_objects as go

from analysis.core.errors import InputError
from analysis.views.charts import PNG_WIDTH, for_png


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"{type(exc).__name__}: {text}"[:160]


def to_png(figures: list[go.Figure], width: int) -> tuple[list[bytes | None], str]:
    """The figures as PNG bytes (None where it failed), and why it failed ('' when all worked)."""
    if os.environ.get("NMP_REPORT_IMAGES", "1") == "0":
        return [None] * len(figures), "afbeeldingen staan uit (NMP_REPORT_IMAGES=0)"
    chromium = os.environ.get("NMP_CHROMIUM")
    if chromium and not os.environ.get("BROWSER_PATH"):
        os.environ["BROWSER_PATH"] = chromium
    try:
        import kaleido
    except ImportError as exc:
        return [None] * len(figures), f"kaleido is niet geïnstalleerd ({_reason(exc)})"
    out: list[bytes | None] = []
    reason = ""
    try:
        kaleido.start_sync_server(silence_warnings=True)
    except Exception as exc:  # noqa: BLE001 - any failure of the browser route is reported, not raised
        return [None] * len(figures), f"geen browser voor grafieken ({_reason(exc)})"
    try:
        for fig in figures:
            try:
                height = int(fig.layout.height or 500)
                out.append(kaleido.calc_fig_sync(fig, opts={"format": "png", "width": width,
                                                            "height": height, "scale": 1.5}))
            except Exception as exc:  # noqa: BLE001
                out.append(None)
                reason = reason or f"grafiek maken mislukt ({_reason(exc)})"
    finally:
        # stopping a dead browser is not an error for the user
        with contextlib.suppress(Exception):
            kaleido.stop_sync_server(silence_warnings=True)
    return out, reason


def chart_png(fig: go.Figure) -> bytes:
    """One dashboard chart as a PNG download (charts.for_png: wide, the legend under the plot);
    InputError with the reason when no image route works."""
    images, reason = to_png([for_png(fig)], PNG_WIDTH)
    if images[0] is None:
        raise InputError(f"De grafiek kon niet als afbeelding worden gemaakt: {reason}.")
    return images[0]
