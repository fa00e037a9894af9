"""The time a page's figures have when their passage names none: the year (and part of it) its title names,
or failing that the year its head or lead states. `extract.passage.Passage` starts every passage from it."""
from __future__ import annotations

from typing import TYPE_CHECKING

from extract.events import HEADING_MAX, PLAN_AFTER
from extract.read.metadata import is_date_line
from extract.timeframe import find_time_cues, resolve_year

if TYPE_CHECKING:  # a type only: passage imports this module
    from extract.passage import DocumentContext

HEAD_LINES = 2  # where a page without a title names its subject (a crumb line, a headline)


def default_time(ctx: DocumentContext) -> tuple[str, str, str]:
    """The time a figure has when its passage names none: the year and part of it the title names; failing
    a year there, the year the page's head names (a crumb trail, a PDF headline) or its opening paragraph states.
    Only a title sets the part of the year: a body's 10月份 is about its own sentence. Third, how the year was
    found (contract.YEAR_BASES): in the title (heading), in the page's head or lead (document), or not (none)."""
    year, period = "", ""
    title_cues = _framing(find_time_cues(ctx.title_view))
    for cue in title_cues:
        if year and PLAN_AFTER.match(ctx.title_view, cue.end):
            continue  # 2022年工作总结和2023年工作计划: the figures are the review's; the plan's year has its own heading
        year = resolve_year(cue.year_rule, ctx.pub_year, year) or year
        # a title's day (5月20日…) names no part of the year, nor does its 今年以来 without an event's month, nor 近日
        period = (cue.period if not cue.holds and "{" not in cue.period else "") or period
    # a date line (阿拉善盟统计局 / 2021年3月9日) says when the page appeared, not the year it reviews
    lines, lead = [], ""
    for line in ctx.view.split("\n"):  # only the head and the lead are read: is_date_line is not cheap
        if line.strip() and not is_date_line(line):
            lines.append(line)
            lead = lead or (line if len(line.strip()) > HEADING_MAX else "")
            if lead and len(lines) >= HEAD_LINES:
                break
    for text in ("\n".join(lines[:HEAD_LINES]), lead):
        if not year:  # 一季度云南…实现双增长 / …2021年一季度末，云南省外出从业农村劳动力总量为587万人
            year = next((y for c in _framing(find_time_cues(text)) if c.year_rule != "{in_force}"
                         and (y := resolve_year(c.year_rule, ctx.pub_year, ""))), "")
    in_title = any(resolve_year(c.year_rule, ctx.pub_year, "") for c in title_cues)
    return year, period, ("heading" if in_title else "document") if year else "none"


def _framing(cues: list) -> list:
    """The cues that may frame a document: not a figure's own time (连续6年, 截至去年底) nor a year merely
    mentioned (成立于1953年). In the head, a cue of the year in force (3月份, 1月21日电) tells nothing either: none
    is in force but the publication's; a dated report (——2025年9月22日在…会议上) tells its year."""
    return [c for c in cues if c.holds not in ("statement", "figure", "own") and c.year_rule != "{none}"]
