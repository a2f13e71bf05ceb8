"""The pytest front's own folder collector (NewslintDir): what pytest's way gives, quicker."""
import re

import pytest

CLEAN = "Council Approves Budget\n\nThe council approved the budget on Tuesday after a long debate.\n"
PADDED = CLEAN + "\n\n"

# a conftest hook of these kinds puts every file back on pytest's way (QuickArticles)
PYTESTS_WAY = """
def pytest_ignore_collect(collection_path, config):
    return None

def pytest_collectreport(report):
    pass
"""


@pytest.fixture
def tree(pytester):
    """Articles at the top, in folders, beside Python tests, in a Python package, in folders
    pytest skips and one that doctest's default glob matches too."""
    files = {
        "a0.txt": PADDED, "a1.txt": CLEAN, "notes.md": CLEAN, "test_doc.txt": CLEAN,
        "sub/b0.txt": CLEAN, "sub/b1.txt": PADDED, "sub/deeper/c0.md": PADDED,
        "pkg/__init__.py": "", "pkg/p0.txt": PADDED, "pkg/p1.txt": CLEAN,
        "__pycache__/stale.txt": PADDED, ".hidden/h.txt": PADDED, "build/b.txt": PADDED,  # folders pytest skips
    }
    for name, text in files.items():
        (pytester.path / name).parent.mkdir(parents=True, exist_ok=True)
        (pytester.path / name).write_text(text)
    (pytester.path / "test_code.py").write_text("def test_ok():\n    assert True\n")
    (pytester.path / "sub" / "test_sub.py").write_text("def test_sub():\n    assert True\n")
    return pytester


def _shown(result) -> list[str]:
    """The output but for timings and the junitxml line (its file name differs)."""
    return [re.sub(r" in [0-9.]+s", " in Xs", line) for line in result.outlines if "xml" not in line]


def _collect_reports(pytester, *args) -> int:
    recorder = pytester.inline_run("--newslint", "-p", "no:randomly", "--co", *args)
    return len(recorder.getcalls("pytest_collectreport"))


def _both_ways(pytester, *args):
    """The run the quick collector makes, then pytest's way (the conftest of PYTESTS_WAY)."""
    quick = pytester.runpytest("--newslint", "-p", "no:randomly", *args)
    conftest = pytester.path / "conftest.py"
    kept = conftest.read_text() if conftest.exists() else None
    conftest.write_text((kept or "") + PYTESTS_WAY)
    try:
        usual = pytester.runpytest("--newslint", "-p", "no:randomly", *args)
    finally:
        conftest.unlink() if kept is None else conftest.write_text(kept)
    return quick, usual


def test_the_quick_collector_skips_the_hook_rounds_of_each_article(tree):
    quick = _collect_reports(tree)
    (tree.path / "conftest.py").write_text(PYTESTS_WAY)
    usual = _collect_reports(tree)
    # pytest's way reports each of the 9 article files; the quick collector its folders only
    # (and the files that go pytest's way: test_doc.txt, the package's, the .py files)
    assert usual - quick == 6


@pytest.mark.parametrize("args", [
    ["--co"], ["--co", "-q"], ["-rA", "--junitxml=run.xml"], ["-k", "b1 or p0 or notes"],
    ["--deselect", "sub/b1.txt::newslint", "-rA"], ["-m", "newslint", "-v"], ["-x"], ["--maxfail=2", "-rf"],
])
def test_the_quick_collector_shows_what_pytests_way_shows(tree, args):
    quick, usual = _both_ways(tree, *args)
    assert _shown(quick) == _shown(usual)
    assert quick.ret == usual.ret


def test_the_junit_report_is_the_same(tree):
    quick = tree.runpytest("--newslint", "--junitxml=quick.xml")
    (tree.path / "conftest.py").write_text(PYTESTS_WAY)
    tree.runpytest("--newslint", "--junitxml=usual.xml")

    def normalised(name):
        return re.sub(r'(time|timestamp|hostname)="[^"]*"', r'\1="X"', (tree.path / name).read_text())

    quick.assert_outcomes(passed=7, failed=4)
    assert normalised("quick.xml") == normalised("usual.xml")


def test_the_ids_of_the_items_are_pytests(tree):
    result = tree.runpytest("--newslint", "-p", "no:randomly", "--co", "-q")
    assert [line for line in result.outlines if "::" in line] == [
        "a0.txt::newslint", "a1.txt::newslint", "notes.md::newslint", "pkg/p0.txt::newslint", "pkg/p1.txt::newslint",
        "sub/b0.txt::newslint", "sub/b1.txt::newslint", "sub/deeper/c0.md::newslint", "sub/test_sub.py::test_sub",
        "test_code.py::test_ok", "test_doc.txt::newslint"]


def test_last_failed_and_failed_first_are_the_same(tree):
    tree.runpytest("--newslint", "-p", "no:randomly")
    for args in (["--lf"], ["--ff"], ["--lf", "--co"], ["--nf"]):
        quick, usual = _both_ways(tree, *args)
        assert _shown(quick) == _shown(usual), args


def test_a_collection_error_under_maxfail_is_the_same(tree):
    (tree.path / "sub" / "test_broken.py").write_text("def test_(:\n")
    for args in (["-x"], ["--maxfail=1", "--co"], []):
        quick, usual = _both_ways(tree, *args)
        assert _shown(quick) == _shown(usual), args


def test_collect_ignore_and_the_ignore_options_are_obeyed(tree):
    (tree.path / "conftest.py").write_text("collect_ignore = ['a0.txt']\ncollect_ignore_glob = ['*/b1.txt']\n")
    quick, usual = _both_ways(tree, "--co", "-q", "--ignore=sub/deeper", "--ignore-glob=*notes*")
    assert _shown(quick) == _shown(usual)
    ids = [line for line in quick.outlines if "::" in line]
    assert "a1.txt::newslint" in ids and "sub/b0.txt::newslint" in ids
    assert not any(name in line for line in ids for name in ("a0.txt", "b1.txt", "c0.md", "notes.md"))


def test_a_file_named_on_the_command_line_and_its_folder(tree):
    quick, usual = _both_ways(tree, "sub", "sub/b1.txt", "a1.txt", "-rA")
    assert _shown(quick) == _shown(usual)
    quick, usual = _both_ways(tree, "sub/b1.txt::newslint", "--co")
    assert _shown(quick) == _shown(usual)


def test_doctest_globs_keep_their_files(tree):
    (tree.path / "test_doc.txt").write_text(CLEAN + "\n>>> 1 + 1\n2\n")
    quick, usual = _both_ways(tree, "--co", "--doctest-glob=*.md", "--doctest-glob=test*.txt")
    assert _shown(quick) == _shown(usual)
    assert any("DoctestTextfile test_doc.txt" in line for line in quick.outlines)


def test_a_conftest_below_sees_the_collection_of_its_own_articles(tree):
    (tree.path / "sub" / "conftest.py").write_text(
        "def pytest_itemcollected(item):\n"
        "    print('collected', item.nodeid)\n")
    quick, usual = _both_ways(tree, "--co", "-s")
    assert _shown(quick) == _shown(usual)
    assert [line for line in quick.outlines if line.startswith("collected ") and "::" in line] == [
        "collected sub/b0.txt::newslint", "collected sub/b1.txt::newslint", "collected sub/deeper/c0.md::newslint",
        "collected sub/test_sub.py::test_sub"]


def test_xdist_gives_the_same_results(tree):
    quick, usual = _both_ways(tree, "-n", "2", "-rA")
    quick.assert_outcomes(passed=7, failed=4)
    assert sorted(line for line in quick.outlines if line.startswith(("PASSED", "FAILED"))) == sorted(
        line for line in usual.outlines if line.startswith(("PASSED", "FAILED")))
