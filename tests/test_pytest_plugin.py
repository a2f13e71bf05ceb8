"""The pytest front, through pytester."""
import json
import shutil
import subprocess

import pytest

from tests.conftest import shared_corpus

CLEAN = "Council Approves Budget\n\nThe council approved the budget on Tuesday after a long debate.\n"
PADDED = CLEAN + "\n\n"

COUNT_RUNS = """
import os
from pytest_newslint import pytest_plugin

original_finish, original_write = pytest_plugin._finish, pytest_plugin._write_json

def counting_finish(*args):
    with open(os.environ["NEWSLINT_RUNS_FILE"], "a") as handle:
        handle.write("run\\n")
    return original_finish(*args)

def counting_write(target, data):
    if ".part" in target:
        with open(os.environ["NEWSLINT_RUNS_FILE"], "a") as handle:
            handle.write(f"part {len(data)}\\n")
    return original_write(target, data)

pytest_plugin._finish = counting_finish
pytest_plugin._write_json = counting_write
"""


@pytest.fixture
def articles(pytester):
    # written directly: makefile() would strip the padding under test
    (pytester.path / "clean.txt").write_text(CLEAN)
    (pytester.path / "padded.txt").write_text(PADDED)
    (pytester.path / "notes.md").write_text(CLEAN)
    pytester.makepyfile(test_code="def test_ok():\n    assert True\n")
    return pytester


def test_items_only_with_the_option(articles):
    result = articles.runpytest()
    result.assert_outcomes(passed=1)
    result = articles.runpytest("--newslint")
    result.assert_outcomes(passed=3, failed=1)


def test_failure_shows_findings_not_a_traceback(articles):
    result = articles.runpytest("--newslint")
    result.stdout.fnmatch_lines(["*padded.txt:4:1: error trailing-padding 2 blank lines after the last line of text (lines 4-5)*"])
    assert "Traceback" not in result.stdout.str()
    assert "def runtest" not in result.stdout.str()


def test_the_users_tests_see_their_own_garbage_collector_settings(articles):
    """The check runs with fewer collector passes; the tests after it get the thresholds back."""
    articles.makepyfile(test_zz_gc="""
        import gc
        AT_COLLECTION = gc.get_threshold()

        def test_thresholds_after_the_check():
            assert gc.get_threshold() == AT_COLLECTION
    """)
    articles.runpytest("--newslint", "-p", "no:randomly").assert_outcomes(passed=4, failed=1)


def test_marker_selects_lint_items(articles):
    articles.runpytest("--newslint", "-m", "newslint").assert_outcomes(passed=2, failed=1)
    articles.runpytest("--newslint", "-m", "not newslint").assert_outcomes(passed=1)


def test_config_option_and_ini(articles):
    articles.makefile(".yaml", lenient="rules:\n  trailing-padding: false\n")
    articles.runpytest("--newslint", "--newslint-config", "lenient.yaml").assert_outcomes(passed=4)
    articles.makeini("[pytest]\nnewslint_config = lenient.yaml\n")
    articles.runpytest("--newslint").assert_outcomes(passed=4)


def test_config_error_is_a_usage_error(articles):
    articles.makefile(".yaml", broken="rules:\n  no-such-rule: {}\n")
    result = articles.runpytest("--newslint", "--newslint-config", "broken.yaml")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*newslint: broken.yaml: rules: unknown rule 'no-such-rule'*"])


def test_fail_level_ini(articles):
    articles.makefile(".yaml", info="rules:\n  trailing-padding:\n    severity: info\n")
    articles.runpytest("--newslint", "--newslint-config", "info.yaml").assert_outcomes(passed=4)
    articles.makeini("[pytest]\nnewslint_fail_level = info\n")
    articles.runpytest("--newslint", "--newslint-config", "info.yaml").assert_outcomes(passed=3, failed=1)


def test_junitxml_carries_the_findings(articles):
    articles.runpytest("--newslint", "--junitxml=report.xml")
    xml = (articles.path / "report.xml").read_text()
    assert "trailing-padding" in xml and 'name="newslint"' in xml


def test_one_run_for_all_items(articles, monkeypatch, tmp_path):
    runs = tmp_path / "runs"
    monkeypatch.setenv("NEWSLINT_RUNS_FILE", str(runs))
    articles.makeconftest(COUNT_RUNS)
    articles.runpytest_subprocess("--newslint").assert_outcomes(passed=3, failed=1)
    assert runs.read_text().splitlines() == ["run"]  # one process: no part files either


def test_xdist_runs_once_and_agrees_with_serial(articles, monkeypatch, tmp_path):
    pytest.importorskip("xdist")
    runs = tmp_path / "runs"
    monkeypatch.setenv("NEWSLINT_RUNS_FILE", str(runs))
    articles.makeconftest(COUNT_RUNS)
    for index in range(20):
        (articles.path / f"more{index}.txt").write_text(CLEAN + ("\n\n" if index % 3 == 0 else ""))
    serial = articles.runpytest_subprocess("--newslint", "-p", "no:randomly", "-rf")
    parallel = articles.runpytest_subprocess("--newslint", "-n", "2", "-rf")
    # serial: one corpus pass; xdist: the 23 files shared out in two parts, computed once
    # each, and still one corpus pass
    lines = runs.read_text().splitlines()
    assert lines[:1] == ["run"]
    assert sorted(lines[1:]) == ["part 11", "part 12", "run"]

    def failed(result):
        return sorted(line.split(" - ")[0] for line in result.outlines if line.startswith("FAILED"))

    assert failed(serial) == failed(parallel) and len(failed(serial)) == 8


def test_labeled_examples_fail_exactly_the_defective_items(pytester):
    examples = shared_corpus("examples")
    seeds = shared_corpus("seeds")
    for path in list(examples.iterdir()) + list(seeds.iterdir()):
        shutil.copy(path, pytester.path / path.name)
    expected = json.loads((examples / "expected.json").read_text())
    result = pytester.runpytest("--newslint", "--newslint-config", "newslint.yaml", "-rf")
    failed = sorted(line.split("::")[0].split()[-1] for line in result.outlines if line.startswith("FAILED"))
    want = sorted(name.rsplit("/", 1)[-1] for name, rules in expected.items() if rules)
    assert failed == want
    passed = sorted(name.rsplit("/", 1)[-1] for name, rules in expected.items() if not rules)
    result.assert_outcomes(failed=len(want), passed=len(passed))


def test_two_xdist_workers_write_the_cache_at_once(articles):
    pytest.importorskip("xdist")
    import sqlite3
    import subprocess

    subprocess.run(["git", "init", "-q"], cwd=articles.path, check=True)
    for index in range(60):
        (articles.path / f"more{index}.txt").write_text(CLEAN.replace("Tuesday", f"day {index}") + ("\n\n" if index % 4 == 0 else ""))
    first = articles.runpytest_subprocess("--newslint", "-n", "2", "-m", "newslint")
    first.assert_outcomes(passed=47, failed=16)
    database = articles.path / ".newslint_cache" / "newslint.sqlite3"
    with sqlite3.connect(database) as connection:
        # 63 files, of which clean.txt and notes.md have the same content: one result each
        assert connection.execute("SELECT count(*) FROM results").fetchone()[0] == 62
    second = articles.runpytest_subprocess("--newslint", "-n", "2", "-m", "newslint")
    second.assert_outcomes(passed=47, failed=16)


PREFETCH_PROBE = """
import os
from pytest_newslint.pipeline import workers

workers.PARALLEL_MIN_FILES = 2  # the real threshold is 200 files
original = workers.Workers.prefetch

def recording_prefetch(self, files, is_cached):
    original(self, files, is_cached)
    with open(os.environ["NEWSLINT_PREFETCH_FILE"], "w") as handle:
        handle.write("\\n".join(sorted(os.path.basename(p) for p in self.prefetched)))

workers.Workers.prefetch = recording_prefetch
"""


# what newslint's own listing holds of `_cold_run_beside_an_ignored_folder`'s tree
LISTED_WITH_THE_IGNORED = sorted([f"a{index}.txt" for index in range(12)] + ["padded.txt"])


def _cold_run_beside_an_ignored_folder(pytester, text_of) -> None:
    """A git work tree of 12 articles (`text_of(index)`, every fourth padded) and a folder
    pytest is told to ignore; one cold serial run, which fails exactly the padded articles."""
    subprocess.run(["git", "init", "-q"], cwd=pytester.path, check=True)  # the cache lives in git work trees
    for index in range(12):
        (pytester.path / f"a{index}.txt").write_text(text_of(index) + ("\n\n" if index % 4 == 0 else ""))
    (pytester.path / "skipped").mkdir()
    (pytester.path / "skipped" / "padded.txt").write_text(PADDED)
    result = pytester.runpytest_subprocess("--newslint", "-p", "no:randomly", "--ignore=skipped", "-rf")
    result.assert_outcomes(passed=9, failed=3)
    failed = sorted(line.split(" - ")[0] for line in result.outlines if line.startswith("FAILED"))
    assert failed == ["FAILED a0.txt::newslint", "FAILED a4.txt::newslint", "FAILED a8.txt::newslint"]


def test_the_check_starts_while_pytest_collects_and_reports_only_what_it_collected(pytester, monkeypatch, tmp_path):
    record = tmp_path / "prefetched"
    monkeypatch.setenv("NEWSLINT_PREFETCH_FILE", str(record))
    pytester.makeconftest(PREFETCH_PROBE)
    _cold_run_beside_an_ignored_folder(pytester, lambda index: CLEAN)
    # started on newslint's own listing, the ignored folder too; reported: what pytest collected
    assert record.read_text().splitlines() == LISTED_WITH_THE_IGNORED
    # the same findings from the cache, without the early start (nothing left to check)
    record.unlink()
    pytester.runpytest_subprocess("--newslint", "-p", "no:randomly", "--ignore=skipped").assert_outcomes(passed=9, failed=3)
    assert not record.exists() or record.read_text() == ""


EARLY_FEED_PROBE = """
import os
from pytest_newslint import engine
from pytest_newslint.pipeline import workers

engine.PARALLEL_MIN_FILES = workers.PARALLEL_MIN_FILES = 2  # the real threshold is 200 files
original = engine.Engine.discover

def recording_discover(self, paths):
    files = original(self, paths)
    with open(os.environ["NEWSLINT_FED_FILE"], "w") as handle:
        handle.write(f"{self.workers._fed}\\n")
        handle.write("\\n".join(sorted(os.path.basename(p) for p in self.workers.prefetched)))
    return files

engine.Engine.discover = recording_discover
"""


def test_a_cold_serial_run_hands_the_workers_its_files_as_it_walks(pytester, monkeypatch, tmp_path):
    """As the command does: in a cold run the workers fork before newslint's walk, which feeds
    them the files as it lists them (pytest's --ignore'd folder too); reported: what pytest
    collected."""
    record = tmp_path / "fed"
    monkeypatch.setenv("NEWSLINT_FED_FILE", str(record))
    pytester.makeconftest(EARLY_FEED_PROBE)
    _cold_run_beside_an_ignored_folder(pytester, lambda index: CLEAN.replace("Tuesday", f"day {index}"))
    fed, *names = record.read_text().splitlines()
    assert fed == "True" and names == LISTED_WITH_THE_IGNORED
    # warm: the cache answers, and no worker is forked or fed
    pytester.runpytest_subprocess("--newslint", "-p", "no:randomly", "--ignore=skipped").assert_outcomes(passed=9, failed=3)
    assert record.read_text().splitlines() == ["False"]


RECORD_LEAN = """
import os
from pytest_newslint import pytest_plugin

def pytest_sessionfinish(session):
    with open(os.environ["NEWSLINT_LEAN_FILE"], "w") as handle:
        handle.write(str(session.config.stash.get(pytest_plugin.LEAN_KEY, None)))
"""
LOG_REPORTS = """
import json

def pytest_configure(config):
    global CONFIG
    CONFIG = config

def pytest_runtest_logreport(report):
    data = CONFIG.hook.pytest_report_to_serializable(config=CONFIG, report=report)
    for timing in ("duration", "start", "stop"):
        data.pop(timing)
    with open(os.environ["NEWSLINT_REPORTS_FILE"], "a") as handle:
        handle.write(json.dumps(data, sort_keys=True) + "\\n")
"""
SETUP_HOOK = """
def pytest_runtest_setup(item):
    with open(os.environ["NEWSLINT_SETUP_FILE"], "a") as handle:
        handle.write(item.nodeid + "\\n")
"""


@pytest.fixture
def only_articles(pytester, monkeypatch, tmp_path):
    """A folder of articles alone (no Python test), and a conftest that records whether the
    items after the first ran lean."""
    monkeypatch.setenv("NEWSLINT_LEAN_FILE", str(tmp_path / "lean"))
    monkeypatch.setenv("NEWSLINT_SETUP_FILE", str(tmp_path / "setup"))
    monkeypatch.setenv("NEWSLINT_REPORTS_FILE", str(tmp_path / "reports"))
    for index in range(8):
        (pytester.path / f"a{index}.txt").write_text(CLEAN.replace("Tuesday", f"day {index}") + ("\n\n" if index % 3 == 0 else ""))
    pytester.makeconftest(RECORD_LEAN)
    return pytester


def _normalised_junit(path) -> str:
    import re

    return re.sub(r'(time|timestamp|hostname)="[^"]*"', r'\1="X"', path.read_text())


def test_the_lean_protocol_reports_what_pytests_own_would(only_articles, tmp_path):
    """Without a setup/call/teardown hook of its own the run is lean; a conftest's setup hook
    puts every item back on pytest's protocol, and sees each one. The reports are the same."""
    only_articles.makeconftest(RECORD_LEAN + LOG_REPORTS)
    lean = only_articles.runpytest("--newslint", "-p", "no:randomly", "-rA", "--junitxml=lean.xml")
    assert (tmp_path / "lean").read_text() == "True"
    lean_reports = (tmp_path / "reports").read_text()
    (tmp_path / "reports").unlink()
    only_articles.makeconftest(RECORD_LEAN + LOG_REPORTS + "import os\n" + SETUP_HOOK)
    full = only_articles.runpytest("--newslint", "-p", "no:randomly", "-rA", "--junitxml=full.xml")
    assert (tmp_path / "lean").read_text() == "False"
    assert (tmp_path / "setup").read_text().split() == [f"a{index}.txt::newslint" for index in range(8)]
    lean.assert_outcomes(passed=5, failed=3)
    assert lean_reports == (tmp_path / "reports").read_text() and len(lean_reports.splitlines()) == 24
    assert [line for line in lean.outlines if " in " not in line and "xml" not in line] == [
        line for line in full.outlines if " in " not in line and "xml" not in line]
    assert _normalised_junit(only_articles.path / "lean.xml") == _normalised_junit(only_articles.path / "full.xml")


def test_a_marked_article_keeps_pytests_protocol(only_articles, tmp_path):
    only_articles.makeconftest(RECORD_LEAN + """
import pytest

def pytest_collection_modifyitems(items):
    for item in items:
        if item.name == "newslint" and item.path.name == "a3.txt":
            item.add_marker(pytest.mark.xfail(reason="known padding"))
""")
    result = only_articles.runpytest("--newslint", "-p", "no:randomly")
    result.assert_outcomes(passed=5, failed=2, xfailed=1)
    assert (tmp_path / "lean").read_text() == "False"


def test_a_python_test_beside_the_articles_keeps_pytests_protocol(only_articles, tmp_path):
    only_articles.makepyfile(test_code="def test_ok():\n    assert True\n")
    only_articles.runpytest("--newslint", "-p", "no:randomly").assert_outcomes(passed=6, failed=3)
    assert (tmp_path / "lean").read_text() == "False"


def test_lean_items_stop_at_the_first_failure_and_rerun_the_last_failed(only_articles, tmp_path):
    only_articles.runpytest("--newslint", "-p", "no:randomly", "-x").assert_outcomes(passed=0, failed=1)
    only_articles.runpytest("--newslint", "-p", "no:randomly").assert_outcomes(passed=5, failed=3)
    result = only_articles.runpytest("--newslint", "-p", "no:randomly", "--lf", "-rf")
    result.assert_outcomes(failed=3)
    assert (tmp_path / "lean").read_text() == "True"


def test_lean_items_give_the_collectors_thresholds_back(only_articles, tmp_path):
    only_articles.makeconftest(RECORD_LEAN + """
import gc

def pytest_sessionstart(session):
    session.config.thresholds_at_start = gc.get_threshold()

def pytest_unconfigure(config):
    with open(os.environ["NEWSLINT_SETUP_FILE"], "w") as handle:
        handle.write(str(gc.get_threshold() == config.thresholds_at_start))
""")
    only_articles.runpytest("--newslint", "-p", "no:randomly").assert_outcomes(passed=5, failed=3)
    assert (tmp_path / "lean").read_text() == "True"
    assert (tmp_path / "setup").read_text() == "True"


def test_a_folders_conftest_sees_the_reports_of_its_own_items_only(only_articles, tmp_path):
    for folder in ("a", "b"):
        (only_articles.path / folder).mkdir()
        for index in range(3):
            (only_articles.path / folder / f"{folder}{index}.txt").write_text(CLEAN + ("\n\n" if index == 1 else ""))
    (only_articles.path / "b" / "conftest.py").write_text(
        "import os\n\n"
        "def pytest_runtest_logreport(report):\n"
        "    with open(os.environ['NEWSLINT_SETUP_FILE'], 'a') as handle:\n"
        "        handle.write(f'{report.nodeid} {report.when} {report.outcome}\\n')\n")
    only_articles.runpytest("--newslint", "-p", "no:randomly").assert_outcomes(passed=9, failed=5)
    assert (tmp_path / "lean").read_text() == "True"
    assert (tmp_path / "setup").read_text().splitlines() == [
        f"b/b{index}.txt::newslint {when} {'failed' if index == 1 and when == 'call' else 'passed'}"
        for index in range(3) for when in ("setup", "call", "teardown")]


PROTOCOL_WRAPPER = """
import pytest

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item):
    yield
"""


@pytest.mark.parametrize("args", [["-rA"], ["-x", "-rA"], ["--maxfail=2"], ["--sw", "--sw-reset"], ["-v", "--junitxml=run.xml"]])
def test_newslints_run_loop_reports_what_pytests_loop_would(only_articles, tmp_path, args):
    """A lean session runs its items after the first in newslint's loop, without the protocol
    hook; a conftest's protocol wrapper gives the loop back to pytest (items still lean)."""
    only_articles.makeconftest(RECORD_LEAN + LOG_REPORTS)
    ours = only_articles.runpytest("--newslint", "-p", "no:randomly", *args)
    ours_reports = (tmp_path / "reports").read_text()
    (tmp_path / "reports").unlink()
    only_articles.makeconftest(RECORD_LEAN + LOG_REPORTS + PROTOCOL_WRAPPER)
    pytests = only_articles.runpytest("--newslint", "-p", "no:randomly", *args)
    # (-x and --sw stop at the first item, a0.txt)
    assert (tmp_path / "lean").read_text() == ("None" if args[0] in ("-x", "--sw") else "True")
    assert ours_reports == (tmp_path / "reports").read_text()
    shown = [line for line in ours.outlines if " in " not in line and "xml" not in line]
    assert shown == [line for line in pytests.outlines if " in " not in line and "xml" not in line]
    assert ours.ret == pytests.ret


def test_newslints_run_loop_calls_the_protocol_hook_for_the_first_item_only(only_articles):
    recorder = only_articles.inline_run("--newslint", "-p", "no:randomly")
    assert [call.item.name for call in recorder.getcalls("pytest_runtest_protocol")] == ["newslint"]
    assert len(recorder.getreports("pytest_runtest_logreport")) == 24
    only_articles.makepyfile(test_code="def test_ok():\n    assert True\n")  # not lean: pytest's loop
    recorder = only_articles.inline_run("--newslint", "-p", "no:randomly")
    assert len(recorder.getcalls("pytest_runtest_protocol")) == 9


@pytest.mark.parametrize("where", ["the rootdir", "a folder below it", "a rootdir below"])
def test_newslints_run_loop_shows_each_files_path_as_pytest_does(only_articles, tmp_path, monkeypatch, where):
    """The loop writes each file's line with its path from the folder pytest started in
    (TerminalPaths), as pytest's terminal reporter does, from the rootdir, from a folder below
    it, and for items outside the rootdir (pytest's own method then)."""
    for name in ("sub/s0.txt", "sub/deeper/d0.txt", "other/o0.txt"):
        (only_articles.path / name).parent.mkdir(parents=True, exist_ok=True)
        (only_articles.path / name).write_text(PADDED if name.startswith("other") else CLEAN)
    args = {"the rootdir": [], "a folder below it": [".."], "a rootdir below": ["--rootdir=sub", "--confcutdir=.", "."]}[where]
    if where == "a folder below it":
        monkeypatch.chdir(only_articles.path / "sub")
    only_articles.makeconftest(RECORD_LEAN + LOG_REPORTS)
    ours = only_articles.runpytest("--newslint", "-p", "no:randomly", "-rA", *args)
    assert (tmp_path / "lean").read_text() == "True"
    only_articles.makeconftest(RECORD_LEAN + LOG_REPORTS + PROTOCOL_WRAPPER)
    pytests = only_articles.runpytest("--newslint", "-p", "no:randomly", "-rA", *args)
    ours.assert_outcomes(passed=7, failed=4)
    shown = [line for line in ours.outlines if " in " not in line]
    assert shown == [line for line in pytests.outlines if " in " not in line]
    assert any(line.startswith(("sub/deeper/d0.txt .", "deeper/d0.txt .", "../other/o0.txt F")) for line in shown)


COUNT_WIDTH_QUESTIONS = """
import os
from _pytest._io import terminalwriter

asked = [0]
original = terminalwriter.get_terminal_width

def counted():
    asked[0] += 1
    return original()

terminalwriter.get_terminal_width = counted

def pytest_runtest_logfinish(nodeid):
    with open(os.environ["NEWSLINT_WIDTH_FILE"], "a") as handle:
        handle.write(f"{asked[0]}\\n")

def pytest_terminal_summary(terminalreporter):
    writer = terminalreporter._tw
    with open(os.environ["NEWSLINT_WIDTH_FILE"], "a") as handle:
        handle.write(f"kept {writer._terminal_width}\\n")

def pytest_unconfigure(config):
    terminalwriter.get_terminal_width = original  # pytester's run is in this process: leave pytest as it was
"""


def test_newslints_run_loop_asks_the_terminals_width_once(only_articles, tmp_path, monkeypatch):
    """The lean items take the terminal's width from the loop's start (pytest asked for every
    file), and the writer asks the terminal again after the loop."""
    monkeypatch.setenv("NEWSLINT_WIDTH_FILE", str(tmp_path / "width"))
    only_articles.makeconftest(RECORD_LEAN + COUNT_WIDTH_QUESTIONS)
    only_articles.runpytest("--newslint", "-p", "no:randomly").assert_outcomes(passed=5, failed=3)
    assert (tmp_path / "lean").read_text() == "True"
    *counts, kept = (tmp_path / "width").read_text().splitlines()
    assert len(counts) == 8 and len(set(counts[1:])) == 1  # none asked after the second item's start
    assert kept == "kept None"
    from _pytest._io import terminalwriter

    assert terminalwriter.get_terminal_width.__name__ == "get_terminal_width"  # the probe undone


def test_newslints_run_loop_knows_the_terminal_reporters_method():
    """TerminalPaths stands in for the reporter's write_fspath_result only where it is pytest's
    as newslint knows it: the installed pytest's must be (else the loop silently loses it)."""
    from _pytest.terminal import TerminalReporter

    from pytest_newslint.pytest_plugin import _known_write_fspath_result

    assert _known_write_fspath_result(TerminalReporter)

    class Changed(TerminalReporter):
        def write_fspath_result(self, nodeid, res, **markup):
            super().write_fspath_result(nodeid, res, **markup)

    assert not _known_write_fspath_result(Changed)
