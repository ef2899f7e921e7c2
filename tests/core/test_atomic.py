"""Atomic writes: read-only targets, stale temporaries of a killed write, links kept."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from rnnviz.core import atomic
from rnnviz.core.atomic import ReadOnlyTargetError, atomic_write_bytes, atomic_write_text, remove_stale_temporaries


def test_read_only_target_is_refused_unless_asked(tmp_path):
    target = tmp_path / "locked.txt"
    target.write_text("precious", encoding="utf-8")
    target.chmod(0o444)
    with pytest.raises(ReadOnlyTargetError) as caught:
        atomic_write_text(target, "new")
    assert isinstance(caught.value, PermissionError)
    assert caught.value.filename == str(target)
    assert target.read_text(encoding="utf-8") == "precious"
    assert os.listdir(tmp_path) == ["locked.txt"]
    atomic_write_text(target, "new", replace_readonly=True)
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o444  # still read-only afterwards, as the user made it


def test_is_read_only_looks_at_the_mode_not_at_who_we_are(tmp_path):
    target = tmp_path / "f"
    assert not atomic.is_read_only(target)  # missing
    target.write_bytes(b"")
    assert not atomic.is_read_only(target)
    target.chmod(0o444)
    assert atomic.is_read_only(target)  # also for root, for whom os.access says writable
    folder = tmp_path / "locked-folder"
    folder.mkdir()
    folder.chmod(0o555)
    assert not atomic.is_read_only(folder)  # a folder is not a read-only file


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporary_of_a_killed_write_is_removed_on_the_next_write(tmp_path):
    stale = tmp_path / f".lesson.json.rnnviz-tmp-{_dead_pid()}-abc123.tmp"
    stale.write_bytes(b"half a lesson")
    live = tmp_path / f".lesson.json.rnnviz-tmp-{os.getppid()}-def456.tmp"  # a writer that still runs
    live.write_bytes(b"being written")
    mine = tmp_path / f".lesson.json.rnnviz-tmp-{os.getpid()}-ghi789.tmp"  # another thread of ours, mid-write
    mine.write_bytes(b"being written")
    foreign = tmp_path / ".lesson.json.other-tool.tmp"  # not our naming: never touched
    foreign.write_bytes(b"x")
    atomic_write_bytes(tmp_path / "lesson.json", b"{}")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["lesson.json", live.name, mine.name, foreign.name])


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_write_killed_outright_leaves_a_temporary_that_the_next_write_removes(tmp_path):
    script = (
        "import os, signal, sys\n"
        "from rnnviz.core.atomic import atomic_open\n"
        "with atomic_open(sys.argv[1], 'w') as handle:\n"
        "    handle.write('partial'); handle.flush()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    target = tmp_path / "out.csv"
    result = subprocess.run([sys.executable, "-c", script, str(target)], timeout=60)
    assert result.returncode != 0
    leftovers = [p.name for p in tmp_path.iterdir()]
    assert len(leftovers) == 1
    assert leftovers[0].endswith(".tmp")
    assert not target.exists()
    assert remove_stale_temporaries(tmp_path) == 1
    assert os.listdir(tmp_path) == []


def test_through_a_symlink_the_link_is_kept_for_bytes_too(tmp_path):
    real = tmp_path / "real.png"
    real.write_bytes(b"old")
    link = tmp_path / "link.png"
    link.symlink_to(real)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink()
    assert real.read_bytes() == b"new"
