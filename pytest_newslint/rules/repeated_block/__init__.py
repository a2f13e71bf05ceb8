"""A passage repeated in one article, or copied from another one: exact or near-duplicate.

## What it does
Inside one article, finds a passage (one or more sentences or paragraphs) that appears again
later. Passages are compared as streams of words: case, punctuation, quote styles, white space,
line wrapping and paragraph breaks drop out, so a copy that was re-wrapped, split in two, merged
into another paragraph or repeated inside one long paragraph still matches. In scripts written
without spaces (Chinese, Japanese, Thai, Lao, Khmer, Burmese) and in Korean, each letter is a
word unit, and lengths count words' worth: about 1.5 Chinese characters, 1.9 Japanese, 1.85
Korean or 3.8 Thai letters make a word, so `min-words: 15` means as much text in every script
(mixed text such as Latin names and figures in Chinese prose included). Sentences end where
each script ends them (`。！？`, `।`, `؟`, `။`, `።`, `។`...; in Thai and Lao at a space). Two passages match
when their word-level similarity, the Ratcliff/Obershelp ratio `2*M/T` over words (as Python's
`difflib` computes it, over whole sentences), is at least `similarity`: at 0.8, a copy with one
word in five changed still matches. A run of repeated sentences or paragraphs is one
finding, on the later copy, naming the lines of the first ("lines 9-14 repeat lines 3-8").

A paragraph repeated in other words (`paraphrase`), the defect rewriting pipelines make most, is
reported too ("line 9 repeats line 3 in other words (paraphrase)"): each paragraph becomes a set
of content terms (stop words dropped, plurals and -ed/-ing folded, and news words used
interchangeably -- company/firm, costs/bills, cut/reduce/lower, output/production,
carmakers/car manufacturers -- counted as one, from the rule's `synonyms.txt`), and two paragraphs
are a paraphrase when those terms overlap strongly on both sides and the two report the same
facts (the figures and names of one stand in the other, but for a dropped clause). News style
repeats itself on purpose, and none of this is a paraphrase: a lede's facts restated briefly
in the body (too little of either covered), a quote introduced and then given (one paragraph
quoted, the other not), two paragraphs on one topic with different figures or names,
pull-quotes, questions, and the answers of an interview transcript. The search runs with
`similarity` at 0.8 or looser (asking for closer copies asks for no paraphrases).

Across articles (`across-articles`), finds text copied from one article into another: a run of
two or more consecutive paragraphs both articles hold, exact or near (a paragraph split or merged
on one side, or a short line between that did not match, still counts), or paragraphs copied
(nearly) word for word that together make more than `article-share` of the later article. A
paragraph counts as a near copy when it shares at least `cross-similarity` of its fingerprints
(sampled runs of five word units) with the other, or half that next to a copied paragraph. The finding
goes on the later article and names the other file and its lines: the later by the front
matter date (wherever the front matter writes it; a date with a time zone is compared in UTC, a
day against a time of that same day decides nothing), and, when a date is missing, unreadable
or the same, the later path. When the dates decided, the message says so: "(exact copy from the
earlier article, dated 2024-02-01)". With `single-paragraph: true`, a single pasted paragraph
is reported the same way. Only fingerprints are kept of each article (no
text), and the corpus pass grows about linearly with the archive: two articles are compared
only when they share a fingerprint that only they hold, or a paragraph (its exact hash, or a
quarter of its fingerprints) held by a few more (up to 32: a passage pasted into several
articles is compared between the first of them and each other one, which grows with the
copies, not with their square). Text held by more articles pairs none: a copy is found through
its rarer text. Fingerprints that articles without the passage hold too (common phrases) are
no evidence of a copy, and one paragraph rewritten from two of the other article is background
retold, as a single shared paragraph is.

Versions of one story never copy each other: articles whose front matter gives the same
`story: <id>`, or whose file names `story-versions` reads as versions of one story
(`ecb-rates.md`, `ecb-rates-update-1.md`, `ecb-rates-update-2.md`, `ecb-rates_v3.md`,
`ecb-rates-corrected.md`; for an `index.md`, its folder's name). A name the pattern does not match
ties no articles together, so articles that share a slug in different folders are still
compared.

A file far longer than any article (over 400,000 characters of prose; the longest of 291 real
articles has 21,000), such as a feed export or an article pasted thousands of times with
`max-file-size` raised, is read in sections of that size: repeats inside each section as
above, and copies between sections as copies between articles are found (a single pasted
paragraph included), so memory follows the section, not the file.

News repeats itself on purpose, and these are not reported:

- boilerplate you list: `boilerplate` (passages) and `boilerplate-file` (a UTF-8 file of
  passages, one a paragraph, relative to the config file's folder; a missing file is a config
  error). A sentence whose words stand, in order, in one such passage (case, punctuation and
  wrapping aside) is never reported, here or across articles, and counts for nothing towards a
  repeat around it;

- passages under `min-words` words ("Read more", a photo credit, "（记者 王明 报道）"); sentences under
  `min-sentence-words` words never count towards a repeat;
- a later copy made only of questions (the same question put to several candidates);
- a pull-quote: a paragraph that is one quotation (perhaps with a "— Name" credit) repeating text
  of the article;
- a callout: a caption or pull-quote the site's markup sets apart (a Hugo `figure` caption, a
  `pullquote` shortcode, a `<figcaption>`) is never taken as a copy, nor as the original of one,
  here or across articles;
- a correction note, which quotes the old wording on purpose: a paragraph opening with
  "Correction:", "Clarification:", "Editor's note:", "Retraction:", "Erratum:" or "Amendment:"
  (bold, italic or bracketed, perhaps with a date: "**Correction (12 March):**"), or whose first
  sentence says "an earlier version of this article ..." or "this article has been corrected".
  It takes no part in a repeat, on either side;
- parallel sentences that report different facts: a near-duplicate that swaps a name for another
  name or a figure for another figure ("Knapp predicts 319 to 219" / "Gunzburger predicts 359 to
  179");
- in an interview transcript (`interview-tags` or more paragraphs open with a speaker tag such as
  `((WN))`, `Q:` or `**Name:**`), what a speaker says again in another answer: an answer opening
  with earlier text, the article quoting an answer, or a repeat under twice `min-words` words.
  Whole paragraphs pasted again word for word are still reported there;
- across articles: a single shared paragraph (background; `single-paragraph: true` reports it);
  lines under eight words (credits, "Read more"); questions, unless copied with the answers
  around them (the same questions put in a series of interviews; a question paragraph may open
  with a line of context); a template: a passage of at most three paragraphs that stands at the
  same edge -- the opening lines, or the closing lines (short lines such as credits aside) --
  of `template-articles` or more articles (a series intro, a sign-off, an "About us" or
  "Related" box), where it stands there. How many articles hold a passage never decides alone:
  pasted into the middle of any number of articles it is a copy in each, and adding a copy
  never hides another (still reported when repeated inside one article); and, between articles of one series
  (headlines sharing `series-headline-words` words), background paragraphs rewritten for the
  new article: only exact copies count between them.

## Why is this bad?
A paragraph pasted twice is the most common defect of copy that went through a CMS, a
translation tool or a language model rewrite, and a rewrite often leaves both versions in.
Readers notice at once; editors do not, because the copies are often far apart. A passage pasted
from another article is the same defect one level up, and can carry the wrong story's facts.

## Example
```text
3  The programme has cost more than expected, and the committee asked for a full review.
4  Tenant groups welcomed the vote.
5  The programme has cost far more than expected, and the committee asked for a complete review.
   <- repeated-block: line 5 repeats line 3 (near-duplicate, 90% similar)
```
Across articles (`2024/03/b.md` dated after `2024/02/a.md`):
```text
2024/03/b.md:12:1: repeated-block lines 12-14 repeat 2024/02/a.md lines 5-7 (exact copy from another article)
```

## Fix
`--fix` removes an exact later copy inside one article that consists of whole lines (the same
words; case, punctuation and wrapping may differ). Near-duplicates and copies from other articles
are reported, never changed.

## Measured
Paraphrases (`tests/data/paraphrase_pairs.json`, pairs of our own inserted into real Wikinews
articles): 33 of 34 found (the one missed drops a whole clause), no finding on 22 hard negatives
(ledes restated, quotes introduced then given, same topic with other facts) nor on the 291
articles as published. Before the paraphrase search: 0 of 34 found; lowering `similarity` to
0.5 finds 10 of 34 and reports one of the 291 published articles.

Labeled sets built from the 291 Wikinews articles (`tests/repeat_sets.py`, seeds 1-10, each
set checked in one run): file-level precision 1.00 for every defect kind; recall 1.00 for exact
copies, runs, near-duplicates and re-wrapped copies, 0.99 for sentences repeated inside a
paragraph and cross-article runs, 0.97 for a run pasted into the middle of two or three later
articles (each must be reported; before templates were placed by where they stand, a third copy
hid them all); no finding on 1,364 hard negatives (shared phrases, boilerplate lines, short
quotes, pull-quotes, single shared paragraphs, templates closing or opening four articles, the
articles as published). Corpus pass on 10,000 unique articles
(`benchmarks/bench_repeated_block.py`): `finalize` takes 1.6 s CPU (1.1 s before the pairing
through hubs) and finds the 10 injected runs. In other scripts
(`tests/script_sets.py`: two news stories in each of Chinese, Japanese, Thai, Korean, Arabic,
Russian and Spanish, 80 defects a language: exact copies, a clause dropped, a few characters
changed, two paragraphs copied into the other story): recall 0.97 Chinese, 1.00 Japanese, 0.97
Thai, 1.00 Korean, 1.00 Arabic, 0.99 Russian, 1.00 Spanish; no finding on the stories as
written nor on credit lines, short phrases and slogans repeated.
"""
from __future__ import annotations

import re
from pathlib import Path

from ...document import Document, is_blank
from ...finding import Fix, Location, Problem
from .. import Option
from .corpus import VERSION as SUMMARY_FORMAT
from .corpus import find_copies, focus_keys, story_pattern, summary, without_boilerplate  # noqa: F401 (focus_keys: the rule's own)
from .local import (
    CLOSING,
    SPEAKER_TAG,
    boilerplate_text,
    find_repeats,
    legitimate,
    long_chains,
    may_repeat,
    prose_words,
    sections,
    stream,
)
from .paraphrase import find_paraphrases, may_paraphrase
from .prose import read as read_prose

ID = "repeated-block"
SEVERITY = "error"
FIXABLE = True
SUMMARY_VERSION = SUMMARY_FORMAT  # what `collect` returns changes with it: cached summaries of another are stale
# Wire and CMS names of a story's later versions: `ecb-rates-update-2`, `ecb-rates_v3`,
# `ecb-rates-corrected`, `ecb-rates-refiled`; the story is the name before them.
STORY_VERSIONS = (
    r"(?i)^(?P<story>.+?)(?:[-_.](?:update|upd|version|ver|rev|v)[-_.]?\d{1,3}"
    r"|[-_.](?:updated|corrected|correction|refiled?|clarified))+$"
)
ENDING = CLOSING + "\n\t"  # what may follow a paragraph's last question mark
PARAPHRASE_UP_TO = 0.8  # the paraphrase search runs at this `similarity` or a looser one
OPTIONS = {
    "min-words": Option(int, 15, "shortest passage (in words) that is reported", minimum=1),
    "min-sentence-words": Option(int, 4, "shorter sentences (credits, captions) are never matched", minimum=1),
    "interview-tags": Option(int, 3, "speaker-tagged paragraphs that make an article an interview transcript", minimum=1),
    "similarity": Option(
        float, 0.8, "word-level similarity (0-1) at which two passages count as the same", minimum=0.5, maximum=1.0
    ),
    "paraphrase": Option(bool, True, "also report a paragraph that repeats an earlier one of the article in other words (with similarity at 0.8 or less)"),
    "across-articles": Option(bool, True, "also report passages copied from another article"),
    "cross-similarity": Option(
        float,
        0.4,
        "share (0-1) of a paragraph's fingerprints another article's paragraph must hold to count as its copy",
        minimum=0.1,
        maximum=1.0,
    ),
    "single-paragraph": Option(bool, False, "across articles, report a single shared paragraph too"),
    "article-share": Option(
        float,
        0.25,
        "across articles, report shared text above this share (0-1) of the later article",
        minimum=0.0,
        maximum=1.0,
    ),
    "template-articles": Option(
        int, 3, "a passage at the same opening or closing place of this many articles or more is a template there", minimum=3
    ),
    "boilerplate": Option(
        list, [], "passages never reported, here or across articles (matched word for word, sentence by sentence)", item_type=str
    ),
    "boilerplate-file": Option(
        str, "", "a UTF-8 file of boilerplate passages, one a paragraph (relative to the config file's folder)"
    ),
    "story-versions": Option(
        str,
        STORY_VERSIONS,
        "a regular expression on file names (no extension) marking versions of one story (its `story` "
        "group, or first group, names the story); versions never copy each other ('': off)",
    ),
    "series-headline-words": Option(
        int,
        4,
        "headlines sharing this many words mark a series, whose edited background paragraphs are not reported (0: off)",
        minimum=0,
    ),
}


def validate(options: dict) -> None:
    story_pattern(options.get("story-versions", ""))
    _boilerplate_passages(options)


def prepare(options: dict) -> dict:
    """Compile `story-versions` and read the boilerplate once per configuration."""
    return {
        **options,
        "_story_versions": story_pattern(options.get("story-versions", "")),
        "_boilerplate": boilerplate_text(_boilerplate_passages(options)),
    }


def _boilerplate_passages(options: dict) -> list[str]:
    """`boilerplate`, and the paragraphs of `boilerplate-file` (ValueError naming the key)."""
    passages = [p for p in options.get("boilerplate") or () if p.strip()]
    name = options.get("boilerplate-file") or ""
    if name:
        path = Path(options.get("_root", ".")) / name
        try:
            text = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise ValueError(f"boilerplate-file: {path} not found") from None
        except OSError as exc:
            raise ValueError(f"boilerplate-file: cannot read {path}: {exc.strerror or exc}") from None
        except UnicodeDecodeError:
            raise ValueError(f"boilerplate-file: {path} is not UTF-8 text") from None
        passages += [p.strip() for p in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")) if p.strip()]
    return passages


def _boilerplate(options: dict) -> str:
    if "_boilerplate" in options:
        return options["_boilerplate"]
    return boilerplate_text(options.get("boilerplate") or ())  # options not prepared (tests, plugins)


def check(document: Document, options: dict):
    """Repeats inside the article, each reported on its later copy. A file far longer than an
    article is read in sections (`local.sections`): repeats inside each, then copies
    between them, found as copies between articles are."""
    if _nothing_to_find(document, options):
        return  # most articles
    summaries = []
    for number, section in enumerate(sections(document)):
        yield from _repeats_in(section, options)
        if section is not document:
            summaries.append((f"{number:09d}", summary(section, options["min-words"], _boilerplate(options))))
    if len(summaries) > 1:
        yield from _copies_between_sections(summaries, options)


def _nothing_to_find(document: Document, options: dict) -> bool:
    """Whether the article's prose read once (`prose.read`: an article of one section) proves
    that `check` finds nothing: no seed chain (`_copies_in`), no two paragraphs to compare in
    other words (`_paraphrases_in`), no boilerplate to take apart."""
    if _boilerplate(options):
        return False
    prose = read_prose(document, options["min-words"])
    return prose is not None and not prose.chains and not prose.may_paraphrase


def _copies_between_sections(summaries, options: dict):
    # the sections of one file share a headline and a date: no series, order by position; one
    # paragraph pasted again is a repeat inside an article. Text in `template-articles`
    # sections or more is left to the check inside each section (bounded work).
    section_options = {
        **options, "series-headline-words": 0, "single-paragraph": True, "_story_versions": None, "_sections": True,
    }
    for copy in find_copies(summaries, section_options):
        first, last = copy.lines
        verb = "repeats" if first == last else "repeat"
        if copy.exact:
            what = "exact copy"
        else:
            what = "near-duplicate" if copy.share is None else f"{copy.share:.0%} of that part of the file"
        message = f"{_span('line', first, last)} {verb} {_span('line', *copy.original_lines)} ({what})"
        related = (Location(copy.original_lines[0], 1, copy.original_lines[1], message="the first copy"),)
        yield Problem(line=first, column=1, end_line=last, end_column=1, message=message, related=related)


def _repeats_in(document: Document, options: dict):
    reported: list[tuple[int, int]] = []  # lines of the copies reported
    for problem in _copies_in(document, options):
        reported.append((problem.line, problem.end_line))
        yield problem
    # asking for copies closer than the default similarity asks for no paraphrases either
    if options["paraphrase"] and options["similarity"] <= PARAPHRASE_UP_TO:
        yield from _paraphrases_in(document, options, reported)


def _copies_in(document: Document, options: dict):
    chains = _chains(document, options["min-words"])
    if not chains or not may_repeat(document, chains):
        return  # most articles: no sentences need be worked out (no chain), or only their lengths
    s = stream(document, options["interview-tags"], _boilerplate(options))

    def accept(repeat) -> bool:
        return legitimate(s, repeat, options["min-words"]) is None

    for repeat in find_repeats(s, options["similarity"], options["min-words"], options["min-sentence-words"], accept, chains):
        first, last = s.sentences[repeat.copy_first], s.sentences[repeat.copy_last]
        line, column = document.position(first.start)
        end_line, end_column = document.position(last.end - 1)
        original_start, original_end = s.sentences[repeat.original_first].start, s.sentences[repeat.original_last].end
        original = document.line_of(original_start), document.line_of(original_end - 1)
        original_line, original_column = document.position(original_start)
        original_end_line, original_end_column = document.position(original_end - 1)
        related = (Location(original_line, original_column, original_end_line, original_end_column + 1,
                            message="the first copy"),)
        message = f"{_span('line', line, end_line)} {'repeats' if line == end_line else 'repeat'} {_span('line', *original)}"
        fix = None
        if repeat.score == 1.0:
            message += " (exact copy)"
            fix = _whole_lines_fix(document, first.start, last.end)
        else:
            message += f" (near-duplicate, {min(99, round(repeat.score * 100))}% similar)"
        yield Problem(line=line, column=column, end_line=end_line, end_column=end_column + 1, message=message, fix=fix,
                      related=related)


def _paraphrases_in(document: Document, options: dict, reported: list[tuple[int, int]]):
    """Paragraphs that repeat an earlier one in other words (`paraphrase.py`). Not compared:
    a paragraph that asks (questions are put again on purpose), the turns of an interview
    transcript (a speaker says again what they said), boilerplate, and a paragraph already
    reported as a copy."""
    min_words = options["min-words"]
    boilerplate = _boilerplate(options)
    if not boilerplate and not _may_paraphrase(document, min_words):
        return  # most articles: no two paragraphs share enough words to be compared
    blocks = prose_words(document)
    tags = [bool(SPEAKER_TAG.match(block.text)) for block, _ in blocks]
    if sum(tags) >= options["interview-tags"]:
        blocks_before = tags.index(True)  # a transcript: from its first speaker tag on, turns only
        tags[blocks_before:] = [True] * (len(tags) - blocks_before)
    paragraphs = []
    for (block, words), tagged in zip(blocks, tags):
        if tagged or len(words) < min_words or block.text.rstrip(ENDING).endswith("?"):
            paragraphs.append(None)
            continue
        if reported and any(first <= block.end_line and block.start_line <= last for first, last in reported):
            paragraphs.append(None)
            continue
        if boilerplate:
            words = without_boilerplate(document, block, boilerplate)
        paragraphs.append((block.text, words))
    for found in find_paraphrases(paragraphs, options["min-words"]):
        copy, original = blocks[found.copy][0], blocks[found.original][0]
        lines = _span("line", copy.start_line, copy.end_line)
        message = (
            f"{lines} {'repeats' if copy.start_line == copy.end_line else 'repeat'} "
            f"{_span('line', original.start_line, original.end_line)} in other words (paraphrase)"
        )
        related = (Location(original.start_line, 1, original.end_line, message="the first wording"),)
        yield Problem(line=copy.start_line, column=1, end_line=copy.end_line, end_column=len(document.lines[copy.end_line - 1]) + 1,
                      message=message, related=related)


def _chains(document: Document, min_words: int) -> list:
    """`long_chains` of the article's prose: from its words read once (`prose.read`), compiled,
    or from `prose_words`."""
    prose = read_prose(document, min_words)
    if prose is not None:
        return prose.chains
    return long_chains([words for _, words in prose_words(document)], min_words)


def _may_paraphrase(document: Document, min_words: int) -> bool:
    """`may_paraphrase` of the article's prose, as `_chains` reads it."""
    prose = read_prose(document, min_words)
    if prose is not None:
        return prose.may_paraphrase
    return may_paraphrase([words for _, words in prose_words(document)], min_words)


def collect(document: Document, options: dict) -> dict:
    """Fingerprints of the article's paragraphs for the corpus pass (JSON-ready, no text), and
    the story it is a version of, when its front matter says (`story: <id>`)."""
    found = summary(document, options["min-words"], _boilerplate(options))
    story = (document.front_matter or {}).get("story")
    if isinstance(story, (str, int)) and not isinstance(story, bool) and str(story).strip():
        found["story"] = str(story).strip()
    return found


def finalize(entries, options: dict, focus: set[str] | None = None, processes: int = 1, previous=None):
    """Passages copied from one article into a later one, reported on the later article (with
    `focus`, only those into or out of the articles it names; `processes`: how many the run may
    use; `previous`: what the last whole pass kept, see `find_copies`)."""
    if not options["across-articles"]:
        return
    for copy in find_copies(entries, options, focus, processes, previous):
        first, last = copy.lines
        lines = _span("line", first, last)
        verb = "repeats" if first == last else "repeat"
        original = f"{copy.earlier} {_span('line', *copy.original_lines)}"
        # which article is taken as the original, and why: the earlier date, when both are
        # dated (else the path that sorts first, the article named)
        source = "another article" if copy.dated is None else f"the earlier article, dated {copy.dated}"
        if copy.share is None:
            kind = "exact copy" if copy.exact else "near-duplicate"
            message = f"{lines} {verb} {original} ({kind} from {source})"
        else:
            that = "that article" if copy.dated is None else f"that earlier article, dated {copy.dated}"
            message = f"{lines} {verb} {original}: {copy.share:.0%} of this article is text from {that}"
        related = (Location(copy.original_lines[0], 1, copy.original_lines[1], path=copy.earlier, message="the copy in the other article"),)
        yield copy.later, Problem(line=first, column=1, end_line=last, end_column=1, message=message, related=related)


def _span(noun: str, first: int, last: int) -> str:
    return f"{noun} {first}" if first == last else f"{noun}s {first}-{last}"


def _whole_lines_fix(document: Document, start: int, end: int) -> Fix | None:
    """Remove the copy when it fills whole lines; a copy sharing a line with other text is
    left for an editor."""
    first, last = document.line_of(start) - 1, document.line_of(end - 1) - 1
    lines = document.lines
    if lines[first][: start - document.line_starts[first]].strip() or lines[last][end - document.line_starts[last] :].strip():
        return None
    begin = document.line_starts[first]
    after = last + 1
    if first > 0 and is_blank(lines[first - 1]):
        while after < len(lines) and is_blank(lines[after]):
            after += 1  # keep one blank line between the neighbours, not two
    if after >= len(lines):
        # the copy ends the file: remove back to the end of the last line we keep, keeping
        # the file's final line ending (or its absence) as it was
        keep = first - 1
        while keep >= 0 and is_blank(lines[keep]):
            keep -= 1
        if keep < 0:
            return None
        begin = document.line_starts[keep] + len(lines[keep])
        return Fix(begin, len(document.text), document.line_endings[-1] and document.line_endings[keep])
    return Fix(begin, document.line_starts[after], "")
