"""Text stage: clean a document body, give a reading view, split sentences.

All functions are pure (no I/O besides loading the small vocabulary tables
beside this module once, at import).

- `clean_text(body)` is the text claims point into and users read: characters
  stay as written (traditional stays traditional); only damage is repaired —
  line endings, injected pinyin, lines broken mid-sentence.
- `reading_view(text)` is a same-length shadow of the text for matching:
  traditional → simplified, full-width → ASCII.  Because it is char-for-char,
  a match at [s:e] in the view is the same span in the text.
- `split_sentences(text)` gives (start, end) spans into the text.
"""
from __future__ import annotations

from functools import lru_cache

import re as stdlib_re

import opencc
import regex as re

from extract.vocabulary import read_table



# ---------------------------------------------------------------------------
# Injected pinyin: a damaged converter wrote the reading after each converted
# character: 實現(xiàn) 1100萬(wàn)人 就業(yè).  We only remove a parenthesised *valid
# pinyin syllable* right after a Han character, so (村) (市) (xx) (GDP) (2022)
# and (app) stay.  The syllable grammar is initial + final, each vowel in any
# tone; ü may be written v.

_A, _O, _E = "[aāáǎà]", "[oōóǒò]", "[eēéěè]"
_I, _U, _V = "[iīíǐì]", "[uūúǔù]", "[üǖǘǚǜv]"
_INITIAL = "(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])"
_FINALS = [  # longest first so the alternation prefers the full final
    f"{_I}{_A}ng", f"{_I}{_O}ng", f"{_U}{_A}ng", f"{_U}{_E}ng",
    f"{_I}{_A}{_O}", f"{_U}{_A}{_I}", f"{_I}{_A}n", f"{_U}{_A}n", f"{_V}{_A}n",
    f"{_A}ng", f"{_E}ng", f"{_O}ng", f"{_I}ng",
    f"{_A}{_I}", f"{_E}{_I}", f"{_A}{_O}", f"{_O}{_U}", f"{_A}n", f"{_E}n", f"{_E}r",
    f"{_I}{_A}", f"{_I}{_E}", f"{_I}{_U}", f"{_I}n", f"{_U}{_A}", f"{_U}{_O}",
    f"{_U}{_I}", f"{_U}n", f"{_V}{_E}", f"{_V}n",
    _A, _O, _E, _I, _U, _V,
]
_SYLLABLE = f"{_INITIAL}?(?:{'|'.join(_FINALS)})"
_ONE_READING = rf"""[(（]             # ASCII or full-width opening paren
           (?i:{_SYLLABLE})  # exactly one pinyin syllable, with or without its tone mark; a name's may be capitalised: 株洲(Zhū)
           [1-5]?            # or its tone as a digit: 萬(wan4)
           [)）]"""
_INJECTED_PINYIN = re.compile(
    rf"""(?<=\p{{Han}})      # right after a Han character
        (?:(?:{_ONE_READING})+  # once, or repeated by a converter run twice: 萬(wan)(wan)
           |[ ](?:{_ONE_READING})+(?:[ ](?=\p{{Han}}))?  # set off by spaces on both sides: 萬 (wàn) 人; a space
        )                    # after a reading not set off (中國網(wǎng) 發布時間) separates two fields and stays
        """,
    re.VERBOSE,
)


def remove_injected_pinyin(text: str) -> str:
    """就業(yè) → 就業; 1100萬(wàn)人 → 1100萬人; 12.3萬(wan)(wan)人 → 12.3萬人; 1.2萬 (wàn) 人 → 1.2萬人; 社区(村) stays.

    >>> remove_injected_pinyin("實現(xiàn)1100萬(wàn)人就業(yè)，全縣(xian)(xian)12.3萬(wan)(wan)人(ren)，社区(村)")
    '實現1100萬人就業，全縣12.3萬人，社区(村)'
    """
    return _INJECTED_PINYIN.sub("", text)


# ---------------------------------------------------------------------------
# Lines broken mid-sentence (PDF newspaper columns, HTML paragraphs split in
# the middle of a word).  A line is joined to the next non-blank line when it
# is prose that stops without final punctuation and the next line is not a
# heading.  Headlines are short and rarely carry clause commas, so "prose"
# means: long enough and containing a clause comma.

_FINAL = tuple("。！？；：…”」』!?;:")  # a line ending in one of these is complete
_CLAUSE = re.compile(r"[，,、]")
_MIN_PROSE = 40  # characters; headlines in the corpus are shorter
_MIN_LISTING_PROSE = 20  # a shorter line with two clause commas or more is prose too
_HEADING = re.compile(r"^(?:【.*】|[（(]?[一二三四五六七八九十]+[、.．)）]|\d+[、.．](?!\d)|[#•·●■◆▪*-])")
# …19.1%。(苏晓琼): a credit in brackets after the final stop still ends the line
_CREDIT_END = re.compile(r"[。！？!?]\s*[（(][^()（）]*[)）]$")
# a photo caption that a PDF page dropped into the middle of a sentence
_CAPTION = re.compile(r"(?:资料图|資料圖|摄|攝)[)）]?。?$|[（(]资料图[)）]")
_CLAUSE_PUNCTUATION = re.compile(r"[，,。；]")
# one digit is enough to tell; [\d.]+ made every line with a long run of digits inside quadratic (140k digits: 8 min)
_NUMBER_END = re.compile(r"[\d.][万亿千百]?$")
_UNIT_START = re.compile(r"^[万亿千百]?[名人个家户场次条元%％位项]")
_DECIMAL_POINT_END = re.compile(r"\d\.$")
_DECIMALS_START = re.compile(r"^\d{1,6}[万亿千百]?[名人个家户场次条元%％位项]")


def _is_heading(line: str) -> bool:
    """【春风行动】, 一、…, 1.…, or a short line with no clause punctuation."""
    return bool(_HEADING.match(line)) or (len(line) < 30 and not _CLAUSE_PUNCTUATION.search(line))


def _continues(line: str, nxt: str) -> bool:
    """Does `nxt` carry on the sentence that `line` left unfinished?"""
    # (a paragraph grows as lines join it: the end patterns are tried only where they can match, at its end)
    if not line or not nxt or line.endswith(_FINAL) or (line.endswith((")", "）")) and _CREDIT_END.search(line)):
        return False
    # a number ending the line, if any, can be cut down to its last digit and multiplier: two characters
    if _NUMBER_END.search(line, max(0, len(line) - 2)) and _UNIT_START.match(nxt):
        return True  # 3.96万 | 名一线劳动者: a number split from its unit
    if _DECIMAL_POINT_END.search(line, max(0, len(line) - 2)) and _DECIMALS_START.match(nxt):
        return True  # 12. | 3万人: a number split at its decimal point (a line never ends a sentence with 12.)
    if _HEADING.match(line) or _is_heading(nxt):
        return False
    # prose: long with a clause comma, or shorter with several (a headline has one at most)
    return (len(line) >= _MIN_PROSE and bool(_CLAUSE.search(line))) or (
        len(line) >= _MIN_LISTING_PROSE and len(_CLAUSE.findall(line)) >= 2)


def join_broken_lines(text: str) -> str:
    """Join each unfinished prose line to the line that continues it.

    A photo caption between the two halves (PDF pages) is moved to just after
    the re-joined paragraph, so 公共就 | caption | 业服务水平 reads 公共就业服务水平.

    >>> join_broken_lines("为各类用人单位和劳动力搭建供需对接平台，坚持每月10日举办招聘会，积极搭建平台，多\\n\\n渠道促进就业。")
    '为各类用人单位和劳动力搭建供需对接平台，坚持每月10日举办招聘会，积极搭建平台，多渠道促进就业。'
    """
    out: list[str] = []
    blanks = 0  # blank lines seen since the last kept line
    held: list[str] = []  # captions lifted out of a broken sentence
    for line in text.split("\n"):
        if not line:
            blanks += 1
            continue
        joins = bool(out) and _continues(out[-1], line)
        if joins and _CAPTION.search(line):
            held.append(line)
            continue
        if joins:
            joined = out.pop()  # held only here, so += grows it in place instead of copying it
            joined += (" " if joined[-1].isascii() and line[0].isascii() and line[0].isalpha() else "") + line
            out.append(joined)
        else:
            for caption in held:
                out.extend(["", caption])
            held = []
            out.extend([""] * blanks)
            out.append(line)
        blanks = 0
    for caption in held:
        out.extend(["", caption])
    out.extend([""] * blanks)
    return "\n".join(out)


_BLANK_RUN = re.compile(r"\n{3,}")
_HAN_SPACES = re.compile(r"(?<=\p{Han}) {2,}(?=\p{Han})")
_ZERO_WIDTH = {"\ufeff": "", "\u200b": "", "\u200c": "", "\u200d": "", "\xa0": " "}


def clean_text(body: str) -> str:
    """The text users read and claims point into.

    Steps, in order: unify line endings; drop zero-width characters and turn
    no-break spaces into spaces; remove injected pinyin; strip each line;
    join lines broken mid-sentence; collapse space runs between Han
    characters (潘   庆 → 潘 庆; spaces inside numbers such as 1 1 00万 are
    left for the number parser); keep at most one blank line in a row.
    """
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    for char, replacement in _ZERO_WIDTH.items():  # str.replace scans fast; str.translate looks up every character
        text = text.replace(char, replacement)
    text = remove_injected_pinyin(text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = join_broken_lines(text)
    text = _HAN_SPACES.sub(" ", text)
    text = _BLANK_RUN.sub("\n\n", text)
    return text.strip()


# ---------------------------------------------------------------------------
# Reading view.

_VARIANTS = {row["variant"]: row["standard"] for row in read_table("variants.csv")}
_FULLWIDTH = {chr(c): chr(c - 0xFEE0) for c in range(ord("０"), ord("９") + 1)}
_FULLWIDTH |= {chr(c): chr(c - 0xFEE0) for c in range(ord("Ａ"), ord("Ｚ") + 1)}
_FULLWIDTH |= {chr(c): chr(c - 0xFEE0) for c in range(ord("ａ"), ord("ｚ") + 1)}
_FULLWIDTH |= {ch: chr(ord(ch) - 0xFEE0) for ch in "．％＋－：（）／"}
_FULLWIDTH["\u3000"] = " "  # ideographic space
_CHAR_MAP = _FULLWIDTH | _VARIANTS
# str.translate looks every character up; a class of the few mapped ones finds them far faster (20 ms -> 1 ms
# over the dev corpus), since most of a Chinese text is left as it is.
_MAPPED_CHAR = stdlib_re.compile("[" + "".join(map(stdlib_re.escape, sorted(_CHAR_MAP))) + "]")  # 4x regex's speed here


@lru_cache(maxsize=1)
def _t2s() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def _simplify_lines(text: str) -> str:
    """`_simplify` of each line, in one OpenCC call for the whole text: OpenCC's phrases never span a line
    break, so the text converts as its lines do; only a line whose length changed is done again alone."""
    lines = text.splitlines(keepends=True)
    converted = _t2s().convert(text).splitlines(keepends=True)
    if len(converted) != len(lines):
        return "".join(map(_simplify, lines))
    return "".join(new if len(new) == len(line) else _simplify(line) for line, new in zip(lines, converted))


def _simplify(chunk: str) -> str:
    """OpenCC t2s, kept char-for-char: if the phrase-level conversion changes
    the length, convert one character at a time (and keep any character whose
    own conversion is not exactly one character)."""
    converted = _t2s().convert(chunk)
    if len(converted) == len(chunk):
        return converted
    out = []
    for ch in chunk:
        c = _t2s().convert(ch)
        out.append(c if len(c) == 1 else ch)
    return "".join(out)


# A document's text is read again by its signature, its title and source by the metadata readers and by
# process_document: 6 calls in 16 repeat one of the last few (~70 % of the time spent here). A few entries
# only: a document's texts are asked for while it is processed, and a large file is not kept alive long.
@lru_cache(maxsize=16)
def reading_view(text: str) -> str:
    """Same-length view for matching: simplified characters, ASCII digits,
    letters and ．％＋－：（）／, ASCII space for the ideographic space.
    Chinese ，。；！？ stay as they are.

    >>> reading_view("城鎮新增就業１１００萬人（２０２２年）")
    '城镇新增就业1100万人(2022年)'
    """
    view = _simplify_lines(text)
    view = _MAPPED_CHAR.sub(lambda m: _CHAR_MAP[m.group()], view)
    assert len(view) == len(text), "reading_view must preserve length"
    return view


# ---------------------------------------------------------------------------
# Sentences.

_SENTENCE = re.compile(
    r"""[^\S\n]*                      # leading spaces are not part of it
        (?P<body>
          [^。！？；!?;\n]*            # anything up to a terminator
          (?:[。！？；!?;]+            # the terminator(s) …
             [”’」』"')）]*            # … with the closing quote that follows
          )?
        )""",
    re.VERBOSE,
)


# The longest sentence of the corpora has 349 characters.  A run of thousands without a stop (a minified
# page, a table flattened into one line, a hostile file) is cut at clause breaks, so that no step that
# looks across a sentence ever looks across megabytes.
MAX_SENTENCE = 1000
_SENTENCE_CUTS = "，,、；; "


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences: each ends at 。！？；!?; (keeping a closing quote,
    e.g. 。”) or at a line break; trailing spaces trimmed; empty ones skipped.
    A sentence longer than MAX_SENTENCE is cut after its last clause break
    within that length (or at that length, when it has none).

    >>> t = "他说：“很暖心。”王拥政说。\\n【春风行动】"
    >>> [t[s:e] for s, e in split_sentences(t)]
    ['他说：“很暖心。”', '王拥政说。', '【春风行动】']
    """
    spans = []
    # The pattern matches empty only before a line break; finditer then steps over it, as it should.
    for m in _SENTENCE.finditer(text):
        start, end = m.span("body")
        if start == end:
            continue  # before a line break
        # most sentences end in a stop, not a space: only those that do are copied to be stripped
        stripped_end = start + len(text[start:end].rstrip()) if text[end - 1].isspace() else end
        while stripped_end - start > MAX_SENTENCE:
            cut = max(text.rfind(ch, start, start + MAX_SENTENCE) for ch in _SENTENCE_CUTS) + 1
            cut = cut if cut > start else start + MAX_SENTENCE
            spans.append((start, cut))
            start = cut
        if stripped_end > start:
            spans.append((start, stripped_end))
    return spans
