"""The fixer under faults: a read-only file, a full disk, and SIGKILL at any moment of `--fix`.

After every fault each article is either its old or its new version, byte for byte, and a
temporary file a kill left behind is removed by the next run. The counts printed here (kills
tried, landed mid-run, temporary files left and removed) are the ones docs/reliability.md quotes.

The kill test forks `newslint --fix` (cli.main, the console script's function) from a small
server process that has imported newslint once, so that a child starts in a millisecond and
hundreds of kills fit in CI's time; a smaller series kills the real `newslint` executable.
"""
from __future__ import annotations

import json
import os
import random
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pytest_newslint.fix import TEMP_MARK, TEMP_SUFFIX
from tests.conftest import newslint_command

BODY = ("Council approves budget\n\nThe council approved the budget on Tuesday after a long debate about "
        "schools and roads.\n\nThe mayor said the vote showed the city could plan for the years ahead.\n")
REPEAT = ("The programme, introduced during the pandemic, has cost more than expected, and the committee "
          "wants a review.")


def articles() -> dict[str, bytes]:
    """Defective articles of every fixable kind, clean ones and bad inputs (never changed)."""
    kinds = {
        "padded.txt": BODY + "\n\n\n",
        "padded_crlf.txt": (BODY + "\n \n\n").replace("\n", "\r\n"),
        "padded_cr.txt": (BODY + "\n\n").replace("\n", "\r"),
        "hashtags.md": BODY + "\n#Budget #Council #Schools\n\n",
        "repeated.txt": f"Title\n\n{REPEAT}\n\nTenant groups welcomed the vote.\n\n{REPEAT}\n",
        "bom_padded.md": "\ufeff" + BODY + "\n\u3000\n",
        "clean.txt": BODY,
        "near_duplicate.txt": f"Title\n\n{REPEAT}\n\nOther text here.\n\n{REPEAT.replace('more than', 'far more than')}\n",
    }
    files = {name: text.encode("utf-8") for name, text in kinds.items()}
    for number in range(12):  # short ones: more writes in a run, each a moment to be killed in
        files[f"short_{number:02d}.txt"] = f"Brief {number}\n\nThe council met on day {number}.\n\n\n".encode()
    files["binary.md"] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
    files["latin1.txt"] = "Caf\u00e9\n\n\n".encode("latin-1")
    files["sub/padded_deep.md"] = (BODY + "\n\n").encode()
    return files


def write_all(folder: Path, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


def temporary_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob(f".*{TEMP_MARK}*{TEMP_SUFFIX}"))


@pytest.fixture(scope="module")
def versions(tmp_path_factory):
    """{name: (old bytes, new bytes)}: the new version from one uninterrupted `newslint --fix`."""
    folder = tmp_path_factory.mktemp("reference")
    old = articles()
    write_all(folder, old)
    completed = subprocess.run(newslint_command() + ["--fix", "--no-cache", "."], cwd=folder, capture_output=True, text=True)
    assert completed.returncode == 1 and "Traceback" not in completed.stderr, completed.stderr
    new = {name: (folder / name).read_bytes() for name in old}
    changed = [name for name in old if old[name] != new[name]]
    assert len(changed) >= 5 + 12 + 1  # every fixable kind, the short ones and the nested one
    return {name: (old[name], new[name]) for name in old}


def check_folder(folder: Path, versions: dict) -> int:
    """Assert every article is its old or its new version; return how many are new (of those
    that change)."""
    done = 0
    for name, (old, new) in versions.items():
        data = (folder / name).read_bytes()
        assert data in (old, new), f"{name}: neither the old nor the new version ({len(data)} bytes)"
        done += old != new and data == new
    extra = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} - set(versions)
    assert all(TEMP_MARK in name and name.endswith(TEMP_SUFFIX) for name in extra), extra
    return done


# -- the fork server ---------------------------------------------------------------------------------

SERVER = r'''
import json, os, signal, sys, time
from pytest_newslint import cli, fix
from pytest_newslint.plugins import available_rules

available_rules()  # import every rule before forking: a child starts at once
ARGS = ["--fix", "--no-cache", "--jobs", "1", "."]


def suicide_at(point, nth):
    """Make the child SIGKILL itself at the nth time it reaches `point` of a write."""
    count = [0]

    def hit():
        count[0] += 1
        if count[0] == nth:
            os.kill(os.getpid(), signal.SIGKILL)

    real_open, real_fdopen, real_fsync, real_replace, real_chmod = os.open, os.fdopen, os.fsync, os.replace, os.chmod

    def is_temporary(path):
        return fix.TEMP_MARK in os.fspath(path)

    if point == "created":
        def patched(path, *a, **k):
            fd = real_open(path, *a, **k)
            if is_temporary(path):
                hit()
            return fd
        os.open = patched
    elif point == "half-written":
        class Half:
            def __init__(self, handle):
                self.handle = handle
            def write(self, data):
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                hit()
                return self.handle.write(data[len(data) // 2:])
            def __getattr__(self, name):
                return getattr(self.handle, name)
            def __enter__(self):
                return self
            def __exit__(self, *exc):
                return self.handle.__exit__(*exc)
        os.fdopen = lambda *a, **k: Half(real_fdopen(*a, **k))
    elif point in ("fsynced", "folder-fsync"):
        def patched(fd):
            real_fsync(fd)
            if (point == "folder-fsync") == os.path.isdir(f"/proc/self/fd/{fd}"):
                hit()
        os.fsync = patched
    elif point == "mode-set":
        def patched(path, *a, **k):
            real_chmod(path, *a, **k)
            if is_temporary(path):
                hit()
        os.chmod = patched
    elif point in ("before-replace", "after-replace"):
        def patched(source, target, *a, **k):
            if point == "before-replace":
                hit()
            real_replace(source, target, *a, **k)
            if point == "after-replace":
                hit()
        os.replace = patched


for line in sys.stdin:
    folder, delay, point, nth = json.loads(line)
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        code = 99
        try:
            os.chdir(folder)
            null = os.open(os.devnull, os.O_WRONLY)
            os.dup2(null, 1)
            os.dup2(null, 2)
            if point:
                suicide_at(point, nth)
            code = cli.main(ARGS)
        finally:
            os._exit(code)
    outcome = None
    if delay is not None:
        deadline = started + delay
        while time.monotonic() < deadline:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                outcome = ["exited", os.waitstatus_to_exitcode(status)]
                break
            time.sleep(min(0.002, max(0.0, deadline - time.monotonic())))
        if outcome is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            outcome = ["killed", -9]
    if outcome is None:
        status = os.waitpid(pid, 0)[1]
        code = os.waitstatus_to_exitcode(status)
        outcome = ["killed" if code == -9 else "exited", code]
    print(json.dumps([pid, outcome[0], outcome[1], time.monotonic() - started]), flush=True)
'''


class ForkServer:
    def __init__(self, tmp_path: Path):
        script = tmp_path / "fork_server.py"
        script.write_text(SERVER, encoding="utf-8")
        self.process = subprocess.Popen([sys.executable, str(script)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, bufsize=1)

    def run(self, folder: Path, delay: float | None = None, point: str | None = None, nth: int = 1):
        """One `--fix` run, SIGKILLed after `delay` seconds (None: let it finish, or kill
        itself at `point`); returns (pid, "killed" or "exited", exit code, seconds)."""
        self.process.stdin.write(json.dumps([str(folder), delay, point, nth]) + "\n")
        line = self.process.stdout.readline()
        assert line, "the fork server died"
        return json.loads(line)

    def close(self):
        self.process.stdin.close()
        self.process.wait(timeout=30)


@pytest.fixture
def server(tmp_path):
    fork_server = ForkServer(tmp_path)
    yield fork_server
    fork_server.close()


KILL_BUDGET_SECONDS = float(os.environ.get("NEWSLINT_KILL_SECONDS", "20"))
MIN_KILLS = 200
MAX_KILLS = int(os.environ.get("NEWSLINT_KILL_MAX", "1000"))


@pytest.mark.slow
def test_sigkill_at_random_moments_never_loses_a_byte(tmp_path, server, versions):
    folder = tmp_path / "articles"
    folder.mkdir()
    old = {name: pair[0] for name, pair in versions.items()}
    fixable = sum(o != n for o, n in versions.values())
    write_all(folder, old)
    # calibrate: how long an uninterrupted run over the whole folder takes
    durations = []
    for _ in range(3):
        write_all(folder, old)
        pid, outcome, code, seconds = server.run(folder)
        assert (outcome, code) == ("exited", 1)
        assert check_folder(folder, versions) == fixable
        durations.append(seconds)
    full = min(durations)  # the shortest: a kill drawn within it lands while the run is still going
    write_all(folder, old)

    rng = random.Random(int(os.environ.get("NEWSLINT_KILL_SEED", "20260101")))
    stats = {"tried": 0, "landed": 0, "exited_first": 0, "before_first_write": 0, "between_writes": 0,
             "after_last_write": 0, "temporary_left": 0, "temporary_removed": 0}
    started = time.monotonic()
    # at least MIN_KILLS, then more while the time budget lasts (at most MAX_KILLS)
    while stats["tried"] < MIN_KILLS or (stats["tried"] < MAX_KILLS and time.monotonic() - started < KILL_BUDGET_SECONDS):
        before = check_folder(folder, versions)
        pid, outcome, code, seconds = server.run(folder, delay=rng.uniform(0, full * 1.05))
        stats["tried"] += 1
        after = check_folder(folder, versions)  # the promise: old or new, byte for byte
        left = temporary_files(folder)
        if outcome == "exited":
            stats["exited_first"] += 1
            assert code == 1 and after == fixable and not left  # 1: changed files, and bad inputs remain
        else:
            stats["landed"] += 1
            if left:
                stats["temporary_left"] += 1
                assert all(f"{TEMP_MARK}{pid}-" in path.name for path in left), left
                # the next run removes what this kill left, and finishes the job
                _, outcome, code, _ = server.run(folder)
                assert outcome == "exited" and code in (0, 1)
                assert not any(path.exists() for path in left), left
                stats["temporary_removed"] += 1
                after = check_folder(folder, versions)
            elif after == before:
                stats["before_first_write"] += 1
            elif after < fixable:
                stats["between_writes"] += 1
            else:
                stats["after_last_write"] += 1
        if after == fixable:  # all fixed: start again from the defective versions
            write_all(folder, old)
    server.run(folder)
    assert check_folder(folder, versions) == fixable and not temporary_files(folder)
    print(f"\nkills: {json.dumps(stats)}; uninterrupted run {full:.3f} s; {time.monotonic() - started:.1f} s in all")
    assert stats["tried"] >= MIN_KILLS
    assert stats["landed"] >= stats["tried"] // 2
    assert stats["between_writes"] > 0


WRITE_POINTS = ["created", "half-written", "fsynced", "mode-set", "before-replace", "after-replace", "folder-fsync"]


@pytest.mark.parametrize("point", WRITE_POINTS)
def test_sigkill_at_each_step_of_a_write(tmp_path, server, versions, point):
    """A kill at each step of write_atomically, on the first, a middle and the last file written."""
    folder = tmp_path / "articles"
    folder.mkdir()
    old = {name: pair[0] for name, pair in versions.items()}
    fixable = sum(o != n for o, n in versions.values())
    for nth in (1, fixable // 2, fixable):
        write_all(folder, old)
        pid, outcome, code, _ = server.run(folder, point=point, nth=nth)
        assert (outcome, code) == ("killed", -9), (point, nth, outcome, code)
        done = check_folder(folder, versions)
        assert done == nth - (point not in ("after-replace", "folder-fsync")), (point, nth, done)
        left = temporary_files(folder)
        assert bool(left) == (point in ("created", "half-written", "fsynced", "mode-set", "before-replace")), left
        server.run(folder)
        assert check_folder(folder, versions) == fixable
        assert not temporary_files(folder)


@pytest.mark.slow
def test_sigkill_the_real_executable(tmp_path, versions):
    """The same promise for the `newslint` console script, killed from outside."""
    folder = tmp_path / "articles"
    folder.mkdir()
    old = {name: pair[0] for name, pair in versions.items()}
    fixable = sum(o != n for o, n in versions.values())
    command = newslint_command() + ["--fix", "--no-cache", "--jobs", "1", "."]
    write_all(folder, old)
    began = time.monotonic()
    subprocess.run(command, cwd=folder, capture_output=True, check=False)
    full = time.monotonic() - began
    write_all(folder, old)
    rng = random.Random(7)
    landed = 0
    for _ in range(20):
        process = subprocess.Popen(command, cwd=folder, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0, full))
        process.kill()
        landed += process.wait() == -9
        check_folder(folder, versions)
        if check_folder(folder, versions) == fixable:
            write_all(folder, old)
    completed = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    assert "Traceback" not in completed.stderr
    assert check_folder(folder, versions) == fixable and not temporary_files(folder)
    print(f"\nreal executable: 20 kills, {landed} while it ran; uninterrupted run {full:.2f} s")
    assert landed >= 10


# -- read-only file and full disk, through the command --------------------------------------------


def test_read_only_file_among_others(tmp_path, run_cli):
    write_all(tmp_path, {"a.txt": (BODY + "\n\n").encode(), "locked.txt": (BODY + "\n\n").encode()})
    os.chmod(tmp_path / "locked.txt", 0o444)
    result = run_cli("--fix", "--no-cache", ".", cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert "locked.txt: read-only file: not fixed" in result.stderr
    assert "locked.txt:6:1: error trailing-padding" in result.stdout  # still reported
    assert (tmp_path / "locked.txt").read_bytes() == (BODY + "\n\n").encode()
    assert stat.S_IMODE(os.stat(tmp_path / "locked.txt").st_mode) == 0o444
    assert (tmp_path / "a.txt").read_bytes() == BODY.encode()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "locked.txt"]


FULL_DISK = r'''
import errno, os

if os.environ.get("NEWSLINT_TEST_FULL_DISK"):
    _fdopen = os.fdopen

    class _Full:
        """A file on a disk that fills up halfway through the write."""

        def __init__(self, handle):
            self.handle = handle

        def write(self, data):
            self.handle.write(data[: len(data) // 2])
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        def __getattr__(self, name):
            return getattr(self.handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return self.handle.__exit__(*exc)

    os.fdopen = lambda *a, **k: _Full(_fdopen(*a, **k))
'''


def test_full_disk_keeps_every_original(tmp_path, run_cli):
    faults = tmp_path / "faults"
    faults.mkdir()
    (faults / "sitecustomize.py").write_text(FULL_DISK, encoding="utf-8")
    folder = tmp_path / "articles"
    folder.mkdir()
    files = {"a.txt": (BODY + "\n\n").encode(), "b.md": (BODY + "\n#One #Two\n").encode(), "clean.txt": BODY.encode()}
    write_all(folder, files)
    env = {"PYTHONPATH": os.pathsep.join(filter(None, [str(faults), os.environ.get("PYTHONPATH")])),
           "NEWSLINT_TEST_FULL_DISK": "1"}
    result = run_cli("--fix", "--no-cache", ".", cwd=folder, env=env)
    assert "Traceback" not in result.stderr
    assert result.returncode == 1  # the findings remain
    for name in ("a.txt", "b.md"):
        assert f"{name}: not written: No space left on device" in result.stderr, result.stderr
    assert "fixed" not in result.stderr.splitlines()[-1]
    assert {name: (folder / name).read_bytes() for name in files} == files
    assert sorted(p.name for p in folder.iterdir()) == sorted(files)  # no temporary file left
    # once there is room again, the same command fixes them
    run_cli("--fix", "--no-cache", ".", cwd=folder)
    assert (folder / "a.txt").read_bytes() == BODY.encode()


def test_fix_under_a_yaml_alias_bomb_below_the_cap(tmp_path, run_cli):
    """99 aliases (the cap is 100) expand to 9**12 leaves: cheap to load, as shared lists, but a
    fixer that compared the front matter before and after as data never returned."""
    levels = ["l0: &l0 [x, x, x, x, x, x, x, x, x]"] + [
        f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, 12)]
    text = "---\ntitle: Budget\n" + "\n".join(levels) + "\n---\n\n" + BODY
    (tmp_path / "bomb.md").write_text(text + "\n\n", encoding="utf-8")
    result = subprocess.run(newslint_command() + ["--fix", "--no-cache", "bomb.md"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert (tmp_path / "bomb.md").read_text(encoding="utf-8") == text
