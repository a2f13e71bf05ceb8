"""Bad input gets a `file-error` finding or a one-line error, never a traceback, and a check
never writes to a content file."""
import json
import os

import pytest

CLEAN = "Council Approves Budget\n\nThe council approved the budget on Tuesday after a long debate.\n"


def findings_of(result):
    assert "Traceback" not in result.stderr, result.stderr
    return json.loads(result.stdout)["findings"]


def write(path, data):
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


BAD_FILES = [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"\n \n\t\n", "no text"),
    ("nul.md", b"Title\n\nSome\x00binary\x00bytes\n", "binary file (NUL bytes)"),
    ("image.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    ("latin1.txt", "Caf\u00e9 owners protest\n\nThe caf\u00e9 closed.\n".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at line 1)"),
    ("utf16.txt", "Title\n\nText.\n".encode("utf-16"), "UTF-16"),
    ("broken_front_matter.md", b"---\ntitle: [unclosed\n---\n\nText of the article.\n", "front matter is not valid YAML"),
    ("unclosed_front_matter.md", b"---\ntitle: Budget\ndate: 2026-01-01\n\nText of the article.\n", "never closed"),
    ("yaml_bomb.md", ("---\na: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [" + ", ".join([f"*{chr(97 + i)}"] * 9) + "]\n" for i in range(12)
    ) + "---\n\nText.\n").encode(), "YAML bomb"),
    ("python_tag.md", b"---\nx: !!python/object/apply:os.system ['echo hi']\n---\n\nText.\n", "front matter is not valid YAML"),
]


@pytest.mark.parametrize("name, data, cause", BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_file_is_a_file_error_finding(tmp_path, run_cli, name, data, cause):
    path = write(tmp_path / name, data)
    before = path.read_bytes()
    result = run_cli("--format", "json", path)
    assert result.returncode == 1, result.stderr
    errors = [f for f in findings_of(result) if f["rule"] == "file-error"]
    assert len(errors) == 1 and cause in errors[0]["message"], findings_of(result)
    assert path.read_bytes() == before


def test_text_output_is_one_line_per_bad_file(tmp_path, run_cli):
    for name, data, _ in BAD_FILES:
        write(tmp_path / name, data)
    result = run_cli(tmp_path)
    assert result.returncode == 1
    lines = [line for line in result.stdout.splitlines() if "file-error" in line]
    assert len(lines) == len(BAD_FILES)
    assert "Traceback" not in result.stderr


def test_huge_file_over_max_file_size(tmp_path, run_cli):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.write(b"A" * (11 * 1024 * 1024) + b"\n")
    result = run_cli("--format", "json", path)
    [finding] = findings_of(result)
    assert finding["rule"] == "file-error" and "over max-file-size" in finding["message"]
    (tmp_path / ".newslint.yaml").write_text("max-file-size: 20MB\n")
    result = run_cli("--format", "json", "huge.txt", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("data", [
    CLEAN.replace("\n", "\r\n").encode(),
    CLEAN.replace("\n", "\r").encode(),
    b"\xef\xbb\xbf" + CLEAN.encode(),
    b"\xef\xbb\xbf" + CLEAN.replace("\n", "\r\n").encode(),
    CLEAN.encode().replace(b"\n\nThe", b"\r\n\nThe"),
], ids=["crlf", "cr", "bom", "bom-crlf", "mixed"])
def test_line_endings_and_bom_are_clean(tmp_path, run_cli, data):
    path = write(tmp_path / "article.txt", data)
    result = run_cli(path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.read_bytes() == data


@pytest.mark.parametrize("data, line", [
    (CLEAN.replace("\n", "\r\n") + "\r\n\r\n", 4),
    (CLEAN.replace("\n", "\r") + "\r \r", 4),
    ("\ufeff" + CLEAN + "\n\u3000\n", 4),
])
def test_padding_found_whatever_the_line_endings(tmp_path, run_cli, data, line):
    path = write(tmp_path / "article.txt", data)
    result = run_cli("--format", "json", path)
    [finding] = findings_of(result)
    assert (finding["rule"], finding["line"]) == ("trailing-padding", line)


def test_missing_path_is_a_usage_error(tmp_path, run_cli):
    # a path named on the command line that does not exist is a typo, not a finding: exit 2 and
    # one line (a dangling symlink inside a folder stays a file-error: the next test)
    result = run_cli("--format", "json", tmp_path / "nope.txt")
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr == f"newslint: error: {tmp_path / 'nope.txt'}: no such file or folder\n"


def test_dangling_symlink_and_symlink_loop(tmp_path, run_cli):
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    os.symlink(tmp_path / "loop.md", tmp_path / "loop.md")
    result = run_cli("--format", "json", tmp_path)
    found = findings_of(result)
    assert {f["path"].rsplit("/", 1)[-1] for f in found} == {"dangling.txt", "loop.md"}
    assert all(f["rule"] == "file-error" for f in found)


def test_unreadable_file(tmp_path, run_cli, monkeypatch):
    from pytest_newslint import document

    path = write(tmp_path / "secret.txt", CLEAN)
    # tests may run as root, where chmod 000 does not stop a read: simulate the refusal (the
    # check opens an article with os.open)
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(document.FileError, match="permission denied"):
        document.read(path, "secret.txt", 10**6)


def test_folder_named_like_an_article(tmp_path, run_cli):
    (tmp_path / "x.md").mkdir()
    write(tmp_path / "x.md" / "inner.md", CLEAN)
    result = run_cli("--format", "json", tmp_path)
    assert result.returncode == 0 and findings_of(result) == []


def test_path_with_spaces_and_non_ascii(tmp_path, run_cli):
    folder = tmp_path / "Überschriften und Nachrichten"
    folder.mkdir()
    write(folder / "artículo nuevo.txt", CLEAN + "\n\n")
    result = run_cli(folder)
    assert result.returncode == 1
    assert "artículo nuevo.txt:4:1: error trailing-padding" in result.stdout
