"""Files are replaced whole: a failed write leaves the old file and no temporary behind, and two
writers of the same file never trip over each other's temporary file."""
from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import joblib
import pytest

from analysis.core import files
from analysis.core.errors import InputError


def test_a_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    out = tmp_path / "figures.json"
    files.write_text_atomically("oud", out)

    def broken(*_a):
        raise OSError("schijf vol")

    monkeypatch.setattr(files.os, "replace", broken)
    with pytest.raises(OSError):
        files.write_text_atomically("nieuw", out)
    assert out.read_text() == "oud"
    assert [p.name for p in tmp_path.iterdir()] == ["figures.json"]


def test_parallel_writers_each_replace_the_file_whole(tmp_path):
    out = tmp_path / "model.joblib"
    payloads = [{"n": i, "data": list(range(20_000))} for i in range(8)]
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda p: files.dump_atomically(p, out), payloads))
    assert joblib.load(out) in payloads
    assert [p.name for p in tmp_path.iterdir()] == ["model.joblib"]


def test_a_missing_folder_is_a_clear_message(tmp_path):
    with pytest.raises(InputError, match="Map bestaat niet"):
        files.write_atomically(b"x", tmp_path / "nergens" / "uit.csv")


def test_clean_name_reads_as_words_without_ids_or_double_hyphens():
    from analysis.core.files import clean_name

    assert clean_name("Terugkoppeling", "Werksessie 'Samen werken aan het NMP'", "26 juni 2024",
                      suffix=".docx") == "terugkoppeling-werksessie-samen-werken-aan-het-nmp-26-juni-2024.docx"
    assert clean_name("thema Cumulatie / stapeling van effecten") == "thema-cumulatie-stapeling-van-effecten"
    assert clean_name("Thema’s: één — twee") == "themas-een-twee"
    assert len(clean_name("woord " * 40)) <= 100 and not clean_name("woord " * 40).endswith("-")
    assert clean_name("", "--") == "bestand"
