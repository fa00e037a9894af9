"""Claims: each quantity of a document, tied to a metric, a kind, a region and a year.

What one figure becomes on the walk over a document (`extract.reading`): it
takes the region and time in force where it stands (`extract.passage`: 我市 and
全区 resolved against the publisher and the passage, 去年 against the publication
date), a metric from the cue words around it (`tables/metric_cues.csv`, the unit must fit) and a kind
with its sign from `tables/kind_cues.csv` (both read in `extract.cues`). Cells of
flattened statistical tables (`extract.flat_tables`) become claims the same way.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

import regex

from extract.flat_tables import TableCell
from extract.cues import (after_publication, bare_clause, before_publication, compatible, counts_a_noun, kind_of,
                          last_cue, metrics, nearest_cue, opens_new_statement)
from extract.groups import PART_OPENER, group_of, group_of_the_clause_before, names_only_a_group, part_named
from extract.numbers import Quantity
from extract.passage import DocumentContext, Passage

CLAUSE_BREAK = regex.compile(r"[，,；;。！？!?\n]")  # not the colon: 城镇新增就业人数：2023年达到38156人
_LAST_CLAUSE_BREAK = regex.compile(r"(?r)" + CLAUSE_BREAK.pattern)  # searched from the right: the last one
FOLLOWING = 40  # how far after its figure the next clause may say what the figure was (…以内，低于年度控制指标)


@dataclass
class Assigned:
    metric: str = "other"
    label: str = ""
    group: str = ""  # the population the figure is about (extract.groups); a part or change of it keeps it


# a figure that heads its line (1066万人：2015年前三季度，… · 1361万人！我国城镇新增就业…) or makes a short
# headline of its own (3.1%背后的民生温度) names the figure the text then states
HEADLINE_AFTER = "：:!！ "
HEADLINE_LENGTH = 30


def headline_figures(view: str, claims: list[dict]) -> None:
    """A headline figure that no cue of its own names takes the metric and kind of the same figure stated
    elsewhere in the document (the nearest after it, else before it)."""
    stated: dict[tuple[float, str], list[dict]] = {}
    for claim in claims:
        if claim["metric"] != "other":
            stated.setdefault((abs(claim["value"]), claim["unit"]), []).append(claim)
    if not stated:
        return
    for claim in claims:
        start, end = claim["start"], claim["end"]
        if claim["metric"] != "other" or (start and view[start - 1] != "\n"):
            continue
        line_end = view.find("\n", end)
        line_end = len(view) if line_end < 0 else line_end
        if not (view[end:end + 1] in tuple(HEADLINE_AFTER) or line_end - start <= HEADLINE_LENGTH):
            continue
        same = stated.get((abs(claim["value"]), claim["unit"]))
        if not same:
            continue
        source = next((c for c in same if c["start"] > start), same[-1])
        claim.update(metric=source["metric"], kind=source["kind"], value=source["value"],
                     value_low=source["value_low"], value_high=source["value_high"])


def headline_times(view: str, claims: list[dict], has_time) -> None:
    """A figure in a headline line that names no time of its own (湖南城镇新增就业34.9万人) is the same figure the body
    states with its time (截至5月底，城镇新增就业34.9万人): it takes that figure's year and part of the year.
    `has_time(text)`: whether a text names a time."""
    stated: dict[tuple[float, str], list[dict]] = {}
    for claim in claims:
        if claim["metric"] != "other":
            stated.setdefault((claim["value"], claim["metric"]), []).append(claim)
    for claim in claims:
        start = view.rfind("\n", 0, claim["start"]) + 1
        end = view.find("\n", claim["end"])
        line = view[start:len(view) if end < 0 else end]
        if len(line.strip()) > HEADLINE_LENGTH:  # 1066万人：2015年前三季度，…1066万人: the figure heads its line
            if claim["start"] != start or view[claim["end"]:claim["end"] + 1] not in tuple(HEADLINE_AFTER):
                continue
            line = view[start:claim["end"]]
        if claim["metric"] == "other" or has_time(line):
            continue
        body = [c for c in stated.get((claim["value"], claim["metric"]), ())
                if c is not claim and not start <= c["start"] < start + len(line)
                and c["year_basis"] in ("sentence", "relative_to_date")]
        if body:
            source = next((c for c in body if c["start"] > claim["start"]), body[-1])
            claim.update({key: source[key] for key in ("year", "year_from", "year_to", "period", "year_basis")})


RESPECTIVELY = "分别"


# the items of a list of things named before 分别 (城镇新增就业、再就业和困难人员就业分别…)
_LIST_ITEM_MARK = regex.compile(r"[、和及与]")
_CLAUSE_BEFORE = regex.compile(r"[，,；;。：:]")


def _listed_metrics(sentence: str, at: int, quantities: list[Quantity], listed: list[dict]) -> bool:
    """城镇新增就业、失业人员再就业、就业困难人员就业分别完成1.2万人、3000人、800人: when each item of the
    list before 分别 names a metric and there are as many items as figures after it, the i-th figure is
    the i-th item's. Returns whether it paired them."""
    clause_start = max((m.end() for m in _CLAUSE_BEFORE.finditer(sentence, 0, at)), default=0)
    items = _LIST_ITEM_MARK.split(sentence[clause_start:at])
    if len(items) != len(listed):
        return False
    paired = [last_cue(item, q, claim["kind"]) for item, q, claim in zip(items, quantities, listed)]
    if not all(paired) or len({metric for metric, _ in paired}) < 2:
        return False  # one metric for all (培训农民工、退役军人分别…) leaves the figures as they were
    for claim, (metric, _) in zip(listed, paired):
        claim["metric"] = metric
    return True


def _share_the_first_kind(listed: list[dict]) -> None:
    """分别同比增长5%和3%, 分别比上年增加2000人和500人: the change or share word before the list is every
    member's, with its sign, when the others say nothing of their own (level, same unit)."""
    first = listed[0]
    if first["kind"] not in ("share", "change"):
        return
    rest = listed[1:]
    if any(c["kind"] != "level" or c["unit"] != first["unit"] for c in rest):
        return
    sign = -1 if first["kind"] == "change" and first["value"] < 0 else 1
    for claim in rest:
        claim["kind"] = first["kind"]
        claim["period"] = first["period"]
        if sign < 0:
            claim["value"], claim["value_low"], claim["value_high"] = (
                -claim["value"], -claim["value_high"], -claim["value_low"])


def respectively(sentence: str, quantities: list[Quantity], sentence_claims: list[dict]) -> None:
    """新增就业1.1万人，再就业4400人，困难人员就业2000人，分别完成年计划的76%、89%和80%: the n shares or changes
    listed after 分别 belong, in order, to the last n figures stated before it, not all to the nearest;
    the figures after a list of metrics and 分别 belong to the listed metrics in order (`_listed_metrics`)."""
    said = [m.start() for m in regex.finditer(RESPECTIVELY, sentence)]
    # each 分别 lists the figures up to the next one (…分别完成1.2万人、3000人，分别完成年度目标的110%、105%)
    for at, next_at in zip(said, said[1:] + [len(sentence)]):
        listed = [(q, c) for q, c in zip(quantities, sentence_claims) if at <= q.start < next_at]
        _pair_the_list(sentence, at, quantities, sentence_claims, listed)


# what joins the members of a list of figures with no word between them (同比增长5%、6.7%)
_LIST_JOINT = regex.compile(r"[、和及与]|、和")


def listed_changes(sentence: str, quantities: list[Quantity], sentence_claims: list[dict]) -> None:
    """新增就业3.4万人、再就业1.2万人，同比增长5%、6.7%: a change or share followed by bare figures joined by 、
    lists one change per figure before it, as 分别 would say (`respectively`)."""
    run: list[tuple[Quantity, dict]] = []
    for q, claim in [*zip(quantities, sentence_claims), (None, None)]:
        if run and q is not None and _LIST_JOINT.fullmatch(sentence[run[-1][0].end:q.start]):
            run.append((q, claim))
            continue
        if len(run) > 1 and run[0][1]["kind"] in ("share", "change"):
            _pair_the_list(sentence, run[0][0].start, quantities, sentence_claims, run)
        run = [(q, claim)] if q is not None else []


def _pair_the_list(sentence: str, at: int, quantities: list[Quantity], sentence_claims: list[dict],
                   listed_quantities: list[tuple[Quantity, dict]]) -> None:
    """The figures listed from `at` on: they share the first one's kind, then take the metrics listed before
    them, or those of as many figures stated before them, in order."""
    owners = [c for q, c in zip(quantities, sentence_claims) if q.end <= at]
    listed = [c for _, c in listed_quantities]
    if len(listed) < 2:
        return
    _share_the_first_kind(listed)
    if _listed_metrics(sentence, at, [q for q, _ in listed_quantities], listed):
        return
    if len(owners) < len(listed) or any(c["kind"] not in ("share", "change") for c in listed):
        return
    owners = owners[-len(listed):]
    if any(owner["metric"] == "other" for owner in owners):
        return
    for claim, owner in zip(listed, owners):
        claim["metric"] = owner["metric"]


# money a clause names for itself, just before its figure (补助资金1200万元, 撬动民间投资4000亿元)
_MONEY_OF_ITS_OWN = regex.compile(r"(?:资金|投资|补贴|补助|奖补|奖励|基金|经费|额度)(?:为|达到?|共|约|累计)*$")
_UNREAD_NUMBER = regex.compile(r"\d")
_NAMED_RATE = regex.compile(r"\p{Han}率")
_DONE_ALREADY = regex.compile(r"已经?|实际|累计|共计|截至|以来")
# a sentence that says the paragraph lays out what is still to be done
# (将 before a verb of doing: 将继续, 将加快; not the 将 that fronts an object, 将就业工作放在首位)
PLAN_OPENER = regex.compile(r"^(?:[^，,。；;]{0,12}[，,])?(?:下一步|下阶段|今后|明年|[^，,。；;]{0,6}(?:工作报告|规划|方案)(?:中)?提出|"
                            r"(?:今年|\d{4}年)[^，,。；;]{0,16}?(?:将|要)"
                            r"(?:继续|进一步|加快|着力|重点|全力|持续|确保|力争|实现|新增|完成|开展|推进|加大|围绕|聚焦|"
                            r"坚持|做好|抓好|强化|深化|实施|构建|健全|落实))")
_SUM_OF_THE_LIST = regex.compile(r"^(?:两项|以上|上述)?(?:合计|共计|总计)")


def _names_a_place(passage: Passage, words: str) -> bool:
    """Do the words name a region (其中长沙市1.2万人) or refer to one (其中全市…)? The region owns them then."""
    gazetteer = passage.gazetteer
    return bool(gazetteer.find(words) or gazetteer.find_references(words))


def _clause_bounds(sentence: str, start: int, end: int) -> tuple[int, int]:
    last = _LAST_CLAUSE_BREAK.search(sentence, 0, start)  # one search, not every break before the figure listed
    left = last.end() if last else 0
    right = CLAUSE_BREAK.search(sentence, end)
    return left, right.start() if right else len(sentence)


def figure_claim(ctx: DocumentContext, passage: Passage, sentence: str, s_start: int, q: Quantity,
           topic: Assigned | None, previous_end: int, statement_left: str,
           in_plan: bool = False) -> tuple[dict, Assigned]:
    """One figure's claim; `in_plan`: the paragraph has said it lays out what is still to be done
    (下一步，…将…; 2026年全市将…), so a figure it states with no word of a result is a goal."""
    c_start, c_end = _clause_bounds(sentence, q.start, q.end)
    clause = sentence[c_start:c_end]
    clause_left = clause[: q.start - c_start]
    start, end = s_start + q.start, s_start + q.end
    clause_right = clause[q.end - c_start:]
    kind, sign = kind_of(clause_left, clause_right, statement_left, q, before_publication(passage.year, passage.pub_year),
                       following=sentence[q.end:q.end + FOLLOWING])
    if kind == "level" and after_publication(passage.year, passage.pub_year):
        kind = "target"  # 到2027年，城镇新增就业达到50万人: a figure for a year still to come can only be a goal
    elif (kind == "level" and in_plan and not before_publication(passage.year, passage.pub_year)
          and not _DONE_ALREADY.search(clause_left)):
        kind = "target"  # 下一步…将…。…帮助2万名长期失业人员实现再就业: a plan's figure is a goal

    noun_follows = counts_a_noun(q, clause_right)
    # 争取上级补助资金1200万元 after 发放创业担保贷款3.2亿元: a sum its own clause names (资金, 投资) is not the
    # loans or income an earlier clause spoke of
    names_its_money = q.unit_kind == "money" and bool(_MONEY_OF_ITS_OWN.search(clause_left))
    # a sum of money counts no thing: the words after it (贷款2238万元锡林郭勒盟, a headline run into its
    # source) do not stop its own cue; they still stop a metric carried from elsewhere
    found = nearest_cue(clause, q.start - c_start, q.end - c_start, q, kind, noun_follows and q.unit_kind != "money")
    # 合计8.71亿元 sums the figures listed before it, whatever stands between: it takes their cue
    reach = 0 if _SUM_OF_THE_LIST.match(clause_left) else previous_end
    # a clause opening with a verb of its own (帮助18.5万人实现就业 after …提供就业服务) is a new statement; the cue
    # of an earlier clause counts only where the figure has none of its own: asked only then
    earlier = (None if noun_follows or found or names_its_money or opens_new_statement().match(clause_left)
               else last_cue(sentence[reach:q.start], q, kind))
    from_topic = False
    # the cheap 其中 test before the group scan (a fullmatch of every group word: ~40 µs)
    if found and topic is not None and topic.metric != "other" and topic.metric != found[0] \
            and sentence.rfind(PART_OPENER, previous_end, q.start) >= 0 \
            and names_only_a_group(found[1]) and compatible(metrics()[topic.metric], q, kind):
        # 培训农民工1.2万人次，其中新生代农民工8000人次: after 其中 a word that only names a population (农民工)
        # names the part of the whole; the figure keeps the whole's metric
        assigned, from_topic = Assigned(topic.metric, topic.label), True
    elif found:
        assigned = Assigned(*found)
    elif earlier:
        assigned = Assigned(*earlier)  # 全国城镇新增就业完成情况快于时序进度，1-9月达到1045万人
    elif (topic is not None and topic.metric != "other" and compatible(metrics()[topic.metric], q, kind)
          and not noun_follows and not names_its_money
          and (previous_end or q.unit != "%" or kind in ("share", "change"))
          and not opens_new_statement().match(clause_left)):
        # a part, a growth rate or a share of the figure before; across a semicolon a new rate is a new thing
        assigned, from_topic = Assigned(topic.metric, topic.label), True
    elif (kind in ("share", "change") and topic is None and not noun_follows and bare_clause(clause_left)
          and not _UNREAD_NUMBER.search(sentence, 0, c_start) and not _NAMED_RATE.search(sentence, 0, c_start)):
        # the sentence's first figure: 外出地以省内为主，占比63.6%; but after a number we do not read as a
        # figure (产量300.7公斤/亩，比上年增长2.9%), or a rate the sentence named (返岗率…，提高了约2个百分点),
        # the change is that number's or that rate's
        assigned = Assigned(passage.passage_metric, "")
    else:
        assigned = Assigned("other", _label(clause, q.start - c_start, q.end - c_start))
    metric = passage.resolve(assigned.metric)
    # 农民工总量1.2万人，比上年增加311人 / 省外就业5.3万人，占转移就业总人数的45.9%: the change
    # and the share are the same population's
    same_topic = topic is not None and (from_topic or (topic.metric == metric and kind in ("share", "change")))
    group = group_of(sentence, q.start, q.end, previous_end, metric)
    if not group and kind == "level" and topic is not None and metric != "other" and topic.metric == metric:
        # 转移就业14000人，其中定点劳务工4100人: a part listed after 其中 names itself
        group = part_named(sentence, q.start, previous_end, lambda words: _names_a_place(passage, words))
    group = group or (topic.group if same_topic else "")
    if not group and kind == "share" and metric != "other" and bare_clause(clause_left):
        # 外出地以省内为主，占比63.6%: a bare share is the part the clause before it named
        group = group_of_the_clause_before(sentence, previous_end, c_start, metric)
    assigned = Assigned(metric, assigned.label, group)

    value, low, high = (sign * q.value, sign * q.low, sign * q.high) if kind == "change" else (q.value, q.low, q.high)
    unit = q.unit or (metrics()[assigned.metric].unit if assigned.metric != "other" else "")
    # a goal is the whole year's, whatever month the sentence reports; a goal for each year of a span (每年) stays yearly
    period = "" if kind == "target" and passage.period != "per-year" else passage.period
    claim = _row(ctx, passage, start, end, s_start, s_start + len(sentence), value=value, low=low, high=high,
                 unit=unit, qualifier=q.qualifier, kind=kind, metric=assigned.metric, label=assigned.label,
                 year=passage.year, period=period, group=assigned.group)
    return claim, assigned


def _row(ctx: DocumentContext, passage: Passage, start: int, end: int, s_start: int, s_end: int, *,
         value: float, low: float, high: float, unit: str, qualifier: str, kind: str, metric: str, label: str,
         year: str, period: str, group: str = "", year_basis: str | None = None) -> dict:
    """One row of the claims table, in the contract's columns; `year_basis`: when the year is not the passage's."""
    region = passage.place()
    year_from, _, year_to = year.partition("-")
    return {
        "claim_id": hashlib.sha1(f"{ctx.doc_id}:{start}:{end}".encode()).hexdigest()[:16],
        "doc_id": ctx.doc_id,
        "quote": ctx.text[start:end],
        "value": value,
        "value_low": min(low, high),
        "value_high": max(low, high),
        "unit": unit,
        "qualifier": qualifier,
        "kind": kind,
        "metric": metric,
        "label": label,
        "region": region.name if region else "",
        "region_code": region.code if region else "",
        "region_level": region.level if region else "",
        "province": region.province if region else "",
        "city": region.city if region else "",
        "county": region.county if region else "",
        "year": year,
        "year_from": int(year_from) if year_from else None,
        "year_to": int(year_to or year_from) if year_from else None,
        "period": period,
        "group": group,
        "region_basis": passage.region_basis(s_start),
        "year_basis": year_basis or passage.year_basis(s_start),
        "sentence": ctx.text[s_start:s_end].strip(),
        "start": start,
        "end": end,
    }


# A table's title qualifies its columns: 城镇登记失业人数及失业率 makes the column 失业率 the registered rate.
_TITLE_QUALIFIERS = ("城镇登记", "城镇调查", "登记", "调查")


def table_claim(ctx: DocumentContext, passage: Passage, cell: TableCell, s_start: int, s_end: int) -> dict:
    """A cell of a flattened statistical table: its year is its column's, its metric its label's."""
    labels = [q + cell.label for q in _TITLE_QUALIFIERS if q in cell.title and q not in cell.label] + [cell.label]
    quantity = Quantity(0, 0, cell.value, cell.value, cell.value, cell.unit, "", "exact")
    found = next(filter(None, (last_cue(label, quantity, "level") for label in labels)), None)
    metric = passage.resolve(found[0]) if found else "other"
    return _row(ctx, passage, cell.start, cell.end, s_start, s_end, value=cell.value, low=cell.value,
                high=cell.value, unit=cell.unit, qualifier="exact", kind="level", metric=metric, label=cell.label,
                year=str(cell.year) if cell.year else passage.year, period="" if cell.year else passage.period,
                year_basis="heading" if cell.year else None)  # the year of its column, else the passage's


_LABEL_AFTER = regex.compile(r"^[\p{Han}]{1,10}")
_TRAILING_NON_HAN = regex.compile(r"[^\p{Han}]+$")
_LABEL_VERBS = regex.compile(r"^(?:共|累计|达到?|为|是|有|约|近|超过?|新增|实现|完成|提供|发布|组织|举办|开展|建成|培育)+")


def _label(clause: str, q_start: int, q_end: int) -> str:
    """What an uncategorised figure counts: the noun after it (95个充分就业社区), else the words before it."""
    after = _LABEL_AFTER.match(clause[q_end:])
    if after:
        return after.group()
    before = _TRAILING_NON_HAN.sub("", clause[:q_start])[-10:]
    return _LABEL_VERBS.sub("", before) or before
