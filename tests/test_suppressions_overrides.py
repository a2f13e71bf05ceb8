"""Inline suppressions, front matter suppressions, per-file-ignores and overrides."""
import itertools
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_newslint.config import ConfigError, build_config
from pytest_newslint.engine import Engine

TAGS = "#Housing #Politics #Budget"
BODY = "The council approved the budget on Tuesday after a long debate about schools and roads."


def run(files: dict, config: dict | None = None, root: Path = None, unused=False):
    engine = Engine(build_config(config or {}, root), base=root, report_unused_suppressions=unused)
    paths = []
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return [(f.path, f.line, f.rule) for f in engine.run_files(paths).findings]


def test_disable_and_enable_comments(tmp_path):
    text = (f"# Title\n\n{BODY}\n\n<!-- newslint: disable=hashtag-stuffing -->\n{TAGS}\n"
            f"<!-- newslint: enable=hashtag-stuffing -->\n\nTenants welcomed the vote.\n\n{TAGS}\n")
    assert run({"a.md": text}, root=tmp_path) == [("a.md", 11, "hashtag-stuffing")]


def test_disable_all_and_next_line(tmp_path):
    text = f"# Title\n\n{BODY}\n\n<!-- newslint: disable-next-line -->\n\n{TAGS}\n\nMore text.\n\n\n"
    assert run({"a.md": text}, root=tmp_path) == [("a.md", 10, "trailing-padding")]
    text = f"# Title\n\n<!-- newslint: disable -->\n\n{BODY}\n\n{TAGS}\n\n\n"
    assert run({"a.md": text}, root=tmp_path) == []


def test_comments_do_nothing_in_plain_text(tmp_path):
    text = f"Title\n\n{BODY}\n\n<!-- newslint: disable -->\n\n{TAGS}\n"
    assert run({"a.txt": text}, root=tmp_path) == [("a.txt", 7, "hashtag-stuffing")]


def test_front_matter_disable(tmp_path):
    text = f"---\ntitle: A\nnewslint:\n  disable: [hashtag-stuffing]\n---\n\n{BODY}\n\n{TAGS}\n\n\n"
    assert run({"a.md": text, "b.txt": text}, root=tmp_path) == [
        ("a.md", 10, "trailing-padding"), ("b.txt", 10, "trailing-padding")]


def test_unknown_rule_in_a_suppression_is_reported(tmp_path):
    text = f"# Title\n\n<!-- newslint: disable=hashtag-stufing -->\n{BODY}\n"
    assert run({"a.md": text}, root=tmp_path) == [("a.md", 3, "invalid-suppression")]
    text = f"---\nnewslint:\n  disable: [nope]\n---\n\n{BODY}\n"
    assert run({"a.md": text}, root=tmp_path) == [("a.md", 2, "invalid-suppression")]


def test_report_unused_suppressions(tmp_path):
    text = f"# Title\n\n<!-- newslint: disable=hashtag-stuffing -->\n{BODY}\n\n<!-- newslint: disable-next-line=trailing-padding -->\n{TAGS}\n"
    assert run({"a.md": text}, root=tmp_path, unused=True) == [
        ("a.md", 6, "unused-suppression"), ]
    assert run({"a.md": text}, root=tmp_path) == []


def test_per_file_ignores_and_overrides_in_order(tmp_path):
    files = {
        "news/a.txt": f"Title\n\n{BODY}\n\n{TAGS}\n\n",
        "social/b.txt": f"Title\n\n{BODY}\n\n{TAGS}\n\n",
        "social/keep/c.txt": f"Title\n\n{BODY}\n\n{TAGS}\n\n",
    }
    config = {
        "per-file-ignores": {"social/**": ["hashtag-stuffing"]},
        "overrides": [
            {"files": ["social/keep/*.txt"], "rules": {"hashtag-stuffing": {"enabled": True, "severity": "warning"}}},
            {"files": ["news/"], "rules": {"trailing-padding": False}},
        ],
    }
    assert run(files, config, root=tmp_path) == [
        ("news/a.txt", 5, "hashtag-stuffing"),
        ("social/b.txt", 6, "trailing-padding"),
        ("social/keep/c.txt", 5, "hashtag-stuffing"),
        ("social/keep/c.txt", 6, "trailing-padding"),
    ]


def test_override_options_are_validated(tmp_path):
    with pytest.raises(ConfigError, match=r"overrides\[0\]: rules: unknown rule 'nope'"):
        build_config({"overrides": [{"files": ["*"], "rules": {"nope": {}}}]}, tmp_path)
    with pytest.raises(ConfigError, match="rules.hashtag-stuffing.line-min: expected an integer"):
        build_config({"overrides": [{"files": ["*"], "rules": {"hashtag-stuffing": {"line-min": "x"}}}]}, tmp_path)
    with pytest.raises(ConfigError, match="per-file-ignores.x: unknown rule 'nope'"):
        build_config({"per-file-ignores": {"x": ["nope"]}}, tmp_path)
    with pytest.raises(ConfigError, match=r"overrides\[0\]: expected a mapping with `files:`"):
        build_config({"overrides": [{"rules": {}}]}, tmp_path)


def test_globs_are_relative_to_the_config_file_from_any_folder(tmp_path, run_cli):
    (tmp_path / ".newslint.yaml").write_text("per-file-ignores:\n  'archive/*.txt': [trailing-padding]\n")
    archive = tmp_path / "archive"
    archive.mkdir()
    (archive / "old.txt").write_text(f"Title\n\n{BODY}\n\n\n")
    (tmp_path / "new.txt").write_text(f"Title\n\n{BODY}\n\n\n")
    for cwd in (tmp_path, archive):
        result = run_cli("--format", "json", tmp_path, cwd=cwd)
        paths = [Path(f["path"]).name for f in json.loads(result.stdout)["findings"]]
        assert paths == ["new.txt"], (cwd, result.stdout)
    shown = run_cli("--show-config", "archive/old.txt", cwd=tmp_path).stdout
    assert "trailing-padding:\n    enabled: false" in shown



GLOBS = ["*.txt", "*.md", "drafts/", "drafts/*.md", "**/old/*.txt", ".*/", "README*", "a?c.md", "[ab]*.txt",
         "x/**/y.md", "node_modules/", "*draft*"]
PATH_PARTS = ["a", "abc", "drafts", "old", "x", "y", ".git", "README", "node_modules", "story-draft"]
PATHS = [
    "/".join(parts) + suffix
    for parts in itertools.chain.from_iterable(itertools.product(PATH_PARTS, repeat=n) for n in (1, 2, 3))
    for suffix in ("", ".txt", ".md")
]


@given(globs=st.lists(st.sampled_from(GLOBS), max_size=5, unique=True))
@settings(max_examples=60, deadline=None)
def test_the_combined_glob_pattern_matches_as_the_globs_one_by_one(globs):
    """Include and exclude lists are searched with one pattern: for every path, it must say
    what any of the globs alone says."""
    from pytest_newslint.config import _any_of, compile_glob

    compiled = [compile_glob(glob) for glob in globs]
    combined = _any_of(compiled)
    wrong = [path for path in PATHS if (combined.search(path) is not None) != any(p.search(path) for p in compiled)]
    assert not wrong, wrong[:5]
