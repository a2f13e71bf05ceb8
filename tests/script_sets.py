"""Labeled cases in every script: short news articles (tests/data/scripts/) and defective variants.

The articles are one pair of stories (a levee repair, a new metro line) written in English and
in Chinese, Japanese, Thai, Korean, Arabic, Russian and Spanish (both stories), Hindi, Hebrew,
French, German, Italian, Portuguese, Lao, Khmer and Burmese (the first). `cases(seed)` makes
from them, deterministically:

Defects (the rule must report on the file, on the lines of the defect):

- repeated-block `exact`: a paragraph pasted again, right after itself or further down;
- repeated-block `near-clause`: a paragraph pasted again with one clause dropped;
- repeated-block `near-chars`: a paragraph pasted again with a few characters changed;
- repeated-block `cross`: two consecutive paragraphs of the other story pasted into this one
  (exact, or with a few characters changed), the two articles checked together;
- trailing-padding `blank` / `spaces` / `ideographic` (U+3000) / `marks` (lines of only
  right-to-left or left-to-right marks);
- hashtag-stuffing `line` (a line of hashtags at the end), `packed` (three hashtags in a row
  inside a sentence); in Chinese and Japanese also `weibo` (a line of `#topic#` hashtags, the
  form of Chinese social media) and `label` (the line led by `标签：` or `タグ：`).

Hard negatives (no finding of any rule):

- `clean`: every article as written; `clean-pair`: the two stories of a language together;
- `credit`: the agency or reporter credit line ("（记者 王明 报道）", "（共同）") at the top and
  the bottom of the story, and on top of both stories;
- `phrase`: a short phrase of one paragraph repeated in another sentence;
- `slogan`: the same short slogan closing two paragraphs;
- `hashtag-one`: one campaign hashtag in a sentence.

usage: python tests/script_sets.py  (prints recall per rule, language and kind)
"""
from __future__ import annotations

import random
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import regex

DATA = Path(__file__).resolve().parent / "data" / "scripts"

# languages with both stories (the repeated-block and hashtag/padding cases); the others are
# used for padding, hashtags and clean cases
FULL = ("zh", "ja", "th", "ko", "ar", "ru", "es")
PADDING_ONLY = ("hi", "he")
CLEAN_ONLY = ("en", "fr", "de", "it", "pt", "lo", "km", "my")


@dataclass(frozen=True)
class Language:
    clause: str  # regex of a clause boundary (kept with the clause before it)
    credit: str  # a credit line as the language's agencies write it
    slogan: str  # a short slogan sentence
    tags: tuple[str, ...]  # three hashtags (without #)


LANGUAGES = {
    "zh": Language(r"(?<=，)", "（记者 王明 报道）", "绿水青山就是金山银山。", ("临海", "灵江", "防汛")),
    "ja": Language(r"(?<=、)", "（共同）", "命を守る行動を。", ("臨海市", "梅雨", "防災")),
    "th": Language(r"(?<=\S )(?=\S)", "(ที่มา: สำนักข่าวไทย)", "ปลอดภัยไว้ก่อน", ("หลินไห่", "น้ำท่วม", "ข่าวด่วน")),
    "ko": Language(r"(?<=, )|(?<=고 )|(?<=며 )", "(서울=연합뉴스) 김민수 기자", "안전이 최우선입니다.", ("린하이", "홍수", "제방")),
    "ar": Language(r"(?<=، )|(?<=, )", "(رويترز)", "السلامة أولا.", ("لينهاي", "فيضانات", "سدود")),
    "ru": Language(r"(?<=, )", "(РИА Новости)", "Безопасность прежде всего.", ("Линьхай", "наводнение", "дамбы")),
    "es": Language(r"(?<=, )", "(EFE)", "La seguridad es lo primero.", ("Linhai", "inundaciones", "diques")),
    "hi": Language(r"(?<=, )", "(पीटीआई)", "सुरक्षा सबसे पहले।", ("लिनहाई", "बाढ़", "तटबंध")),
    "he": Language(r"(?<=, )", "(רויטרס)", "הבטיחות קודמת לכל.", ("לינהאי", "שיטפונות", "סוללות")),
}

# characters a "few characters changed" copy swaps in, per script
LETTERS = regex.compile(r"[\p{Han}\p{Hiragana}\p{Katakana}]|[\u0e01-\u0e2e]|[\p{L}--[\p{Thai}]]", regex.V1)


@dataclass
class Case:
    language: str
    rule: str | None  # the rule that must report; None for a hard negative
    kind: str
    files: dict[str, str]  # relative path -> text, checked together
    target: str  # the file the rule must report on
    lines: tuple[int, int] | None = None  # where the finding must start (first, last line)
    extra: dict = field(default_factory=dict)


def story(language: str, which: str = "a") -> tuple[str, list[str]]:
    text = (DATA / f"{language}-{which}.txt").read_text(encoding="utf-8")
    headline, _, body = text.partition("\n\n")
    return headline.strip(), [p.strip() for p in body.split("\n\n") if p.strip()]


def render(headline: str, paragraphs: list[str]) -> str:
    return headline + "\n\n" + "\n\n".join(paragraphs) + "\n"


def line_of(index: int) -> int:
    """The line of paragraph `index` in `render`'s output (one line a paragraph)."""
    return 3 + 2 * index


def drop_clause(paragraph: str, language: str, rng: random.Random) -> str | None:
    """The paragraph with one clause (not its last, at most a quarter of it) dropped."""
    pieces = regex.split(LANGUAGES[language].clause, paragraph)
    inner = [k for k in range(len(pieces) - 1) if 3 <= len(pieces[k]) <= len(paragraph) // 4]
    if not inner:
        return None
    k = rng.choice(inner)
    return "".join(pieces[:k] + pieces[k + 1 :])


def change_chars(paragraph: str, rng: random.Random, count: int = 3) -> str:
    """The paragraph with `count` letters swapped for other letters of the same script."""
    found = list(LETTERS.finditer(paragraph))
    script = {}
    for match in found:
        script.setdefault(_script(match.group()), set()).add(match.group())
    chars = list(paragraph)
    for match in rng.sample(found, min(count, len(found))):
        choices = sorted(script[_script(match.group())] - {match.group()})
        if choices:
            chars[match.start()] = rng.choice(choices)
    return "".join(chars)


def _script(char: str) -> str:
    name = unicodedata.name(char, "")
    return name.split(" ")[0] if not name.startswith("CJK") else "CJK"


def cases(seed: int = 0, per_kind: int = 20) -> list[Case]:
    rng = random.Random(seed)
    out: list[Case] = []
    for language in FULL:
        stories = [story(language, "a"), story(language, "b")]
        out += _repeats(language, stories, rng, per_kind)
        out += _negatives(language, stories, rng)
    for language in FULL + PADDING_ONLY:
        for which in "ab" if language in FULL else "a":
            out += _padding_and_hashtags(language, which, story(language, which), rng)
    for language in CLEAN_ONLY:
        headline, paragraphs = story(language, "a")
        out.append(Case(language, None, "clean", {f"{language}-a.txt": render(headline, paragraphs)}, f"{language}-a.txt"))
    return out


def _repeats(language: str, stories, rng: random.Random, per_kind: int) -> list[Case]:
    out = []
    for kind in ("exact", "near-clause", "near-chars"):
        made = 0
        tries = 0
        while made < per_kind and tries < 50 * per_kind:
            tries += 1
            which = rng.randrange(2)
            headline, paragraphs = stories[which]
            i = rng.randrange(len(paragraphs))
            if kind == "exact":
                copy = paragraphs[i]
            elif kind == "near-clause":
                copy = drop_clause(paragraphs[i], language, rng)
                if copy is None:
                    continue
            else:
                copy = change_chars(paragraphs[i], rng)
            j = rng.randrange(i + 1, len(paragraphs) + 1)
            body = paragraphs[:j] + [copy] + paragraphs[j:]
            name = f"{language}-{'ab'[which]}-{kind}-{made}.txt"
            out.append(Case(language, "repeated-block", kind, {name: render(headline, body)}, name, (line_of(j), line_of(j))))
            made += 1
    for n in range(per_kind):
        which = n % 2
        donor_headline, donor = stories[which]
        headline, paragraphs = stories[1 - which]
        i = rng.randrange(len(donor) - 1)
        copied = donor[i : i + 2]
        if n % 4 >= 2:  # touched up
            k = rng.randrange(2)
            copied = [change_chars(p, rng, 2) if x == k else p for x, p in enumerate(copied)]
        j = rng.randrange(1, len(paragraphs) + 1)
        body = paragraphs[:j] + copied + paragraphs[j:]
        files = {f"{language}-1-source.txt": render(donor_headline, donor), f"{language}-2-copy.txt": render(headline, body)}
        out.append(Case(language, "repeated-block", "cross", files, f"{language}-2-copy.txt", (line_of(j), line_of(j + 1))))
    return out


def _negatives(language: str, stories, rng: random.Random) -> list[Case]:
    lang = LANGUAGES[language]
    out = []
    (ha, pa), (hb, pb) = stories
    out.append(Case(language, None, "clean", {"a.txt": render(ha, pa)}, "a.txt"))
    out.append(Case(language, None, "clean", {"b.txt": render(hb, pb)}, "b.txt"))
    out.append(Case(language, None, "clean-pair", {"a.txt": render(ha, pa), "b.txt": render(hb, pb)}, "b.txt"))
    credited = {"a.txt": render(ha, [lang.credit] + pa + [lang.credit]), "b.txt": render(hb, [lang.credit] + pb + [lang.credit])}
    out.append(Case(language, None, "credit", credited, "b.txt"))
    out.append(Case(language, None, "credit", {"a.txt": render(ha, [pa[0] + lang.credit] + pa[1:] + [lang.credit])}, "a.txt"))
    for n in range(4):
        headline, paragraphs = stories[n % 2]
        paragraphs = list(paragraphs)
        # a phrase of about five words' worth, put again inside another sentence
        i = rng.randrange(len(paragraphs))
        source = paragraphs[i]
        width = max(1, len(source) // 12)
        start = rng.randrange(0, max(1, len(source) // 2))
        phrase = source[start : start + width * 2].strip()
        k = (i + 2) % len(paragraphs)
        joiner = "" if language in ("zh", "ja", "th") else " "
        paragraphs[k] = paragraphs[k] + joiner + phrase + joiner + lang.slogan
        out.append(Case(language, None, "phrase", {f"phrase{n}.txt": render(headline, paragraphs)}, f"phrase{n}.txt"))
    for n in range(2):
        headline, paragraphs = stories[n]
        joiner = "" if language in ("zh", "ja", "th") else " "
        slogan = [p + joiner + lang.slogan if k in (1, 3) else p for k, p in enumerate(paragraphs)]
        out.append(Case(language, None, "slogan", {f"slogan{n}.txt": render(headline, slogan)}, f"slogan{n}.txt"))
    return out


def _padding_and_hashtags(language: str, which: str, article, rng: random.Random) -> list[Case]:
    lang = LANGUAGES[language]
    headline, paragraphs = article
    text = render(headline, paragraphs)
    last = line_of(len(paragraphs) - 1)
    name = f"{language}-{which}.txt"
    out = []
    for kind, padding in (
        ("blank", "\n\n\n"),
        ("spaces", "  \n\t\n"),
        ("ideographic", "\u3000\u3000\n\u3000\n"),
        ("marks", "\u200f\n\u200e\u200f\n"),
    ):
        out.append(Case(language, "trailing-padding", kind, {name: text + padding}, name, (last + 1, last + 1)))
    tags = lang.tags
    line = " ".join("#" + t for t in tags)
    out.append(Case(language, "hashtag-stuffing", "line", {name: text + "\n" + line + "\n"}, name, (last + 2, last + 2)))
    if language in ("zh", "ja"):  # the form of Chinese (and Japanese) social media
        weibo = "".join(f"#{t}#" for t in tags)
        out.append(Case(language, "hashtag-stuffing", "weibo", {name: text + "\n" + weibo + "\n"}, name, (last + 2, last + 2)))
        labelled = ("标签：" if language == "zh" else "タグ：") + line
        out.append(Case(language, "hashtag-stuffing", "label", {name: text + "\n" + labelled + "\n"}, name, (last + 2, last + 2)))
    k = rng.randrange(len(paragraphs))
    sentence_end = regex.search(r"[。.!?！？।]", paragraphs[k])
    cut = sentence_end.end() if sentence_end else len(paragraphs[k]) // 2
    packed = paragraphs[k][:cut] + " " + line + " " + paragraphs[k][cut:]
    body = paragraphs[:k] + [packed] + paragraphs[k + 1 :]
    out.append(Case(language, "hashtag-stuffing", "packed", {name: render(headline, body)}, name, (line_of(k), line_of(k))))
    one = paragraphs[:1] + [paragraphs[1] + " #" + tags[0]] + paragraphs[2:]
    out.append(Case(language, None, "hashtag-one", {name: render(headline, one)}, name))
    if language in ("zh", "ja"):  # one topic tag opening a paragraph, prose right after it
        one = paragraphs[:1] + [f"#{tags[0]}#" + paragraphs[1]] + paragraphs[2:]
        out.append(Case(language, None, "hashtag-one", {name: render(headline, one)}, name))
    return out


def evaluate(all_cases: list[Case], tmp: Path) -> dict:
    """Run newslint (every rule) over each case's files in one run. Returns
    {(rule or "none", language, kind): {"files", "flagged", "on_target", "wrong"}}: for a
    defect, `flagged` counts target files the rule reported, `on_target` those reported on the
    defect's lines, `wrong` findings of other rules; for a negative, `flagged` counts cases with
    any finding."""
    from pytest_newslint.config import build_config
    from pytest_newslint.engine import Engine

    table: dict = {}
    for number, case in enumerate(all_cases):
        folder = tmp / f"case{number:04d}"
        folder.mkdir(parents=True)
        for path, text in case.files.items():
            (folder / path).write_text(text, encoding="utf-8")
        config = build_config({}, folder)
        report = Engine(config, folder).run_files([folder / path for path in case.files])
        findings = [f for f in report.findings if f.path.endswith(case.target) or case.rule is None]
        row = table.setdefault((case.rule or "none", case.language, case.kind), {"files": 0, "flagged": 0, "on_target": 0, "wrong": []})
        row["files"] += 1
        if case.rule is None:
            if report.findings:
                row["flagged"] += 1
                row["wrong"] += [f"{folder}/{f.path}:{f.line} {f.rule} {f.message}" for f in report.findings]
            continue
        mine = [f for f in findings if f.rule == case.rule]
        if mine:
            row["flagged"] += 1
        if case.lines and any(case.lines[0] <= f.line <= case.lines[1] for f in mine):
            row["on_target"] += 1
        else:
            row["wrong"].append(f"missed {folder}/{case.target} lines {case.lines}: {[(f.line, f.rule) for f in findings]}")
        row["wrong"] += [f"{folder}/{f.path}:{f.line} {f.rule} {f.message}" for f in report.findings if f.rule != case.rule]
    return table


def recall_table(table: dict) -> dict:
    """{rule: {language: recall}} over the defect kinds (a hit must be on the defect's lines)."""
    out: dict = {}
    for (rule, language, _kind), row in table.items():
        if rule == "none":
            continue
        cell = out.setdefault(rule, {}).setdefault(language, [0, 0])
        cell[0] += row["on_target"]
        cell[1] += row["files"]
    return {rule: {lang: hit / total for lang, (hit, total) in langs.items()} for rule, langs in out.items()}


if __name__ == "__main__":  # pragma: no cover
    import sys
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        table = evaluate(cases(int(sys.argv[1]) if len(sys.argv) > 1 else 0), Path(tmp))
    for (rule, language, kind), row in sorted(table.items()):
        print(f"{rule:18} {language:3} {kind:12} files {row['files']:3} flagged {row['flagged']:3} on-target {row['on_target']:3}")
    for rule, langs in sorted(recall_table(table).items()):
        print(rule, " ".join(f"{lang}={value:.2f}" for lang, value in sorted(langs.items())))
    print("false alarms (negatives):", sum(row["flagged"] for (rule, *_), row in table.items() if rule == "none"),
          "of", sum(row["files"] for (rule, *_), row in table.items() if rule == "none"))
    for (rule, language, kind), row in sorted(table.items()):
        for line in row["wrong"][:3]:
            print("  ", rule, language, kind, line)
