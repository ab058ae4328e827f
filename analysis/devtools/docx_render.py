"""Render a generated Word report to PDF and page images, to look at it as a reader would (devtools stage).

LibreOffice headless (`soffice`, Debian package libreoffice-writer-nogui, installed best effort
by scripts/test.sh) converts DOCX to PDF; pdftoppm (poppler-utils) turns the pages into PNG.
Each conversion uses its own throw-away LibreOffice profile, so two runs at once do not block
each other. Where LibreOffice is missing the dashboard and the report do not change: only this
check and its test are skipped.

    python -m analysis.devtools.docx_render verslag.docx [...] --out /tmp/verslag   # PDF + a PNG per page
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from analysis.core.errors import InputError


def soffice() -> str | None:
    """The LibreOffice executable, or None."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(docx: Path | list[Path], out_dir: Path, timeout: float = 240) -> Path | list[Path]:
    """docx (one path or several, converted in one LibreOffice start) as PDF in out_dir, same
    names with .pdf; InputError when LibreOffice is missing or fails."""
    paths = [docx] if isinstance(docx, Path) else list(docx)
    exe = soffice()
    if exe is None:
        raise InputError("LibreOffice (soffice) is niet geïnstalleerd; installeer libreoffice-writer-nogui.")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="nmp-soffice-") as profile:
        result = subprocess.run(
            [exe, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
             "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, paths)],
            capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)
    pdfs = [out_dir / (p.stem + ".pdf") for p in paths]
    missing = [p.name for p, pdf in zip(paths, pdfs) if not pdf.exists()]
    if result.returncode != 0 or missing:
        raise InputError(f"LibreOffice kon {', '.join(missing) or paths[0].name} niet omzetten: "
                         f"{result.stderr.strip()[:200]}")
    return pdfs[0] if isinstance(docx, Path) else pdfs


def to_png(pdf: Path, out_dir: Path, dpi: int = 80) -> list[Path]:
    """One PNG per page of pdf (pdftoppm), in page order."""
    exe = shutil.which("pdftoppm")
    if exe is None:
        raise InputError("pdftoppm is niet geïnstalleerd; installeer poppler-utils.")
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run([exe, "-r", str(dpi), "-png", str(pdf), str(out_dir / pdf.stem)], check=True,
                   capture_output=True, timeout=240, stdin=subprocess.DEVNULL)
    return sorted(out_dir.glob(f"{pdf.stem}-*.png"))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Zet een verslag (DOCX) om in PDF en een PNG per pagina.")
    p.add_argument("docx", type=Path, nargs="+")
    p.add_argument("--out", type=Path, required=True, help="map voor de PDF en de afbeeldingen")
    p.add_argument("--dpi", type=int, default=80)
    args = p.parse_args(argv)
    try:
        for pdf in to_pdf(args.docx, args.out):
            pages = to_png(pdf, args.out, args.dpi)
            print(f"{pdf} ({len(pages)} pagina's als PNG in {args.out})")
    except InputError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
