"""The cache's settings key holds a hash of newslint's own files by content: an edited source or
data file (word lists, templates) or a compiled extension changes it; a reinstall of the same
files (new mtimes: a CI job installing newslint each run) keeps it."""
import shutil
from pathlib import Path

import pytest

from pytest_newslint.pipeline import cache

PACKAGE = Path(cache.__file__).resolve().parent.parent


@pytest.fixture
def installed(tmp_path):
    """A copy of the package with new mtimes (shutil.copy, not copy2), as a reinstall makes."""
    target = tmp_path / "site-packages" / "pytest_newslint"
    shutil.copytree(PACKAGE, target, copy_function=shutil.copy, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def test_a_reinstall_of_the_same_files_keeps_the_key(installed):
    assert cache.package_fingerprint(installed) == cache.package_fingerprint(PACKAGE) == cache.code_fingerprint()
    (installed / "__pycache__").mkdir(exist_ok=True)
    (installed / "__pycache__" / "engine.cpython-311.pyc").write_bytes(b"compiled")
    (installed / "stray.pyc").write_bytes(b"compiled")
    assert cache.package_fingerprint(installed) == cache.code_fingerprint()


@pytest.mark.parametrize("change", ["edit source", "edit template", "add data file", "add extension", "rename"])
def test_any_other_content_changes_it(installed, change):
    before = cache.package_fingerprint(installed)
    if change == "edit source":
        path = installed / "engine.py"
        path.write_text(path.read_text() + "\n# edited\n")
    elif change == "edit template":
        [template] = [p for p in installed.rglob("*.j2")][:1]
        template.write_bytes(template.read_bytes().replace(b"<", b"< ", 1))
    elif change == "add data file":
        data = installed / "rules" / "title_role" / "data"
        data.mkdir(parents=True, exist_ok=True)
        (data / "offices.yaml").write_text("offices: [mayor]\n")
    elif change == "add extension":
        (installed / "_kernel.cpython-311-x86_64-linux-gnu.so").write_bytes(b"\x7fELF")
    else:
        (installed / "engine.py").rename(installed / "engine2.py")
    assert cache.package_fingerprint(installed) != before


def test_the_settings_key_follows_the_code(monkeypatch):
    assert len(cache.code_fingerprint()) == 32
    key = cache.settings_key([])
    monkeypatch.setattr(cache, "_CODE_FINGERPRINT", "another newslint")
    assert cache.settings_key([]) != key
