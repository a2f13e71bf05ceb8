"""The title-role rule's word lists and tables are data (rules/title_role/data/*.yaml): each file
is read once and checked, and they ship with the package (a non-editable install finds them)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest
import yaml

from pytest_newslint.rules.title_role import offices, vocabulary
from pytest_newslint.rules.title_role.offices import KINDS

ROOT = Path(__file__).resolve().parent.parent


def test_every_data_file_is_read_and_has_its_shape():
    files = sorted(path.name for path in vocabulary.DATA.glob("*.yaml"))
    assert files == sorted(vocabulary.SCHEMA)
    for name in files:
        vocabulary.load(name)  # raises ValueError naming the file and key when malformed


def test_a_malformed_file_is_refused_naming_file_and_key(tmp_path, monkeypatch):
    broken = tmp_path / "qualifiers.yaml"
    data = yaml.safe_load((vocabulary.DATA / "qualifiers.yaml").read_text(encoding="utf-8"))
    data["status"]["former"] = "long ago"
    broken.write_text(yaml.safe_dump(data), encoding="utf-8")
    monkeypatch.setattr(vocabulary, "DATA", tmp_path)
    with pytest.raises(ValueError, match="qualifiers.yaml: status"):
        vocabulary.load("qualifiers.yaml")


def test_the_compiled_json_is_what_the_yaml_files_parse_to():
    on_disk = (vocabulary.DATA / vocabulary.COMPILED).read_text(encoding="utf-8")
    assert on_disk == vocabulary.compiled_text(), f"a data file was edited: run {vocabulary.REWRITE}"
    for name in vocabulary.SCHEMA:
        parsed = yaml.safe_load((vocabulary.DATA / name).read_text(encoding="utf-8"))
        assert vocabulary._parsed(name) == parsed


def test_an_edited_file_is_parsed_not_read_stale_from_the_json(tmp_path, monkeypatch):
    shutil.copytree(vocabulary.DATA, tmp_path, dirs_exist_ok=True)  # the JSON too, now stale for one file
    edited = tmp_path / "names.yaml"
    edited.write_text(edited.read_text(encoding="utf-8").replace("stop: [a, about,", "stop: [a, aboot, about,"), encoding="utf-8")
    monkeypatch.setattr(vocabulary, "DATA", tmp_path)
    assert "aboot" in vocabulary.load("names.yaml")["stop"]
    assert vocabulary.load("countries.yaml") == vocabulary.COUNTRIES  # an unchanged file: from the JSON
    (tmp_path / vocabulary.COMPILED).write_text("not json", encoding="utf-8")
    vocabulary._compiled.cache_clear()
    assert vocabulary.load("countries.yaml") == vocabulary.COUNTRIES  # unreadable JSON: the YAML


def test_a_run_over_plain_articles_never_imports_pyyaml(tmp_path):
    (tmp_path / "a.txt").write_text("Minister Ann Lee spoke.\n\nFormer Minister Ann Lee left.\n", encoding="utf-8")
    code = ("import sys\nfrom pytest_newslint import cli\ntry:\n    cli.main(['--no-cache', 'a.txt'])\n"
            "except SystemExit:\n    pass\nassert 'yaml' not in sys.modules, 'PyYAML was imported'\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "title-role" in done.stdout


def test_the_tables_hold_what_the_rule_expects():
    words = vocabulary.OFFICES["office_words"]
    assert all(spec["kind"] in KINDS for spec in words.values())
    portfolios = set(vocabulary.PORTFOLIOS)
    assert all(spec.get("portfolio", "") in portfolios | {""} for spec in words.values())
    every_country = [name for names in vocabulary.COUNTRIES["countries"].values() for name in names]
    assert len(every_country) == len(set(every_country)), "a country word names one country"
    assert set(vocabulary.COUNTRIES["names"]) <= set(every_country)
    every_portfolio = [name for names in vocabulary.PORTFOLIOS.values() for name in names]
    assert len(every_portfolio) == len(set(every_portfolio)), "a portfolio word names one portfolio"
    assert offices.country("Britain's") == "United Kingdom" and offices.portfolio("Treasury") == "finance"


@pytest.mark.slow
def test_a_non_editable_install_ships_the_data(tmp_path):
    """Install a copy of the checkout into a fresh virtual environment (offline: no build isolation,
    no dependencies; those come from this environment) and lint a title conflict with it."""
    source = tmp_path / "src"
    shutil.copytree(ROOT / "pytest_newslint", source / "pytest_newslint",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # the dependencies (and setuptools, to build) from this environment, not the checkout itself
    here = [p for p in sys.path if p.endswith("site-packages")]
    Path(site, "deps.pth").write_text("\n".join(here) + "\n")
    clean = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_REQUIRE_VIRTUALENV")}
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet", "--no-deps",
                    "--no-build-isolation", "--no-index", str(source)],
                   check=True, capture_output=True, text=True, env=clean, cwd=tmp_path)
    where = subprocess.run([str(python), "-c", "import pytest_newslint; print(pytest_newslint.__file__)"],
                           capture_output=True, text=True, check=True, env=clean, cwd=tmp_path).stdout
    assert where.startswith(site), where  # the installed copy, not the checkout
    article = tmp_path / "article.txt"
    article.write_text((ROOT / "examples" / "title_conflict_minister.txt").read_text(encoding="utf-8"), encoding="utf-8")
    done = subprocess.run([str(env_dir / "bin" / "newslint"), "--no-cache", "--select", "title-role", "article.txt"],
                          capture_output=True, text=True, env=clean, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "title-role line 7 calls Elena Marsh 'Former Transport Minister'" in done.stdout
    # every data file of the checkout is in the installed copy (the built-in registry's too)
    shipped = Path(where).parent
    for data in (ROOT / "pytest_newslint").rglob("data/**/*"):
        if data.is_file() and "__pycache__" not in data.parts:
            assert (shipped / data.relative_to(ROOT / "pytest_newslint")).is_file(), data
    for template in (ROOT / "pytest_newslint" / "formats" / "templates").iterdir():
        assert (shipped / "formats" / "templates" / template.name).is_file(), template
