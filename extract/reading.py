"""The walk over a document's sentences, with what a reader holds in mind on the way (`extract.passage`).

Left to right, one sentence at a time: a new paragraph or a new statement (a full stop, not a semicolon)
tells the `Passage`; each figure first brings the passage up to where it stands (`Passage.advance`: the
places, references, time cues and headings before it), then becomes a claim (`extract.claims`); the cells
of a flattened statistical table on the sentence's line too. After the walk, a headline figure takes the
metric of the same figure stated in the text.
"""
from __future__ import annotations

import bisect

import regex

from extract.claims import (PLAN_OPENER, RESPECTIVELY, Assigned, figure_claim, headline_figures, headline_times,
                            listed_changes, respectively, table_claim)
from extract.flat_tables import TableCell, find_flat_tables
from extract.groups import PART_OPENER
from extract.numbers import find_quantities
from extract.passage import DocumentContext, Passage, after_semicolon
from extract.regions import Gazetteer
from extract.timeframe import find_time_cues
from extract.vocabulary import alternation, read_table

# how far back a statement's kind cues (预期目标是：…；…) reach, in characters: a statement of thousands of
# semicolon-joined sentences (a hostile file) must not make each figure look across all of them
MAX_STATEMENT = 2000

# 她每月收入3000元, 张女士家一年增收2万元: a figure about one person or household is not a claim about a region
_PRONOUNS = ("他", "她")
_ADDRESSED = ("女士", "先生", "大爷", "大妈", "阿姨", "老人")
_ONE_PERSON = regex.compile(rf"(?:^|[，,。；;：:“])(?:{'|'.join(_PRONOUNS)}|\p{{Han}}{{1,2}}(?:{'|'.join(_ADDRESSED)}))"
                            r"(?:家|的|们家|一家|每月|每年|一个月|一年|月收入|年收入)")
# every match holds one of these words: a sentence without any (most) is not scanned; a test of the words, not of
# their first characters (大, 老 and 先 stand in most sentences), since the scan costs ~100 µs a sentence
_PERSON_WORDS = _PRONOUNS + _ADDRESSED


# a numbered heading line (二、2024年工作安排 · （三）今年重点任务 · 第二部分 …): it opens a section of the report
_SECTION_NUMBER = r"(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[）)]|第[一二三四五六七八九十]{1,3}部分)"
_NUMBERED_HEADING = regex.compile(rf"^\s*{_SECTION_NUMBER}[^。；;！？!?\n]{{0,30}}$")
# a heading line that names the plan, numbered or not (下一步工作打算 · 2024年工作安排): no sentence, no colon
_HEADING_CHAR = r"[^。；;！？!?\n，,：:]"
_PLAN_HEADING = regex.compile(rf"^\s*{_SECTION_NUMBER}?{_HEADING_CHAR}{{0,16}}?"
                              rf"(?:{alternation(r['word'] for r in read_table('plan_headings.csv'))}){_HEADING_CHAR}{{0,8}}$")


def _plan_section(line: str, in_section: bool) -> bool:
    """Is the text from this line on a section of goals? A numbered heading that names the plan opens one
    (二、2024年工作安排), any other numbered heading (三、…工作回顾) closes it; other lines change nothing."""
    if _PLAN_HEADING.match(line):
        return True
    return in_section and not _NUMBERED_HEADING.match(line)


def _inside_brackets(sentence: str, at: int) -> bool:
    """Does sentence[at] stand inside a bracket opened before it in the sentence?"""
    before = sentence[:at]
    return before.count("(") + before.count("（") > before.count(")") + before.count("）")


def _about_one_person(sentence: str) -> bool:
    return any(word in sentence for word in _PERSON_WORDS) and bool(_ONE_PERSON.search(sentence))


def extract_claims(ctx: DocumentContext, sentences: list[tuple[int, int]], gazetteer: Gazetteer) -> list[dict]:
    """Every claim of a document, in the order its figures stand; `sentences` are (start, end) offsets."""
    passage = Passage.of(ctx, gazetteer)
    cells_by_line: dict[int, list[TableCell]] = {}
    starts = [s for s, _ in sentences]
    for cell in find_flat_tables(ctx.view):  # rows have no unit words, so find_quantities never sees them
        line = starts[bisect.bisect_right(starts, cell.start) - 1]
        cells_by_line.setdefault(line, []).append(cell)
    claims: list[dict] = []
    topic: Assigned | None = None  # the figure before, for 其中 … and 同比增长 …
    statement_start = 0  # sentences joined by semicolons make one statement (预期目标是：…；…；…)
    in_plan = False  # the paragraph has said it lays out what is still to be done (下一步，…将…)
    plan_section = False  # under a numbered heading that names the plan (二、2024年工作安排)
    for s_start, s_end in sentences:
        sentence_view = ctx.view[s_start:s_end]
        if s_start == 0 or ctx.view[s_start - 1] == "\n":
            passage.new_paragraph()
            line_end = ctx.view.find("\n", s_start)
            plan_section = _plan_section(ctx.view[s_start:len(ctx.view) if line_end < 0 else line_end], plan_section)
            in_plan = plan_section
        in_plan = in_plan or bool(PLAN_OPENER.match(sentence_view))
        if not after_semicolon(ctx.view, s_start):
            # a semicolon joins parallel statements; a full stop ends the figure's reach, unless the next
            # sentence opens with 其中 and lists the figure's parts (…5.6万人。其中，高校毕业生2.3万人。)
            if not (topic is not None and sentence_view.startswith(PART_OPENER) and ctx.view[s_start - 1] != "\n"):
                topic = None
            statement_start = s_start
            passage.new_statement()

        previous_end = 0
        quantities = find_quantities(sentence_view)
        if quantities and _about_one_person(sentence_view):  # asked only where there are figures
            quantities = []
        # 省内就业60.27万人(市内39.54万人、市外20.73万人)，占转移就业总人数的52.11%: a bracketed aside's figures
        # are parts; the figure after the bracket speaks of the one before it again
        has_brackets = "(" in sentence_view or "（" in sentence_view
        in_aside, topic_before_aside = False, topic
        for q in quantities:
            if has_brackets:
                inside = _inside_brackets(sentence_view, q.start)
                if inside and not in_aside:
                    topic_before_aside = topic
                elif in_aside and not inside:
                    topic = topic_before_aside
                in_aside = inside
            start = s_start + q.start
            passage.advance(start)
            claim, topic = figure_claim(ctx, passage, sentence_view, s_start, q, topic, previous_end,
                                        statement_left=ctx.view[max(statement_start, start - MAX_STATEMENT):start],
                                        in_plan=in_plan)
            previous_end = q.end
            claims.append(claim)
        if len(quantities) > 1 and RESPECTIVELY in sentence_view:
            respectively(sentence_view, quantities, claims[len(claims) - len(quantities):])
        elif len(quantities) > 1 and "、" in sentence_view:
            listed_changes(sentence_view, quantities, claims[len(claims) - len(quantities):])
        for cell in cells_by_line.get(s_start, ()):
            passage.advance(cell.start)
            claims.append(table_claim(ctx, passage, cell, s_start, s_end))
        passage.advance(s_end)
    headline_figures(ctx.view, claims)
    headline_times(ctx.view, claims, lambda text: bool(find_time_cues(text)))
    return claims
