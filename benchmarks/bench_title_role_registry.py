"""Benchmark `title-role` with a people registry of 10,000 people against none.

usage: python benchmarks/bench_title_role_registry.py [--articles 2000] [--people 10000]
                                                      [--repeat 5] [--workdir DIR]

The issue's bar: a registry of 10,000 people costs at most 10% more run time than no registry.

1. Corpus: --articles unique articles from ../shared/tools/mkcorpus.py (made once under
   --workdir); they are Markov text over real Wikinews articles, so full of titled people.
2. Registry: --people entries, written as a YAML file and read through `registry-file` as a user
   would: every person the rule finds titled in the corpus (so that lookups hit and the registry
   judges mentions), then made-up people with one to three dated roles, aliases included.
3. Timing, in rounds (each round times both settings, alternating, so that they see the same
   machine load), the median of --repeat rounds:
   - the rule alone: `check` of title-role over every parsed article;
   - the engine: `Engine.check_document` with every built-in rule, parse included, no cache,
     one process (what `newslint --jobs 1 --no-cache` spends per file);
   and the cost of reading the registry (`prepare`: YAML, office parsing, the index), paid once
   per run (and per worker-less process): the last line adds it to the engine's time.
"""
from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MKCORPUS = Path("/work/shared/tools/mkcorpus.py")
if not MKCORPUS.exists():
    MKCORPUS = ROOT.parent / "shared" / "tools" / "mkcorpus.py"

FIRST = """Anna Boris Carla David Elena Farid Greta Hugo Ines Jonas Kofi Lena Marco Nadia Omar Paula Quentin Rosa
Sami Tara Ulla Viktor Wanda Xavier Yusuf Zofia Amara Bruno Chiara Diego Emeka Fatima Goran Hana Ivan Jamal Keiko
Lars Maya Nikolai Olga Pedro Rania Sergei Tomas Umar Vera Wei Yara Zeynep""".split()
LAST = """Abbott Bauer Costa Dimitrov Eriksen Ferreira Gallo Haddad Ivanova Jansen Kowalski Lindqvist Mensah Novak
Okafor Petrov Quint Rossi Silva Tanaka Usman Varga Weber Xu Yilmaz Zimmermann Achebe Benet Castillo Duarte Esposito
Fischer Garcia Horvat Ibrahim Jovanovic Kim Lopez Moreau Nakamura Olsen Popescu Quiroga Ramos Schmidt Torres Ueda
Vasquez Wojcik Young Zhang""".split()
OFFICES = [
    "President of France", "Prime Minister of Italy", "Minister of Finance", "Minister of Health", "Foreign Secretary",
    "Governor of California", "US Senator", "Mayor of London", "Alphabet CEO", "Chancellor of Germany",
    "Secretary of State", "Vice President", "Interim President of Venezuela", "Home Secretary", "Speaker",
]


def corpus(workdir: Path, articles: int) -> Path:
    folder = workdir / f"corpus-{articles}"
    if not folder.exists() or sum(1 for _ in folder.rglob("*.txt")) != articles:
        subprocess.run([sys.executable, str(MKCORPUS), str(folder), str(articles)], check=True)
    return folder


def registry(workdir: Path, documents, size: int) -> Path:
    """Every person titled in the corpus (with their office), then made-up people up to `size`."""
    from pytest_newslint.rules.title_role.offices import BUILT_IN
    from pytest_newslint.rules.title_role.mentions import extract

    rng = random.Random(20261124)
    people: dict[str, dict] = {}
    for document in documents:
        for mention in extract(document, BUILT_IN, False)[0]:
            if len(people) >= size // 2:
                break
            if len(mention.tokens) > 1 and mention.name not in people and "\n" not in mention.name:
                since = f"{rng.randint(1990, 2024)}-{rng.randint(1, 12):02d}-01"
                people[mention.name] = {"roles": [{"office": rng.choice(OFFICES), "since": since}]}
    number = 0
    while len(people) < size:
        number += 1
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}-{number}"
        roles = []
        year = rng.randint(1980, 2020)
        for _ in range(rng.randint(1, 3)):
            end = year + rng.randint(1, 8)
            roles.append({"office": rng.choice(OFFICES), "since": f"{year}-01-20", "until": f"{end}-01-20"})
            year = end
        entry = {"roles": roles}
        if number % 5 == 0:
            entry["aliases"] = [name.split()[-1]]
        people[name] = entry
    import yaml

    path = workdir / f"people-{size}.yaml"
    path.write_text(yaml.safe_dump({"people": people}, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--people", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()) / "newslint-bench-title-role")
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)

    from pytest_newslint.config import build_config
    from pytest_newslint.document import parse
    from pytest_newslint.engine import Engine
    from pytest_newslint.rules import title_role

    folder = corpus(args.workdir, args.articles)
    files = sorted(folder.rglob("*.txt"))
    raws = [(str(path), path.read_bytes()) for path in files]
    documents = [parse(name, raw) for name, raw in raws]
    people_file = registry(args.workdir, documents, args.people)
    print(f"corpus: {len(files)} articles, {sum(len(r) for _, r in raws) / 1e6:.1f} MB; registry: {args.people} people "
          f"({people_file.stat().st_size / 1e6:.1f} MB YAML)")

    loads = []
    for _ in range(3):
        started = time.perf_counter()
        with_registry = build_config({"rules": {"title-role": {"registry-file": people_file.name}}}, args.workdir)
        loads.append(time.perf_counter() - started)
    load = statistics.median(loads)
    without = build_config({"rules": {}}, args.workdir)
    options = {
        "none": without.base_settings()["title-role"].options,
        "registry": with_registry.base_settings()["title-role"].options,
    }
    engines = {"none": Engine(without, args.workdir), "registry": Engine(with_registry, args.workdir)}
    print(f"reading the registry (YAML, offices, index), once per run: {load * 1000:.0f} ms (median of 3)")

    def rule_alone(which):
        def run():
            started = time.perf_counter()
            for document in documents:
                for _ in title_role.check(document, options[which]) or ():
                    pass
            return time.perf_counter() - started
        return run

    def engine(which):
        def run():
            started = time.perf_counter()
            for name, raw in raws:
                engines[which].check_document_bytes(raw, name, name)
            return time.perf_counter() - started
        return run

    findings = {}
    for which in ("none", "registry"):
        findings[which] = sum(
            1 for document in documents for _ in (title_role.check(document, options[which]) or ())
        )
    rounds = {key: [] for key in ("rule none", "rule registry", "engine none", "engine registry")}
    rule_alone("none")(), engine("none")()  # warm up: caches, lazily compiled patterns
    for _ in range(args.repeat):
        rounds["rule none"].append(rule_alone("none")())
        rounds["rule registry"].append(rule_alone("registry")())
        rounds["engine none"].append(engine("none")())
        rounds["engine registry"].append(engine("registry")())
    median = {key: statistics.median(values) for key, values in rounds.items()}
    print(f"\n{'':<26} {'no registry':>12} {f'{args.people} people':>14} {'overhead':>9}")
    for label, key in (("title-role alone", "rule"), ("engine, all rules, parse", "engine")):
        a, b = median[f"{key} none"], median[f"{key} registry"]
        print(f"{label:<26} {a:>10.3f} s {b:>12.3f} s {100 * (b - a) / a:>8.1f}%")
    a, b = median["engine none"], median["engine registry"] + load
    print(f"{'engine + reading registry':<26} {a:>10.3f} s {b:>12.3f} s {100 * (b - a) / a:>8.1f}%")
    per_article = 1e6 * median["rule none"] / len(documents)
    print(f"\ntitle-role per article: {per_article:.0f} µs; findings: {findings['none']} without the registry, "
          f"{findings['registry']} with it (median of {args.repeat} rounds)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
