"""The six deliberate view bugs of the teaching-trial issue, each planted in the committed tree.

    python bench/trial_bugs.py

Before the redesign, five of these passed the whole suite. Each is applied to a copy of the
committed tree and the session, core and window tests are run there; every one must fail
them. Prints KILLED or SURVIVED per bug and the totals.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from mutate_views import ROOT, run_tests  # noqa: E402

# name -> [(file, text, replacement)]: each text occurs exactly once in its file
BUGS = {
    "the candidate shown a phase late": [
        ("rnnviz/core/models.py", '("i_pre_x", "i_pre_h", "i_pre", "i", "g_pre_x", "g_pre_h", "g_pre", "g")),',
         '("i_pre_x", "i_pre_h", "i_pre", "i")),'),
        ("rnnviz/core/models.py", '"the cell state is updated, not overwritten", ("c",)),',
         '"the cell state is updated, not overwritten", ("c", "g_pre_x", "g_pre_h", "g_pre", "g")),'),
    ],
    "the caption stuck on one phase": [
        ("rnnviz/ui/canvas.py", "            equation, note, muted = phase.equation, phase.note, False",
         "            equation, note, muted = spec.phases[1].equation, spec.phases[1].note, False"),
    ],
    "the cell-phase highlight emptied": [
        ("rnnviz/ui/diagrams.py", '"cell": _keys("forget_x input_x c_mid c_update cell_add c_out"),', '"cell": (),'),
    ],
    "the memory plot never set": [
        ("rnnviz/ui/timeline.py", "        self.timeline.set_memory(memory, session.token(step), step)",
         "        pass"),
    ],
    "C(t-1) off by one step": [
        ("rnnviz/core/models.py", '        return trace.value(id[: -len("_prev")], step - 1)',
         '        return trace.value(id[: -len("_prev")], step - 1 if id == "h_prev" else step)'),
    ],
    "embedding edits no longer merging into one undo step": [
        ("rnnviz/core/edits.py",
         "        return isinstance(other, SetEmbedding) and (other.token, other.unit) == (self.token, self.unit)",
         "        return False"),
    ],
}  # fmt: skip
TESTS = ["tests/test_session.py", "tests/core/test_models.py", "tests/core/test_edits.py", "tests/ui/test_canvas.py",
         "tests/ui/test_state_panel.py", "tests/ui/test_timeline.py", "tests/ui/test_window.py"]  # fmt: skip


def main() -> int:
    killed = 0
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        archive = subprocess.run(["git", "archive", "HEAD"], cwd=ROOT, capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(work)], input=archive, check=True)
        if run_tests(work, TESTS, 600, show=True):
            print("the unmutated tree fails its tests: nothing to measure")
            return 1
        for name, edits in BUGS.items():
            originals = {path: (work / path).read_text(encoding="utf-8") for path, _, _ in edits}
            texts = dict(originals)
            for path, old, new in edits:
                if texts[path].count(old) != 1:
                    print(f"STALE    {name}: {old.strip()[:60]} (not found once; update the list)")
                    break
                texts[path] = texts[path].replace(old, new)
            else:
                for path, text in texts.items():
                    (work / path).write_text(text, encoding="utf-8")
                caught = run_tests(work, TESTS, 600)
                killed += caught
                print(f"{'KILLED  ' if caught else 'SURVIVED'} {name}", flush=True)
            for path, text in originals.items():
                (work / path).write_text(text, encoding="utf-8")
    print(f"killed {killed} of {len(BUGS)}")
    return 0 if killed == len(BUGS) else 1


if __name__ == "__main__":
    sys.exit(main())
