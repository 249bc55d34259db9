"""tools/halves.py: every evaluation item falls in one half, the same one on every run."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _halves() -> ModuleType:
    # tools/ is a folder of scripts, not a package: load the script by its path
    spec = importlib.util.spec_from_file_location("halves", ROOT / "tools" / "halves.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["halves"] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


halves = _halves()


def test_an_id_falls_in_the_same_half_in_another_process() -> None:
    ids = [f"incident-{n}" for n in range(50)]
    here = [halves.half_of(i) for i in ids]
    code = (
        "import importlib.util, json, sys;"
        f"spec = importlib.util.spec_from_file_location('h', {str(ROOT / 'tools' / 'halves.py')!r});"
        "h = importlib.util.module_from_spec(spec); sys.modules['h'] = h; spec.loader.exec_module(h);"
        f"print(json.dumps([h.half_of(i) for i in {ids!r}]))"
    )
    there = json.loads(
        subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
    )
    assert here == there


def test_the_two_halves_are_near_even() -> None:
    checked = sum(halves.half_of(f"sentence-{n}") == "check" for n in range(2000))
    assert 900 <= checked <= 1100


def test_a_gold_file_splits_into_two_halves_that_make_the_whole(tmp_path: Path) -> None:
    (tmp_path / "gva").mkdir()
    rows = [{"incident_id": str(n), "num_killed": n % 3, "doc_ids": [f"d{n}"]} for n in range(40)]
    (tmp_path / "gva" / "dev_gold.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    seen: list[str] = []
    for half in ("tuning", "check"):
        folder = tmp_path / half
        folder.mkdir()
        args = halves.SETS["gva"].half(tmp_path, half, folder)
        assert args[0] == str(tmp_path / "score_gva.py") and args[1] == "--gold"
        written = [json.loads(line) for line in Path(args[2]).read_text().splitlines()]
        assert all(halves.half_of(r["incident_id"]) == half for r in written)
        seen += [r["incident_id"] for r in written]
    assert sorted(seen, key=int) == [r["incident_id"] for r in rows]


def test_newsquant_halves_keep_each_sentence_with_its_gold(tmp_path: Path) -> None:
    (tmp_path / "newsquant").mkdir()
    ids = [f"nq-{n:03d}" for n in range(30)]
    (tmp_path / "newsquant" / "sentences.jsonl").write_text(
        "".join(
            json.dumps({"id": i, "text": f"Invented sentence {n}."}) + "\n"
            for n, i in enumerate(ids)
        )
    )
    (tmp_path / "newsquant" / "gold.jsonl").write_text(
        "".join(json.dumps({"id": i, "quantities": []}) + "\n" for i in ids)
    )
    (tmp_path / "score_newsquant.py").write_text("# the scorer, copied beside its half\n")
    folder = tmp_path / "check"
    folder.mkdir()
    args = halves.SETS["newsquant"].half(tmp_path, "check", folder)
    assert args == [str(folder / "score_newsquant.py")]
    sentences = [
        json.loads(line)["id"]
        for line in (folder / "newsquant" / "sentences.jsonl").read_text().splitlines()
    ]
    gold = [
        json.loads(line)["id"]
        for line in (folder / "newsquant" / "gold.jsonl").read_text().splitlines()
    ]
    assert sentences == gold == [i for i in ids if halves.half_of(i) == "check"]


def test_a_scorers_summary_line_gives_its_metrics_and_size() -> None:
    line = "score_x: b-cubed f1 0.700 precision 1.000 dated killed-accuracy 0.650 over 12 incidents"
    assert halves.metrics(line) == {
        "b-cubed f1": "0.700",
        "precision": "1.000",
        "dated killed-accuracy": "0.650",
    }
    assert halves.size(line) == "12"
