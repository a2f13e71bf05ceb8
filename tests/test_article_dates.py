"""The article's date (issue #18): front matter, a Jekyll-style file name, `default-date` (config,
overrides, --default-date), and today for a new article (untracked, staged, added since
--diff-base), unless an archive is imported (more than `new-article-limit` new articles)."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from pytest_newslint.config import ConfigError, build_config
from pytest_newslint.document import date_of_file_name, parse
from pytest_newslint.engine import Engine
from tests.common import lint
from tests.conftest import git

# a registry the tests control: Biden left on 2025-01-20
PEOPLE = {"Joe Biden": {"roles": [{"office": "President of the United States", "since": "2021-01-20",
                                   "until": "2025-01-20"}]}}
# undated, the registry reads Biden as former (his role has `until`): right; dated while he was
# president, wrong
FORMER_BIDEN = "Summit Ends\n\nFormer President Joe Biden met the visiting delegation in Washington.\n"


def _one(findings):
    found = [f for f in findings if f.rule == "title-role"]
    assert len(found) == 1, [f.message for f in findings]
    return found[0]


# -- the document's own date ---------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("_posts/2022-06-08-biden-visit.md", "2022-06-08"),
    ("2022-06-08.md", "2022-06-08"),
    ("news/2024-02-29-leap.txt", "2024-02-29"),
    ("news/2023-02-29-not-a-day.txt", None),
    ("news/2022-6-8-short.md", None),
    ("news/biden-2022-06-08.md", None),
    ("news/2022-06-08x.md", None),
])
def test_jekyll_file_names(name, expected):
    assert date_of_file_name(name) == expected


def test_front_matter_before_file_name_before_hint():
    dated = parse("_posts/2022-06-08-x.md", b"---\npublishDate: 2021-03-04T10:00:00+00:00\n---\n\nText.\n")
    assert dated.article_date() == ("2021-03-04T10:00:00+00:00", "front matter date")
    named = parse("_posts/2022-06-08-x.md", b"Text.\n")
    named.date_hint = ("2030-01-01", "default-date")
    assert named.article_date() == ("2022-06-08", "from the file name")
    plain = parse("x.md", b"Text.\n")
    assert plain.article_date() == (None, None)
    plain.date_hint = ("2030-01-01", "default-date")
    assert plain.article_date() == ("2030-01-01", "default-date")


def test_a_file_name_date_judges_by_the_registry():
    finding = _one(lint(FORMER_BIDEN, {"title-role": {"people": PEOPLE}}, "_posts/2024-06-08-summit.md"))
    assert finding.message.endswith("on 2024-06-08 (from the file name)")
    assert not [f for f in lint(FORMER_BIDEN, {"title-role": {"people": PEOPLE}}, "_posts/2025-06-08-summit.md")
                if f.rule == "title-role"]


def test_a_datetime_in_front_matter_is_read_as_its_day():
    text = "---\ndate: 2024-03-01T10:00:00+00:00\n---\n\n" + FORMER_BIDEN
    finding = _one(lint(text, {"title-role": {"people": PEOPLE}}))
    assert finding.message.endswith("on 2024-03-01 (front matter date)")


def test_an_undated_article_says_so():
    people = {"Joe Biden": {"current": "President of the United States"}}
    finding = _one(lint(FORMER_BIDEN, {"title-role": {"people": people}}))
    assert finding.message.endswith("(the article has no date)")


# -- default-date ----------------------------------------------------------------------------

def _engine_result(tmp_path, data, name, text, **env):
    (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / name).write_text(text, encoding="utf-8")
    config = build_config({"rules": {"title-role": {"people": PEOPLE}}, **data}, tmp_path)
    return Engine(config).run([str(tmp_path / name)]).findings


def test_default_date_top_level_and_in_overrides(tmp_path):
    findings = _engine_result(tmp_path, {"default-date": "2024-06-01"}, "wire/a.txt", FORMER_BIDEN)
    assert _one(findings).message.endswith("on 2024-06-01 (default-date)")
    data = {"default-date": "2025-06-01", "overrides": [{"files": ["wire/"], "default-date": "2024-06-02"}]}
    assert _one(_engine_result(tmp_path, data, "wire/b.txt", FORMER_BIDEN)).message.endswith("on 2024-06-02 (default-date)")
    assert not [f for f in _engine_result(tmp_path, data, "desk/c.txt", FORMER_BIDEN) if f.rule == "title-role"]


@pytest.mark.parametrize("data, message", [
    ({"default-date": "2025-13-01"}, "config: default-date: expected a date YYYY-MM-DD, got '2025-13-01'"),
    ({"default-date": "June 2025"}, "config: default-date: expected a date YYYY-MM-DD, got 'June 2025'"),
    ({"default-date": 2025}, "config: default-date: expected a date YYYY-MM-DD, got 2025"),
    ({"overrides": [{"files": ["a/"], "default-date": "soon"}]},
     "config: overrides[0]: default-date: expected a date YYYY-MM-DD, got 'soon'"),
    ({"new-article-limit": -1}, "config: new-article-limit: expected a whole number, 0 or more, got -1"),
])
def test_bad_dates_are_one_line_config_errors(tmp_path, data, message):
    with pytest.raises(ConfigError) as info:
        build_config(data, tmp_path)
    assert str(info.value) == message


def test_cli_default_date_and_bad_today(tmp_path, run_cli):
    (tmp_path / ".newslint.yaml").write_text(json.dumps({"rules": {"title-role": {"people": PEOPLE}}}), encoding="utf-8")
    (tmp_path / "a.txt").write_text(FORMER_BIDEN, encoding="utf-8")
    assert run_cli("--no-cache", "a.txt", cwd=tmp_path).returncode == 0
    dated = run_cli("--no-cache", "--default-date", "2024-05-05", "a.txt", cwd=tmp_path)
    assert dated.returncode == 1 and "on 2024-05-05 (default-date)" in dated.stdout
    bad = run_cli("--no-cache", "--default-date", "yesterday", "a.txt", cwd=tmp_path)
    assert bad.returncode == 2 and bad.stderr.strip() == "newslint: error: --default-date: expected a date YYYY-MM-DD, got 'yesterday'"
    today = run_cli("--no-cache", "a.txt", cwd=tmp_path, env={"NEWSLINT_TODAY": "2025/01/01"})
    assert today.returncode == 2 and "NEWSLINT_TODAY: expected a date YYYY-MM-DD, got '2025/01/01'" in today.stderr


# -- today, for a new article -------------------------------------------------------------------

@pytest.fixture
def repo(tmp_path):
    (tmp_path / ".newslint.yaml").write_text(json.dumps({"rules": {"title-role": {"people": PEOPLE}}}), encoding="utf-8")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".newslint.yaml")
    git(tmp_path, "commit", "-qm", "config")
    return tmp_path


def test_a_new_article_is_dated_today_untracked_staged_not_committed(repo, run_cli):
    (repo / "summit.txt").write_text(FORMER_BIDEN, encoding="utf-8")
    env = {"NEWSLINT_TODAY": "2024-03-01"}
    untracked = run_cli("summit.txt", cwd=repo, env=env)
    assert untracked.returncode == 1 and "on 2024-03-01 (today: a new article)" in untracked.stdout
    git(repo, "add", "summit.txt")
    staged = run_cli("summit.txt", cwd=repo, env=env)
    assert staged.returncode == 1 and "on 2024-03-01 (today: a new article)" in staged.stdout
    # the cached result of that day is not served on another (Biden former in 2025)
    assert run_cli("summit.txt", cwd=repo, env={"NEWSLINT_TODAY": "2025-03-01"}).returncode == 0
    git(repo, "commit", "-qm", "publish")
    committed = run_cli("summit.txt", cwd=repo, env=env)
    assert committed.returncode == 0, committed.stdout  # published earlier: no date from git's history
    since = run_cli("--diff-base", "HEAD~1", "summit.txt", cwd=repo, env=env)
    assert since.returncode == 1 and "(today: a new article)" in since.stdout


def test_an_archive_imported_at_once_stays_undated(repo, run_cli):
    folder = repo / "archive"
    folder.mkdir()
    for index in range(100):
        (folder / f"{index:03d}.txt").write_text(FORMER_BIDEN, encoding="utf-8")
    env = {"NEWSLINT_TODAY": "2024-03-01"}
    assert run_cli("archive", cwd=repo, env=env).returncode == 0  # untracked, 100 > 20
    git(repo, "add", "archive")
    assert run_cli("archive", cwd=repo, env=env).returncode == 0  # staged in one go
    git(repo, "commit", "-qm", "import the archive")
    assert run_cli("archive", cwd=repo, env=env).returncode == 0  # committed: no date from git
    assert run_cli("--diff-base", "HEAD~1", "archive", cwd=repo, env=env).returncode == 0  # one commit added 100
    (repo / ".newslint.yaml").write_text(json.dumps({"new-article-limit": 200, "rules": {"title-role": {"people": PEOPLE}}}),
                                         encoding="utf-8")
    raised = run_cli("--diff-base", "HEAD~1", "archive/000.txt", cwd=repo, env=env)  # under a raised limit: new
    assert raised.returncode == 1 and "(today: a new article)" in raised.stdout


def test_a_short_form_entry_judges_a_new_article_as_now():
    """`current:`/`former:` say what is true now: a new article (dated today) is judged by them,
    an article of another date is not."""
    people = {"Joe Biden": {"current": "President of the United States"}}
    from pytest_newslint.config import build_config
    from pytest_newslint.document import parse

    config = build_config({"rules": {"title-role": {"people": people}}}, Path.cwd())
    for hint, expected in ((("2026-12-04", "today: a new article"), 1), (("2026-12-04", "default-date"), 0)):
        engine = Engine(config)
        engine.checker.dates.hint = lambda absolute, hint=hint: hint
        result = engine.check_document(parse("a.txt", FORMER_BIDEN.encode()), os.path.abspath("a.txt"))
        assert len([f for f in result.findings if f.rule == "title-role"]) == expected, hint


def test_pytest_newslint_default_date_option_and_ini(tmp_path):
    import subprocess
    import sys

    (tmp_path / ".newslint.yaml").write_text(json.dumps({"rules": {"title-role": {"people": PEOPLE}}}), encoding="utf-8")
    (tmp_path / "a.txt").write_text(FORMER_BIDEN, encoding="utf-8")

    def run(*args):
        return subprocess.run([sys.executable, "-m", "pytest", "--newslint", "-p", "no:cacheprovider", "-q",
                               "--newslint-no-cache", *args, "a.txt"], cwd=tmp_path, capture_output=True, text=True,
                              timeout=300)

    assert run().returncode == 0
    dated = run("--newslint-default-date", "2024-05-05")
    assert dated.returncode == 1 and "on 2024-05-05 (default-date)" in dated.stdout
    (tmp_path / "pytest.ini").write_text("[pytest]\nnewslint_default_date = 2024-05-06\n", encoding="utf-8")
    assert "on 2024-05-06 (default-date)" in run().stdout
    bad = run("--newslint-default-date", "May 5")
    assert bad.returncode != 0 and "--newslint-default-date: expected a date YYYY-MM-DD, got 'May 5'" in bad.stderr


@pytest.mark.parametrize("asked", [3, 250])
def test_git_asked_about_some_files_agrees_with_the_whole_listing(repo, asked):
    """A pre-commit run asks git about its files (a few: by name; hundreds: against the listing of
    tracked files) instead of listing every untracked file: the same articles are new."""
    from pytest_newslint.config import load_config
    from pytest_newslint.pipeline.dating import ArticleDates

    folder = repo / "desk"
    folder.mkdir()
    for index in range(300):
        (folder / f"{index:03d}.txt").write_text(FORMER_BIDEN, encoding="utf-8")
    git(repo, "add", "desk")
    git(repo, "commit", "-qm", "the desk's archive")
    (folder / "new-untracked.txt").write_text(FORMER_BIDEN, encoding="utf-8")
    (folder / "new-staged.txt").write_text(FORMER_BIDEN, encoding="utf-8")
    git(repo, "add", "desk/new-staged.txt")
    (folder / "ignored.txt").write_text(FORMER_BIDEN, encoding="utf-8")
    (repo / ".gitignore").write_text("desk/ignored.txt\n", encoding="utf-8")
    old = sorted(str(path) for path in folder.glob("[0-9]*.txt"))[:asked]
    cases = [old, old + [str(folder / "new-untracked.txt")], old + [str(folder / "new-staged.txt")],
             old + [str(folder / "ignored.txt")]]
    for paths in cases:
        whole, some = ArticleDates(load_config(None, start=repo)), ArticleDates(load_config(None, start=repo))
        whole.prepare()
        some.prepare(paths)
        assert [some.is_new(path) for path in paths] == [whole.is_new(path) for path in paths]
    assert whole.is_new(str(folder / "new-staged.txt")) and not whole.is_new(str(folder / "ignored.txt"))


def test_workers_forked_before_the_walk_date_a_new_article_as_the_main_process_would(repo, run_cli, monkeypatch):
    """A cold run over a folder forks its workers before the walk (`Engine.start_workers`),
    before git is asked which articles are new: the dates decided then travel with the files
    (`ArticleDates.decided`), so a new article among hundreds is judged as of today, as a
    serial run judges it, and no worker asks git itself."""
    from pytest_newslint import git as git_module
    from pytest_newslint.config import load_config
    from pytest_newslint.pipeline.workers import PARALLEL_MIN_FILES

    folder = repo / "archive"
    folder.mkdir()
    for index in range(PARALLEL_MIN_FILES + 50):
        (folder / f"{index:03d}.txt").write_text(f"Item {index}\n\nThe council met on day {index} to talk about roads.\n",
                                                 encoding="utf-8")
    git(repo, "add", "archive")
    git(repo, "commit", "-qm", "archive")
    (folder / "summit.txt").write_text(FORMER_BIDEN, encoding="utf-8")  # new: untracked
    monkeypatch.setenv("NEWSLINT_TODAY", "2024-03-01")
    main, asked = os.getpid(), repo / "asked-in-a-worker"
    for name in ("added_files", "new_among"):
        original = getattr(git_module, name)

        def recording(*args, original=original, **kwargs):
            if os.getpid() != main:
                asked.touch()
            return original(*args, **kwargs)

        monkeypatch.setattr(git_module, name, recording)

    def run(jobs: int) -> list:
        engine = Engine(load_config(None, start=repo), use_cache=True, jobs=jobs, compare_with_repository=True)
        try:
            engine.start_workers([repo])
            return sorted((f.path, f.rule, f.message) for f in engine.run_files(engine.discover([repo])).findings)
        finally:
            engine.close()

    monkeypatch.chdir(repo)
    parallel = run(2)
    assert not asked.exists()
    assert [(path, rule) for path, rule, _ in parallel] == [("archive/summit.txt", "title-role")]
    assert "on 2024-03-01 (today: a new article)" in parallel[0][2]
    shutil.rmtree(repo / ".newslint_cache")
    assert run(1) == parallel
    assert run(2) == parallel  # warm: from the cache, no worker started


def test_workers_start_early_only_for_folders_holding_enough_files_and_stop_if_unused(tmp_path):
    from pytest_newslint.config import load_config
    from pytest_newslint.pipeline.discover import holds_at_least
    from pytest_newslint.pipeline.workers import PARALLEL_MIN_FILES

    (tmp_path / "a.txt").write_text(FORMER_BIDEN, encoding="utf-8")
    hidden = tmp_path / ".hidden"
    hidden.mkdir()
    for index in range(PARALLEL_MIN_FILES):
        (hidden / f"{index}.txt").write_text("x", encoding="utf-8")
    assert not holds_at_least([tmp_path], 2) and holds_at_least([tmp_path], 1)  # hidden folders left out
    engine = Engine(load_config(None, start=tmp_path), use_cache=True, jobs=2)
    engine.start_workers([tmp_path])
    assert engine.workers._started_pool is None  # one article: checked here, nothing forked
    images = tmp_path / "images"
    images.mkdir()
    for index in range(PARALLEL_MIN_FILES):  # files enough, but not articles: the run stays small
        (images / f"{index}.png").write_bytes(b"\x89PNG")
    assert holds_at_least([tmp_path], PARALLEL_MIN_FILES)
    engine.start_workers([tmp_path])
    assert engine.workers._started_pool is not None
    report = engine.run_files(engine.discover([tmp_path]))
    assert engine.workers._started_pool is None  # stopped: one article is checked here
    assert report.findings == []  # undated: no registry judges it
    engine.close()


def test_a_walk_hands_the_workers_forked_early_the_runs_of_the_whole_listing_as_it_lists_them(tmp_path):
    """`WalkFeed`: the walk of a cold run sends its files to the workers `start` forked in the
    runs `Workers._chunks` makes of the whole listing (the shrinking runs that let the workers
    finish together), the first ones long before the walk ends; a walk listing fewer than
    `PARALLEL_MIN_FILES` files sends none (the run is checked in the main process)."""
    from pytest_newslint.config import load_config
    from pytest_newslint.pipeline.discover import Discovery
    from pytest_newslint.pipeline.workers import PARALLEL_MIN_FILES, WalkFeed, Workers

    class Recording(Workers):
        def submit_walked(self, chunk, decided):
            self.runs.append((len(self.walk), list(chunk), decided))

    git(tmp_path, "init", "-q")
    count = 0
    for wanted in (PARALLEL_MIN_FILES - 1, PARALLEL_MIN_FILES, 1500):
        for index in range(count, wanted):
            (tmp_path / f"{index:04d}.txt").write_text(f"Item {index}\n\nText.\n", encoding="utf-8")
        count = wanted
        workers = Recording(None, 2)
        workers.runs = []
        workers.walk = []
        feed = WalkFeed(workers, frozenset({"new"}))
        walked = feed.walked

        def noting(found, walked=walked):
            workers.walk = found  # the walk's list, growing: its length when each run is sent
            walked(found)

        feed.walked = noting
        files = Discovery(load_config(None, start=tmp_path)).walked(tmp_path, feed)
        assert len(files) == count
        if count < PARALLEL_MIN_FILES:
            assert workers.runs == []
            continue
        assert [run for _, run, _ in workers.runs] == workers._chunks(files)
        assert {decided for _, _, decided in workers.runs} == {frozenset({"new"})}
        if count > 1000:
            assert workers.runs[0][0] < count // 2  # sent while the walk went on


def test_a_cold_run_checks_what_the_walk_fed_the_workers_as_a_serial_run_checks_it(repo, monkeypatch):
    """The workers `start_workers` forked get the files as the walk lists them (every listed
    article `prefetched` when the walk ends, nothing else: no folder, no symlink to one), and
    the run reports what a serial run reports, a new article dated today; the processes end
    with the run."""
    from pytest_newslint.config import load_config
    from pytest_newslint.pipeline.workers import PARALLEL_MIN_FILES

    folder = repo / "archive"
    folder.mkdir()
    for index in range(PARALLEL_MIN_FILES + 50):
        (folder / f"{index:03d}.txt").write_text(f"Item {index}\n\nThe council met on day {index} to talk about roads.\n",
                                                 encoding="utf-8")
    (repo / "folder.txt").symlink_to(folder, target_is_directory=True)  # listed by git, not an article
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "archive")
    (folder / "summit.txt").write_text(FORMER_BIDEN, encoding="utf-8")  # new: untracked
    monkeypatch.setenv("NEWSLINT_TODAY", "2024-03-01")
    monkeypatch.chdir(repo)

    def run(jobs: int, folder: Path = repo) -> list:
        engine = Engine(load_config(None, start=repo), use_cache=True, jobs=jobs, compare_with_repository=True)
        try:
            engine.start_workers([folder])
            files = engine.discover([folder])
            assert str(repo / "folder.txt") not in files
            # the top of the work tree is fed; a folder below is walked, then checked as before
            assert sorted(engine.workers.prefetched) == (sorted(files) if jobs > 1 and folder == repo else [])
            findings = engine.run_files(files).findings
            assert engine.workers.prefetched == {} and engine.workers._prefetch_pool is None
            return sorted((f.path, f.rule, f.message) for f in findings)
        finally:
            engine.close()
            shutil.rmtree(repo / ".newslint_cache", ignore_errors=True)

    parallel = run(2)
    assert [(path, rule) for path, rule, _ in parallel] == [("archive/summit.txt", "title-role")]
    assert "on 2024-03-01 (today: a new article)" in parallel[0][2]
    assert run(1) == parallel
    assert run(2, folder) == run(1, folder) == parallel


def test_a_runs_one_settings_key_is_every_files_own_and_only_given_when_they_share_it(repo):
    """`Checker.run_settings_key` (the cache's key worked out once a run, not once a file) is
    each file's `settings_key` when no article is new, and None (each file its own key) once
    one is, under `default-date`, or before git was asked."""
    from pytest_newslint.config import load_config

    (repo / "old.txt").write_text(FORMER_BIDEN, encoding="utf-8")
    git(repo, "add", "old.txt")
    git(repo, "commit", "-qm", "old")

    def checker(extra: dict | None = None):
        if extra:
            data = json.loads((repo / ".newslint.yaml").read_text(encoding="utf-8"))
            (repo / ".newslint.yaml").write_text(json.dumps({**data, **extra}), encoding="utf-8")
        return Engine(load_config(None, start=repo)).checker

    plain = checker()
    assert plain.run_settings_key() is None  # git not asked yet
    plain.dates.prepare()
    assert plain.run_settings_key() == plain.settings_key(str(repo / "old.txt")) is not None
    (repo / "new.txt").write_text(FORMER_BIDEN, encoding="utf-8")  # untracked: new, dated today
    with_new = checker()
    with_new.dates.prepare()
    assert with_new.run_settings_key() is None
    assert with_new.settings_key(str(repo / "new.txt")) != with_new.settings_key(str(repo / "old.txt"))
    (repo / "new.txt").unlink()
    dated = checker({"default-date": "2020-01-01"})
    dated.dates.prepare()
    assert dated.run_settings_key() is None
    assert dated.settings_key(str(repo / "old.txt")) != plain.settings_key(str(repo / "old.txt"))
