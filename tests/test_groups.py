"""Groups: the population a figure is about — extract/groups.py and tables/groups.csv."""
import pytest

from extract.vocabulary import read_table
from tests.test_claims import by_quote, claims


@pytest.mark.parametrize("row", read_table("groups.csv"), ids=lambda r: r["expected"])
def test_every_group_word_names_the_group_of_its_example(row):
    found = [c for c in claims(row["example"]) if c["metric"] != "other"]
    assert found and found[-1]["group"] == row["expected"]


@pytest.mark.parametrize(
    "sentence, quote, group, why",
    [
        ("全市城镇调查失业率为5.1%，其中16—24岁劳动力调查失业率为14.2%", "5.1%", "", "the whole population"),
        ("全市城镇调查失业率为5.1%，其中16—24岁劳动力调查失业率为14.2%", "14.2%", "16-24岁", "its own segment"),
        ("其中，25岁至59岁的人口调查失业率为4.3%", "4.3%", "25-59岁", "an age band written with 岁至"),
        ("16-24岁人口、25-59岁人口调查失业率分别为12.8%、4.6%", "12.8%", "16-24岁", "分别 pairs in order"),
        ("16-24岁人口、25-59岁人口调查失业率分别为12.8%、4.6%", "4.6%", "25-59岁", "分别 pairs in order"),
        ("全县农民工总量8.2万人，比上年增加0.3万人", "0.3万人", "农民工", "a change keeps its figure's group"),
        ("转移省外务工3.1万人，占转移就业总人数的41.2%", "41.2%", "省外", "a share keeps its figure's group"),
        ("外出务工人员中，去往东部地区的人数达56万人，占外出农民工总数的80.5%", "80.5%", "东部地区",
         "the whole a share is taken of is not its group"),
        ("为帮扶农民工、就业困难人员等劳动者就业，举办招聘会26场", "26场", "", "a list of beneficiaries"),
        ("今年以来线上线下共举办招聘会120场", "120场", "", "线上线下 together are both"),
        ("城镇登记失业人员再就业1.2万人", "1.2万人", "", "the metric counts them already"),
        ("全年新增城镇就业2.3万人、培训农民工4000人次", "2.3万人", "", "a group of the next item is not this one's"),
    ],
)
def test_group(sentence, quote, group, why):
    assert by_quote(sentence, quote)["group"] == group, why


def test_a_group_never_leaks_into_the_next_sentence():
    text = "16—24岁劳动力调查失业率为14.2%。城镇调查失业率为5.1%。"
    assert [c["group"] for c in claims(text)] == ["16-24岁", ""]


@pytest.mark.parametrize(
    "sentence, start, end, expected",
    [
        ("今年外出农民工达到3.2万人", 0, 4, True),  # 外出农民工 starts inside the span and runs past its end
        ("今年外出农民工达到3.2万人", 0, 2, False),  # starts right at the end: not in the span
        ("全市举办招聘会26场，帮助高校毕业生就业", 0, 10, False),  # the group word is in a later clause
        ("全市举办招聘会26场，帮助高校毕业生就业", 13, 14, True),
        ("其中16—24岁劳动力失业率为14.2%", 2, 4, True),  # an age band starts with a digit
    ],
)
def test_a_group_word_starts_in_a_span_as_one_search_from_its_start_says(sentence, start, end, expected):
    from extract.groups import _any_group_word, _starts_in

    first = _any_group_word().search(sentence, start, len(sentence))
    assert (first is not None and first.start() < end) == expected  # the definition the shortcut must keep
    assert _starts_in(sentence, start, end) == expected
