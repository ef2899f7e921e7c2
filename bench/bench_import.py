"""Import benchmark: an LSTM with H=1024 (D=256) from .safetensors and .pt, in the CLI path and in the window.

Run: python bench/bench_import.py   (the .pt file is written with torch when it is installed)
Target: the window shows the imported model in under 2 s. Prints medians.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if "DISPLAY" not in os.environ:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("RNNVIZ_SETTINGS_SCOPE", "rnnviz-bench")

import numpy as np  # noqa: E402

H, D = 1024, 256


def write_models(folder: Path) -> list[Path]:
    from safetensors.numpy import save_file

    rng = np.random.default_rng(0)
    bound = 1 / np.sqrt(H)
    tensors = {
        "encoder.weight_ih_l0": rng.uniform(-bound, bound, (4 * H, D)).astype(np.float32),
        "encoder.weight_hh_l0": rng.uniform(-bound, bound, (4 * H, H)).astype(np.float32),
        "encoder.bias_ih_l0": rng.uniform(-bound, bound, 4 * H).astype(np.float32),
        "encoder.bias_hh_l0": rng.uniform(-bound, bound, 4 * H).astype(np.float32),
    }
    paths = [folder / "big.safetensors"]
    save_file(tensors, str(paths[0]))
    try:
        import torch
    except ImportError:
        print("torch is not installed: the .pt case is skipped")
        return paths
    paths.append(folder / "big.pt")
    torch.save({k: torch.from_numpy(v) for k, v in tensors.items()}, paths[1])
    return paths


def median_s(samples: list[float]) -> str:
    return f"{statistics.median(samples):.3f} s (min {min(samples):.3f}, n={len(samples)})"


def main() -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    import rnnviz
    from rnnviz.importers import import_model
    from rnnviz.session import Session
    from rnnviz.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as folder:
        for path in write_models(Path(folder)):
            size = path.stat().st_size / 2**20
            reads = []
            for _ in range(5):
                start = time.perf_counter()
                lesson, _, _ = import_model(path)
                rnnviz.trace(lesson, "lstm")
                reads.append(time.perf_counter() - start)
            print(f"{path.suffix:13s} {size:5.1f} MiB  read + lesson + trace: {median_s(reads)}")
            shown = []
            for _ in range(5):
                window = MainWindow(Session(rnnviz.load_lesson(rnnviz.default_lesson_path())), builtin=True)
                window.ask_unsaved = lambda: QMessageBox.StandardButton.Discard
                window.resize(1366, 768)
                window.show()
                app.processEvents()
                start = time.perf_counter()
                window.import_path(str(path), wait=True)
                window.repaint()
                shown.append(time.perf_counter() - start)
                assert window.session.lesson.hidden_size == H, "the import did not open"
                window.close()
            print(f"{'':13s} {'':5s}      window, file to painted lesson: {median_s(shown)}   target < 2 s")


if __name__ == "__main__":
    main()
