"""Claims: metric, kind, region and year of each figure — extract/claims.py, extract/cues.py and the cue tables."""
import pytest

import regex

from extract.reading import extract_claims
from extract.cues import _CueSet, _cues, _starts
from extract.passage import DocumentContext
from extract.vocabulary import read_table
from extract.regions import load_gazetteer
from extract.text import reading_view, split_sentences


def claims(text, pub_year=2022, source="", title=""):
    gazetteer = load_gazetteer()
    context = DocumentContext("doc", text, reading_view(text), pub_year,
                              gazetteer.home_region(source), reading_view(title), national=gazetteer.is_national(source))
    return extract_claims(context, split_sentences(text), gazetteer)


def by_quote(text, quote, **kw):
    return next(c for c in claims(text, **kw) if c["quote"] == quote)


# --- metric -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "sentence, quote, metric",
    [
        ("2021年实现城镇新增就业8303人，城镇失业人员再就业9223人，困难人员就业1147人", "9223人", "unemployed_reemployed"),
        ("2021年实现城镇新增就业8303人，城镇失业人员再就业9223人，困难人员就业1147人", "1147人", "hard_to_employ_employed"),
        ("2022年全市新增城镇就业5.83万人、农村劳动力转移就业2.17万人", "2.17万人", "rural_labor_transfer"),
        ("2021年完成职业技能培训9333人，其中就业技能培训2951人、创业培训3149人", "3149人", "entrepreneurship_training"),
        # a cue in an earlier clause carries to a figure with none of its own
        ("全国城镇新增就业完成情况快于时序进度，1-9月达到1045万人", "1045万人", "urban_new_jobs"),
        ("城镇新增就业人数：2023年达到38156人", "38156人", "urban_new_jobs"),
        # a part after 其中 keeps its total's metric; a growth rate or a share keeps its figure's
        ("全年农民工总量29562万人，比上年增加311万人，增长1.1%", "1.1%", "rural_labor_transfer"),
        ("城镇新增就业25.62万人，完成全年目标任务的30.15%", "30.15%", "urban_new_jobs"),
        # the more specific cue wins at equal distance
        ("在村、社区紧急开发卫生防疫公益性岗位2.16万个", "2.16万个", "public_welfare_posts"),
        ("全年累计培训农民工3000多万人", "3000多万人", "skills_training"),
        # the unit must fit the metric: sessions of a training course are not people trained
        ("组织“马兰花创业培训”206期", "206期", "other"),
        ("农民工月均收入水平4615元，比上年增长4.1%", "4615元", "other"),
        ("农民工月均收入水平4615元，比上年增长4.1%", "4.1%", "other"),
        # a figure followed by a noun counts that noun, whatever cue stands before it
        ("招工小分队带着企业将就业岗位直接送到100余个行政村", "100余个", "other"),
        ("曾聚集了五矿株冶集团、中盐株化等261家企业", "261家", "other"),
        ("组建了一支由就业专干组成的300余人队伍提供就业服务", "300余人", "other"),
        # a bare 11万 followed by a measure word not in the unit table counts things of that kind
        ("累计培训农民工3000多万人，累计投入使用课程资源超过11万门", "超过11万", "other"),
        # a list of metrics before 分别: the i-th figure after it is the i-th item's
        ("全市城镇新增就业、失业人员再就业、就业困难人员就业分别完成1.2万人、3000人、800人", "1.2万人", "urban_new_jobs"),
        ("全市城镇新增就业、失业人员再就业、就业困难人员就业分别完成1.2万人、3000人、800人", "3000人",
         "unemployed_reemployed"),
        ("全市城镇新增就业和失业人员再就业分别为1.2万人、3000人", "3000人", "unemployed_reemployed"),
        ("全县城镇新增就业、失业人员再就业分别完成1.2万人、3000人，分别完成年度目标的110%、105%", "110%",
         "urban_new_jobs"),
        ("全县城镇新增就业、失业人员再就业分别完成1.2万人、3000人，分别完成年度目标的110%、105%", "105%",
         "unemployed_reemployed"),
        # a sum of money written with only its multiplier is still money
        ("全县发放创业担保贷款3.2亿，带动就业1.2万", "3.2亿", "startup_loans"),
        ("全县实现劳务收入30亿", "30亿", "labor_service_income"),
        ("全县新增市场主体1.2万", "1.2万", "new_market_entities"),
        ("全县发放创业担保贷款3.2万笔", "3.2万", "other"),
        # a sum its own clause names (资金, 投资, 额度) is not the loans an earlier clause spoke of
        ("全市发放创业担保贷款3.2亿元，争取上级补助资金1200万元", "1200万元", "other"),
        ("全市发放创业担保贷款3.2亿元，撬动民间投资40亿元", "40亿元", "other"),
        ("全市共发放创业担保贷款6.5亿元，正在审批贷款额度2.2亿元", "2.2亿元", "other"),
        ("全市共发放创业担保贷款6.5亿元，其中个人贷款5.1亿元", "5.1亿元", "startup_loans"),
        # training in e-commerce is training to start a business
        ("全省累计培训农村电商16.5万人次", "16.5万人次", "entrepreneurship_training"),
        ("全县开展职业技能培训1.2万人次", "1.2万人次", "skills_training"),
        # recruitment events, employers and signings by their other names
        # visitors of a service hall are not job seekers served
        ("全市接待咨询群众1200余人次，办理业务3000件", "1200余人次", "other"),
        ("接受政策咨询3000余人次", "3000余人次", "other"),
        ("招聘会现场录用860人，初步达成就业意向1200人", "860人", "hiring_intents"),
        ("全县新增个体工商户3200户", "3200户", "new_market_entities"),
        ("本次招聘会共有120家企业带来3600个就业岗位", "120家", "employers"),
        ("招聘会共吸引120余家企业携3600多个岗位进场招聘", "120余家", "employers"),
        ("面对261家企业关停搬迁带来的近8万名职工再安置任务", "261家", "other"),
        # firms inspected for unpaid wages are no employers at a fair
        ("全省共排查用人单位1.3万家，查处欠薪案件183件", "1.3万家", "other"),
        ("招聘会参会用人单位320家", "320家", "employers"),
        ("共举办12场就业大集，双选会3场", "3场", "job_fairs"),
        ("签约率达到85%，200家企业入场", "200家", "employers"),
        ("全市共有200家企业，其中规模以上企业80家", "80家", "other"),
        # after 其中 a word that only names a population names the part: the figure keeps the whole's metric
        ("全年共培训农民工1.2万人次，其中新生代农民工8000人次", "8000人次", "skills_training"),
        ("全市城镇新增就业5.6万人，其中农民工1.2万人", "1.2万人", "urban_new_jobs"),
        ("全市城镇新增就业5.6万人，农民工总量1.2万人", "1.2万人", "rural_labor_transfer"),
        # the cue after the figure: transferred, gone out to work, re-employed
        ("全县共有1.2万名劳动力外出务工", "1.2万名", "rural_labor_transfer"),
        ("帮助1200名失业人员重新就业", "1200名", "unemployed_reemployed"),
        ("扶持创业带动2540人就业", "2540人", "jobs_driven"),
        # a clause opening with a verb of its own does not take the cue of the clause before
        ("为3万名劳动力提供就业服务，帮助1.2万人实现就业脱贫", "1.2万人", "rural_labor_transfer"),
        ("为3万名劳动力提供就业服务，帮助1.2万人解决住房问题", "1.2万人", "other"),
        ("全国城镇新增就业完成情况快于时序进度，1-9月达到1045万人", "1045万人", "urban_new_jobs"),
        # a verb of change after a figure is not what it counts
        ("全国城镇调查失业率从2月的5.6%降至3月的5.3%", "5.6%", "surveyed_unemployment_rate"),
        # workers counted as such are labour sent out, unless the clause says they were served
        ("一列载着600多名务工人员的专列驶离车站", "600多名", "rural_labor_transfer"),
        ("为600多名务工人员提供就业服务", "600多名", "jobseekers_served"),
        ("目前在沪工作的本县劳务人员已超过3000人，其中1200名劳务工在建筑工地", "1200名", "rural_labor_transfer"),
        # the labour income a worker brings in a year on average; not a monthly wage
        ("全县转移劳动力12万人。人均劳务创收约3.1万元", "约3.1万元", "labor_service_income"),
        ("外出务工劳动力月均收入4200元", "4200元", "other"),
        # disabled people placed in work count among the hard-to-employ; disabled people trained are trained
        ("全县新增残疾人就业320人", "320人", "hard_to_employ_employed"),
        ("组织残疾人技能培训1200人次", "1200人次", "skills_training"),
        ("全县共有持证残疾人1200人", "1200人", "other"),
        # the rate of an age band is the surveyed rate
        ("16至24岁劳动力失业率为19.6%，25至29岁劳动力失业率为6.1%", "6.1%", "surveyed_unemployment_rate"),
        ("全市青年失业率为12.1%", "12.1%", "surveyed_unemployment_rate"),
        # English-language articles
        ("Urban new jobs reached 12.06 million in 2022", "12.06 million", "urban_new_jobs"),
        ("The province trained 1.2 million workers in vocational skills", "1.2 million", "skills_training"),
        ("More than 2,300 job fairs were held, offering 1.5 million positions", "1.5 million", "job_posts"),
        ("The city's GDP grew to 1.5 million yuan per company", "1.5 million yuan", "other"),
        # 合计 sums what the list before it stated, across a figure of something else
        ("全市共发放创业担保贷款6.5亿元，正在审批贷款额度2.2亿元，合计8.7亿元", "8.7亿元", "startup_loans"),
        # sessions of a training course are no people trained; 155个村(社区) counts villages
        ("全年组织电工、焊工等技能培训6次，培训农村劳动力387人", "6次", "other"),
        ("全年组织电工、焊工等技能培训6次，培训农村劳动力387人", "387人", "skills_training"),
        ("为全县155个村（社区）开发公益性岗位300个", "155个", "other"),
        # people named by where they went to work
        ("全县农村劳动力中有12.6万人在外务工", "12.6万人", "rural_labor_transfer"),
        ("全县组织务工人员2000人赴广东务工", "2000人", "rural_labor_transfer"),
        ("招聘会吸引3000人到场求职", "3000人", "jobseekers_served"),
        # one metric for every item: the list names groups, the metric stays
        ("培训农民工、退役军人分别为1200人、300人", "300人", "skills_training"),
    ],
)
def test_metric(sentence, quote, metric):
    assert by_quote(sentence, quote)["metric"] == metric


@pytest.mark.parametrize(
    "sentence, quote, metric",
    [
        # labour export in its other phrasings
        ("春节后，全县组织返岗务工1.8万人，其中点对点输送劳务工3200多人", "1.8万人", "rural_labor_transfer"),
        ("春节后，全县组织返岗务工1.8万人，其中点对点输送劳务工3200多人", "3200多人", "rural_labor_transfer"),
        ("全镇外出打工人员常年保持在6000人左右", "6000人左右", "rural_labor_transfer"),
        ("该县建档立卡贫困家庭劳动力实现就业2.4万人", "2.4万人", "rural_labor_transfer"),
        ("以工代赈项目辐射带动群众务工3100余人次", "3100余人次", "jobs_driven"),
        ("今年以来全县劳务输出收入达4.6亿元", "4.6亿元", "labor_service_income"),
        ("今年已输转1.2万人", "1.2万人", "rural_labor_transfer"),
        ("全县有组织输出3200人", "3200人", "rural_labor_transfer"),
        ("实现就地就近转移2.3万人", "2.3万人", "rural_labor_transfer"),
        ("其中组织输出2510人(次)", "2510人(次)", "rural_labor_transfer"),
        ("其中自谋输出9625人", "9625人", "rural_labor_transfer"),
        ("全县外出就业人员5.6万人", "5.6万人", "rural_labor_transfer"),
        ("带动群众务工就业500人", "500人", "jobs_driven"),
        ("全市各类企业吸纳高校毕业生就业3000人", "3000人", "jobs_driven"),
        ("两地举办招聘会500余场，服务求职群众30余万人次", "30余万人次", "jobseekers_served"),
        ("全县新增经营主体3200户", "3200户", "new_market_entities"),
        ("直播带岗活动点击量达12万人次", "12万人次", "online_viewers"),
        ("全县实现劳务经济收入12.6亿元", "12.6亿元", "labor_service_income"),
        ("下岗职工再就业3200人", "3200人", "unemployed_reemployed"),
        # a worker's monthly pay is not the income labour export brings
        ("外出务工劳动力月均收入4200元", "4200元", "other"),
        ("全县农民人均务工收入1.2万元", "1.2万元", "other"),
        # start-up loans under their older names, and loans to named borrowers
        ("去年发放政府贴息小额担保贷款1860万元", "1860万元", "startup_loans"),
        ("为3.2万名返乡农民工提供贷款96.5亿元", "96.5亿元", "startup_loans"),
        # a sum of money counts no thing: the words after it do not stop its own cue
        ("全县发放创业担保贷款3200万元扶持860人创业", "3200万元", "startup_loans"),
        # a loan fund is not loans issued
        ("新增小额担保贷款基金500万元", "500万元", "other"),
        # a job fair's visitors, talks and employers
        ("据统计，此次招聘会入场2400余人，现场洽谈860余人", "2400余人", "jobseekers_served"),
        ("据统计，此次招聘会入场2400余人，现场洽谈860余人", "860余人", "jobseekers_served"),
        ("招聘会吸引约1800人进场求职", "约1800人", "jobseekers_served"),
        ("近3万名高校学生报名参加", "近3万名", "jobseekers_served"),
        ("还有超过2000家企业在线上提供岗位", "超过2000家", "employers"),
        ("共征集860家本地企业岗位需求1.2万个", "860家", "employers"),
        ("帮助120家重点企业招工3400人", "3400人", "jobs_driven"),
        # a trade fair's talks are not a job fair's
        ("在这场经贸洽谈会上，来自各地的客商代表200多人参加", "200多人", "other"),
        # re-employment, the hard-to-employ and public-welfare posts in other words
        ("其中失业职工再就业1.6万人，困难群体就业0.3万人", "1.6万人", "unemployed_reemployed"),
        ("其中失业职工再就业1.6万人，困难群体就业0.3万人", "0.3万人", "hard_to_employ_employed"),
        ("目前全镇共有410人实现就业再就业", "410人", "unemployed_reemployed"),
        ("由各乡镇开发公益专岗不少于80个", "不少于80个", "public_welfare_posts"),
        ("全县选聘生态护林员1500名", "1500名", "public_welfare_posts"),
        # rates of completion and re-employment are shares of their metric
        ("全市失业人员再就业率58.3%，上岗率达到61.0%", "58.3%", "unemployed_reemployed"),
        ("最终促成260名求职者与用工企业达成初步就业意向", "260名", "hiring_intents"),
        ("全县脱贫人口中有3000多名享受了免费技能培训", "3000多名", "skills_training"),
        ("为12.6万名建档立卡农村贫困劳动力提供就业服务", "12.6万名", "jobseekers_served"),
        ("累计转移输出农村劳动力1.8万人", "1.8万人", "rural_labor_transfer"),
        ("全县选聘护林员、保洁员等乡村公益岗位8000个", "8000个", "public_welfare_posts"),
        ("全市开发就业扶贫专岗3200个", "3200个", "public_welfare_posts"),
        ("招聘会当天共有8000余名求职者参加", "8000余名", "jobseekers_served"),
        # students taking up internships are not job seekers at a fair
        ("目前已有600多名大学生参加见习", "600多名", "other"),
        # a share in words is a share of the metric its sentence names
        ("全县近三成的外出务工人员在省内就业", "近三成", "rural_labor_transfer"),
        ("现场参会单位86家，求职者近3000人入场", "86家", "employers"),
        ("有560人与企业签订就业协议", "560人", "hiring_intents"),
        ("现场签约520人", "520人", "hiring_intents"),
        # the year's goal named after the figure keeps the metric of the sentence
        ("全县城镇新增就业2534人，完成3500人年度任务的72.4%", "3500人", "urban_new_jobs"),
        ("全县城镇新增就业2534人，完成3500人年度任务的72.4%", "72.4%", "urban_new_jobs"),
        ("其中，城镇失业人员再就业1200人，就业困难人员安置就业430人", "430人", "hard_to_employ_employed"),
        ("一季度全市实施就业援助980人", "980人", "hard_to_employ_employed"),
        # a campaign named 就业援助月 counts its events, not people placed
        ("全市开展就业援助月活动，举办专场招聘会20场", "20场", "job_fairs"),
        ("社区微型招聘会已举办132场，签约率达63%，较商圈大型会场高出17个百分点", "63%", "hiring_intents"),
        ("现场意向签约320人", "320人", "hiring_intents"),
        # an English-language article
        ("A total of 512.6 thousand new urban jobs were added, with 128.3 thousand rural labor forces transferred",
         "128.3 thousand", "rural_labor_transfer"),
        ("The surveyed urban unemployment rate was 5.2 percent", "5.2 percent", "surveyed_unemployment_rate"),
    ],
)
def test_metric_in_other_words(sentence, quote, metric):
    assert by_quote(sentence, quote)["metric"] == metric


@pytest.mark.parametrize("row", read_table("metric_cues.csv"), ids=lambda r: f"{r['metric']}-{r['side']}")
def test_every_metric_cue_finds_its_example(row):
    # a bare 失业率 takes the rate its example named first
    expected = {"unemployment_rate": "surveyed_unemployment_rate"}.get(row["metric"], row["metric"])
    assert expected in [c["metric"] for c in claims(row["example"])]


@pytest.mark.parametrize("row", [r for r in read_table("metric_cues.csv") if r["side"] == "before"],
                         ids=lambda r: r["metric"])
def test_a_cue_is_tried_on_its_example_and_every_match_starts_with_a_character_it_lists(row):
    # a cue whose first characters are known is skipped on text holding none of them: a wrong list would
    # lose its claims silently
    starts = _starts(row["pattern"])
    example = reading_view(row["example"])
    matches = [m.group() for m in regex.finditer(row["pattern"], example)]
    assert matches
    assert starts is None or all(match[0] in starts for match in matches)
    unit_cues = [cue for cue in _cues() if cue.side == "before" and cue.pattern.pattern == row["pattern"]]
    assert unit_cues and all(cue in _CueSet((cue,), (), None, (starts,)).before_cues_in(example) for cue in unit_cues)


# --- kind ------------------------------------------------------------------------------

@pytest.mark.parametrize("row", read_table("kind_cues.csv"), ids=lambda r: r["example"])
def test_every_kind_cue_gives_its_kind(row):
    found = claims(row["example"])
    assert row["kind"] in [c["kind"] for c in found]
    if row["sign"] == "-1":
        assert any(c["value"] < 0 for c in found)


@pytest.mark.parametrize(
    "sentence, quote, kind, value",
    [
        ("城镇登记失业率3.55%，环比下降0.01%，比上月下降0.2个百分点", "0.2个百分点", "change", -0.2),
        ("全年农民工总量29562万人，比上年增加311万人", "311万人", "change", 3110000),
        ("全年农民工总量29562万人，比上年增加311万人", "29562万人", "level", 295620000),
        ("城镇调查失业率全年控制在5.5%以内", "5.5%以内", "target", 5.5),
        ("城镇新增就业好于预期、达1200多万人", "1200多万人", "level", 12000000),
        ("新增就业26.3万人，完成全年46万人目标任务的57.17%", "46万人", "target", 460000),
        ("新增就业26.3万人，完成全年46万人目标任务的57.17%", "57.17%", "share", 57.17),
        ("这两项指标均好于预期目标，即：2021年，城镇新增就业1100万人以上", "1100万人以上", "target", 11000000),
        # 完成 a plan's part is a share; 完成 a list of goals is not
        ("城镇新增就业2.1万人，完成年计划8.2%", "8.2%", "share", 8.2),
        ("确保完成全年新增就业50万人以上、城镇调查失业率5%以内等指标任务", "5%以内", "target", 5),
        ("开发公益性岗位1200个，实际上岗960人，上岗率80.0%", "80.0%", "share", 80),
        # what a result beat its goal by is a change; the result itself stays a level
        ("全省脱贫人口务工规模达到2870万人 超年度目标任务近90万人", "近90万人", "change", 900000),
        ("全省脱贫人口务工规模达到2870万人 超年度目标任务近90万人", "2870万人", "level", 28700000),
        ("全市城镇新增就业8.2万人，比上年多增6000人", "6000人", "change", 6000),
        # every member of a list that ends in 的目标 is a goal
        ("围绕城镇调查失业率5.5%左右、城镇新增就业80万人的目标", "5.5%左右", "target", 5.5),
        ("城镇调查失业率5.5%左右、城镇新增就业80万人，完成全年目标", "5.5%左右", "level", 5.5),
        ("今年城镇调查失业率低于3.5%的控制线", "3.5%", "target", 3.5),
        # a comparison that says more or less is a change with its sign; a task is a goal
        ("全市城镇新增就业5.6万人，比上年少0.2万人", "0.2万人", "change", -2000),
        ("全市城镇新增就业5.6万人，较去年同期多出0.3万人", "0.3万人", "change", 3000),
        ("全市城镇登记失业率3.1%，比年初目标低0.9个百分点", "0.9个百分点", "change", -0.9),
        ("年度新增就业任务5万人，已完成进度的112%", "5万人", "target", 50000),
        ("今年已完成年度新增就业任务5.6万人", "5.6万人", "level", 56000),
        # the rate a clause named before its figure is a share too; a growth after it stays a change
        ("全县失业人员再就业率有所提高，达到了71.2%", "71.2%", "share", 71.2),
        ("全县城镇新增就业完成率较高，同比增长5%", "5%", "change", 5),
        # a forecast, an intention or an assessment target is a goal
        ("全年城镇新增就业有望突破5万人", "突破5万人", "target", 50000),
        ("全年城镇新增就业考核指标为5万人", "5万人", "target", 50000),
        ("全市各项指标完成良好，城镇新增就业5万人", "5万人", "level", 50000),
        # the rate of people in work among a group is a share of it
        ("全县脱贫劳动力务工规模达到2.1万人，务工率达到95%", "95%", "share", 95),
        # a share of a goal stated with its figure
        ("城镇新增就业5200人，为全年目标任务5000人的104%", "104%", "share", 104),
        # a goal in brackets after a result names the goal, not the result
        ("全县城镇新增就业5200人（目标5000人）", "5200人", "level", 5200),
        ("全县城镇新增就业5200人（目标5000人）", "5000人", "target", 5000),
        ("全县近三成的外出务工人员在省内就业", "近三成", "share", 30),
        ("全县城镇新增就业2534人，完成3500人年度任务的72.4%", "3500人", "target", 3500),
        ("全县城镇新增就业2534人，完成3500人年度任务的72.4%", "72.4%", "share", 72.4),
        ("城镇新增就业任务数为3.2万人", "3.2万人", "target", 32000),
        # what is already done is a result even after a sentence that opened with the plan
        ("今年全县计划新增城镇就业5000人，目前已完成3500人，完成年度任务的70%", "5000人", "target", 5000),
        ("今年全县计划新增城镇就业5000人，目前已完成3500人，完成年度任务的70%", "3500人", "level", 3500),
        ("今年全县计划新增城镇就业5000人，目前已完成3500人，完成年度任务的70%", "70%", "share", 70),
        ("全市计划转移农村劳动力3万人，实际完成3.4万人", "3.4万人", "level", 34000),
        ("全市力争累计完成城镇新增就业3万人", "3万人", "target", 30000),
        # what a project can do once built is a projection; 认可 is no modal
        ("项目建成投产后，可带动当地群众就业300余人", "300余人", "target", 300),
        ("该车间吸纳就业300余人，得到群众认可", "300余人", "level", 300),
        # a list of goals after 目标： is goals to its end
        ("今年主要预期目标：城镇新增就业5万人以上，城镇调查失业率5.5%左右，农村劳动力转移就业8万人", "8万人", "target", 80000),
        ("社区微型招聘会已举办132场，签约率达63%", "63%", "share", 63),
        # a cap that the next clause says was kept reports a result; a growth rate before such a clause stays a change
        ("今年全县城镇登记失业率控制在3.3%以内，低于年度控制指标", "3.3%以内", "level", 3.3),
        ("今年全县城镇登记失业率控制在3.3%以内，力争低于全省平均水平", "3.3%以内", "target", 3.3),
        ("城镇新增就业5.1万人，增长12.1%，好于年度目标", "12.1%", "change", 12.1),
        ("城镇新增就业5.1万人，达到全年目标的80%", "80%", "share", 80),
        ("城镇新增就业5.1万人，同比增长率为5%", "5%", "change", 5),
        ("城镇新增就业5.1万人，同比少增0.3万人", "0.3万人", "change", -3000),
        ("城镇新增就业5.1万人，同比净增0.6万人", "0.6万人", "change", 6000),
        # a forecast or a plan stated with 预计 / 要 / 将 before its verb
        ("预计全年城镇新增就业1200万人左右", "1200万人左右", "target", 12000000),
        ("下半年全市将新增城镇就业2万人", "2万人", "target", 20000),
        ("将近2万人参加了招聘会", "将近2万人", "level", 20000),
        ("下半年全市将新增城镇就业2万人，转移农村劳动力3万人", "3万人", "target", 30000),
        # a figure for a year still to come can only be a goal (pub_year 2022)
        ("到2025年，全市城镇新增就业达到30万人", "30万人", "target", 300000),
        # a cap for a year already past when the page was published reports a result (pub_year 2022)
        ("去年，全县城镇登记失业率控制在3.2%以内", "3.2%以内", "level", 3.2),
        ("今年，全县城镇登记失业率控制在3.5%以内", "3.5%以内", "target", 3.5),
    ],
)
def test_kind(sentence, quote, kind, value):
    claim = by_quote(sentence, quote)
    assert (claim["kind"], claim["value"]) == (kind, pytest.approx(value))


@pytest.mark.parametrize("row", read_table("statement_openers.csv"), ids=lambda r: r["word"])
def test_every_statement_opener_starts_a_new_statement(row):
    sentence = f"失业人员实现再就业8.0万人，{row['word']}创业2.6万人"
    assert by_quote(sentence, "2.6万人")["metric"] == "other"


def test_a_share_stated_apart_keeps_its_passages_metric():
    # 就业主要特点： leads into the list; it opens no new passage
    text = "外出从业农村劳动力总量为587万人。\n就业主要特点：\n从就业地点看，外出地仍以省内为主，占比63.6%。"
    claim = by_quote(text, "63.6%")
    assert (claim["metric"], claim["kind"]) == ("rural_labor_transfer", "share")


@pytest.mark.parametrize(
    "quote, metric",
    [("68.2%", "urban_new_jobs"), ("91.4%", "unemployed_reemployed"), ("75.0%", "hard_to_employ_employed")],
)
def test_shares_listed_after_fenbie_belong_in_order_to_the_figures_before(quote, metric):
    sentence = "全市新增就业2.3万人，失业人员再就业5200人，困难人员就业1800人，分别完成年计划的68.2%、91.4%和75.0%。"
    assert by_quote(sentence, quote)["metric"] == metric


def test_fenbie_with_fewer_figures_before_than_after_changes_nothing():
    sentence = "全市新增就业2.3万人，其中高校毕业生和返乡人员分别增长了8.4%、7.6%和5.1%。"
    metrics = [[c["metric"] for c in claims(text)] for text in (sentence, sentence.replace("分别", "各自"))]
    assert metrics[0] == metrics[1]


@pytest.mark.parametrize(
    "text, metric, kind",
    [
        # a label that heads its line, then the text that states the figure
        ("2860万户：今年前三季度，全国新登记注册企业2860万户，同比增长8.1%。", "new_market_entities", "level"),
        ("1206万人！我国城镇新增就业连续多年超过1100万\n2022年，我国城镇新增就业1206万人。", "urban_new_jobs", "level"),
        # a short headline of its own
        ("全省城镇新增就业41.2万人，增长2.7%\n2.7%背后的民生温度", "urban_new_jobs", "change"),
    ],
)
def test_a_headline_figure_takes_the_metric_of_the_figure_the_text_states(text, metric, kind):
    headline = claims(text)[0] if text[0].isdigit() else claims(text)[-1]
    assert (headline["metric"], headline["kind"]) == (metric, kind)


def test_a_figure_opening_a_line_of_prose_is_not_a_headline():
    text = "招聘会参会企业5家。\n5家合作社带动周边农户发展特色种植，户均增收明显，产业规模不断扩大，村集体经济持续壮大。"
    assert claims(text)[-1]["metric"] == "other"


def test_damaged_traditional_text_keeps_every_figure_and_its_metric():
    from extract.text import clean_text

    text = clean_text("全縣(xian)(xian)今年外出務(wu)工12.3萬(wan)(wan)人(ren)，實現勞務收入(ru)8.6億(yì)元，"
                      "開發鄉村公益崗位１５００個。")
    assert [(c["value"], c["metric"]) for c in claims(text)] == [
        (123000, "rural_labor_transfer"), (860000000, "labor_service_income"), (1500, "public_welfare_posts")]


def test_a_part_after_qizhong_keeps_its_totals_metric():
    assert by_quote("失业人员实现再就业8.0万人，其中青年2.6万人", "2.6万人")["metric"] == "unemployed_reemployed"


@pytest.mark.parametrize("row", read_table("figure_followers.csv"), ids=lambda r: r["word"])
def test_every_figure_follower_lets_the_cue_through(row):
    # 城镇新增就业5人{word}…: the word continues the sentence; it is not what the figure counts
    sentence = f"城镇新增就业5人{row['word']}其他"
    assert by_quote(sentence, "5人")["metric"] == "urban_new_jobs"


# --- region ----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, source, quote, region, code",
    [
        ("2022年全市新增城镇就业5.83万人", "株洲市人社局", "5.83万人", "株洲市", "430200"),
        ("长沙市在“春风行动”中开展了85场招聘会。该市望城区组建了300余人队伍。", "", "300余人", "望城区", "430112"),
        ("截至目前，甘肃全省开展招聘活动84场", "", "84场", "甘肃省", "620000"),
        ("长株潭民营企业招聘周期间，三市发布9万余个岗位", "", "9万余个", "长株潭", ""),
        ("國家統計局：2022年城鎮新增就業1206萬人", "", "1206萬人", "全国", "100000"),
        ("31个大城市城镇调查失业率为6.1%", "", "6.1%", "31个大城市", ""),
        # the government work report is the nation's, even quoted in a provincial article, unless a local
        # government is named right before it
        ("政府工作报告提出，今年城镇新增就业1100万人以上", "", "1100万人以上", "全国", "100000"),
        ("广东省人社厅介绍。今年政府工作报告明确城镇新增就业1200万人以上的目标", "", "1200万人以上", "全国", "100000"),
        ("广东省政府工作报告提出，今年城镇新增就业110万人以上", "", "110万人以上", "广东省", "440000"),
        ("广东省省长王五作政府工作报告时提出，今年城镇新增就业110万人以上", "", "110万人以上", "广东省", "440000"),
        # a place inside an organisation's name is not where the figure belongs
        ("充分发挥湖南工业大学作用。全市发放创业担保贷款0.8亿元", "株洲市人社局", "0.8亿元", "株洲市", "430200"),
        # 全区 means the district in force, even after other places were named
        ("甘州区主动向广州、深圳、江苏等地区拓展劳务基地。“十三五”期间，全区累计输转劳动力42.21万人", "张掖日报",
         "42.21万人", "甘州区", "620702"),
        # a two-character county right before 城镇 is named, not 县城
        ("随州市随县城镇新增就业1.2万人", "随州日报", "1.2万人", "随县", "421321"),
        # a place compared against is not the figure's place
        ("2023年湖北省城镇新增就业80万人，占全国的6.5%。", "", "6.5%", "湖北省", "420000"),
        ("湖北省城镇登记失业率为2.9%，低于全国平均水平0.6个百分点。", "", "0.6个百分点", "湖北省", "420000"),
        # a venue does not take over the place in force; alone, it is all a reader has
        ("湖南省春风行动启动仪式在长沙市会展中心举行，现场提供岗位3万个。", "", "3万个", "湖南省", "430000"),
        ("招聘会在株洲市神农城广场举行，提供岗位3000个。", "", "3000个", "株洲市", "430200"),
        ("湖南省春风行动启动仪式于长沙市举行，现场提供岗位3万个。", "", "3万个", "湖南省", "430000"),
        ("湖南省第二届职业技能大赛由株洲市承办，共有参赛选手2000人。", "", "2000人", "湖南省", "430000"),
        # where an official visits is a venue too: in national media the figures stay the country's
        ("有关负责人在江苏省调研时说，今年城镇新增就业1200万人以上。", "新华社", "1200万人以上", "全国", "100000"),
        # the subject owns the figures, not the partners named after 与
        ("甘肃省与天津市、山东省等5省市签署劳务协作协议，共举办招聘会800场。", "", "800场", "甘肃省", "620000"),
        ("商南县加强与苏州市吴江区劳务协作，全年转移贫困劳动力1200人。", "", "1200人", "商南县", "611023"),
        # nor those the subject organises, invites or joins
        ("天津市人社局组织滨海新区重点企业赴京招聘。此次招聘吸引了近5000名毕业生，1019个职位达成意向。", "",
         "1019个", "天津市", "120000"),
        # a list of places ending in 等地 is a list of destinations, every member of it
        ("平利县在广州、东莞、温州、宁波等地建立劳务工作站8个，输出劳动力3000人。", "", "3000人", "平利县", "610926"),
        # places listed as acting together (分别, 两地) own the figure together
        ("安化县、桃江县分别依托黑茶、家政等特色产业，累计开展职业技能培训3.39万人次。", "", "3.39万人次",
         "安化县、桃江县", ""),
        ("黔东南、佛山两地联合举办招聘会50场。", "", "50场", "黔东南苗族侗族自治州、佛山市", ""),
        # 31个大城市 is one series of the national release: it holds for its paragraph, then the country resumes
        ("国家统计局发布数据，5月份，全国城镇调查失业率为5.0%。\n31个大城市城镇调查失业率为5.1%，比上月下降0.1个百分点。"
         "大城市失业率明显低于全国城镇整体水平，年内高点为5.4%。\n16-24岁劳动力调查失业率为14.9%。", "", "14.9%", "全国", "100000"),
        ("国家统计局发布数据，5月份，全国城镇调查失业率为5.0%。\n31个大城市城镇调查失业率为5.1%，比上月下降0.1个百分点。"
         "大城市失业率明显低于全国城镇整体水平，年内高点为5.4%。\n16-24岁劳动力调查失业率为14.9%。", "", "5.4%", "31个大城市",
         ""),
        # 两地 later refers back to the places last named together
        ("黔东南、佛山两地签署劳务协作协议。佛山企业扎根黔东南。2021年来，两地举办招聘会500余场。", "", "500余场",
         "黔东南苗族侗族自治州、佛山市", ""),
        ("湖南省城镇新增就业70万人。两地举办招聘会500余场。", "", "500余场", "湖南省", "430000"),  # none named together
        # counted as the parts of one unit, they are that unit
        ("株洲市人社局对炎陵、茶陵、攸县三县开展帮扶，送岗位到100余个行政村。", "", "100余个", "株洲市", "430200"),
        ("湖南长沙举办招聘会50场。", "", "50场", "长沙市", "430100"),  # a path is no list
        # a part named after 其中 or 如 holds for its sentence; then the whole resumes
        ("湖南省全年新增就业50万人，其中长沙市12万人。城镇调查失业率5.2%。", "", "12万人", "长沙市", "430100"),
        ("湖南省全年新增就业50万人，其中长沙市12万人。城镇调查失业率5.2%。", "", "5.2%", "湖南省", "430000"),
        # where the workers work is not where the figure is
        ("平利县外出务工人员5万人，其中在广东东莞务工2万人。", "", "2万人", "平利县", "610926"),
        # where people come from is not where the figure is
        ("湖南省春风行动招聘会吸引来自全国各地的求职者2万人。", "", "2万人", "湖南省", "430000"),
        # the country in Taiwan and overseas usage
        ("中国大陆4月份城镇新增就业120万人。", "", "120万人", "全国", "100000"),
        # a name that starts with 全国 (an institution, a campaign, an honour) is not the country
        ("湖南省人社厅介绍，2025年全国城市联合招聘高校毕业生春季专场在长沙举行，现场提供岗位3万个。", "",
         "3万个", "湖南省", "430000"),
        ("株洲市人社局局长、全国人大代表王五说，今年新增就业5万人。", "", "5万人", "株洲市", "430200"),
        # but the national sessions set the country's targets, even quoted in a provincial article
        ("广东省人社厅介绍，今年全国两会提出城镇新增就业1200万人以上。", "", "1200万人以上", "全国", "100000"),
        # 各地: the document's own scope — the country in national media, no change elsewhere
        ("广东省举办招聘会20场。各地共举办招聘会300场。", "新华社", "300场", "全国", "100000"),
        ("广东省举办招聘会20场。各地共举办招聘会300场。", "", "300场", "广东省", "440000"),
        ("全省各地共举办招聘会300场。", "株洲日报", "300场", "湖南省", "430000"),
        ("人社部发布数据，全国城镇新增就业898万人。广东省举办招聘会20场。各地共举办招聘会300场。", "", "300场",
         "全国", "100000"),  # no outlet named, but a report that opens on the country
        # 全市 on a page with no publisher and no place before it: the city the page names further on,
        # when it is a 市 (a 州's county named later leaves 全市 unknown)
        ("全市新增就业17.2万人。苏州籍应届高校毕业生就业率达到98.7%。", "", "17.2万人", "苏州市", "320500"),
        ("全市成立合作社487家，带动1160人实现就业。丹巴县的经验值得推广。", "", "1160人", "", ""),
        # a headline figure above any place: the country's when the first scope the page names is the country
        ("农村外出务工劳动力总量同比下降2.1%\n国务院新闻办公室今日举行发布会，国家统计局发言人介绍，全国城镇新增就业898万人。",
         "", "2.1%", "全国", "100000"),
        ("农村外出务工劳动力总量同比下降2.1%\n湖南省统计局发布数据，全国城镇新增就业898万人。", "", "2.1%", "", ""),
        # 我州 is a 州: the one named before, not the city in force
        ("黔东南、佛山携手协作。我州累计转移农村劳动力40万人。", "", "40万人", "黔东南苗族侗族自治州", "522600"),
        # a province's office named without its province speaks for the province of the place in force
        ("株洲市举办招聘会。省人社厅数据显示，1至6月城镇新增就业35万人。", "株洲日报", "35万人", "湖南省", "430000"),
        # 全县 where only a province or a city is in force: a county the page does not name, not the province
        ("今年以来，全县城镇新增就业2100人。", "甘肃日报", "2100人", "", ""),
        ("湖南省城镇新增就业70万人。今年以来，全县城镇新增就业2100人。", "", "2100人", "", ""),
        ("株洲市举办招聘会20场。该县今年转移农村劳动力5000人。", "", "5000人", "", ""),
        ("人社部发布数据，全国城镇新增就业898万人。全县城镇新增就业2100人。", "", "2100人", "", ""),
        ("人社部发布数据，全国城镇新增就业898万人。全省城镇新增就业50万人。", "", "50万人", "", ""),
        # until a place is named again
        ("全县城镇新增就业2100人。湖南省城镇新增就业70万人。", "甘肃日报", "70万人", "湖南省", "430000"),
        ("全县城镇新增就业2100人。全市城镇新增就业2.1万人。", "株洲日报", "2.1万人", "株洲市", "430200"),
        # 健全县乡村三级服务体系 names no county: the province stays in force
        ("四川省将健全县乡村三级劳务服务体系，确保农民工务工规模保持在2500万人左右。", "", "2500万人左右",
         "四川省", "510000"),
        # a known outlet's name holds no place the page is about (中国台湾网, 天山网: 天山区)
        ("中国台湾网移动版\n国家统计局介绍，全国城镇新增就业1361万人。", "", "1361万人", "全国", "100000"),
        ("中国台湾网移动版\n城镇新增就业1361万人。", "", "1361万人", "", ""),
        ("乌鲁木齐市天山区今年城镇新增就业2100人。", "", "2100人", "天山区", "650102"),
        ("乌鲁木齐市人社局介绍。天山网讯 今年以来城镇新增就业2100人。", "", "2100人", "乌鲁木齐市", "650100"),
        # a unit named without its name (xx省, 某某县, ××市) hides the place: the one in force no longer holds,
        # and 全省 after it is that hidden province, not one named before
        ("本文选择xx省作为样本，考察黄冈市。xx省农村劳动力省外务工500万人。", "", "500万人", "", ""),
        ("本文考察黄冈市。xx省是劳务输出大省。2020年，全省返乡创业40万人。", "", "40万人", "", ""),
        ("湖南省城镇新增就业70万人。某县今年城镇新增就业2100人。", "", "2100人", "", ""),
        ("湖南省XX区城镇新增就业2100人。", "", "2100人", "", ""),
        # 某市场 is a market, not a hidden city
        ("湖南省城镇新增就业70万人。某市场新增就业岗位3000个。", "", "3000个", "湖南省", "430000"),
        # 我县 in a county's media centre, named by its short name
        ("今年以来，我县转移农村劳动力5000人。", "松桃融媒", "5000人", "松桃苗族自治县", "520628"),
    ],
)
def test_region(text, source, quote, region, code):
    claim = by_quote(text, quote, source=source)
    assert (claim["region"], claim["region_code"]) == (region, code)


@pytest.mark.parametrize("row", read_table("reference_asides.csv"), ids=lambda r: f"{r['side']}-{r['word']}")
def test_a_scope_word_in_an_aside_leaves_the_subject_its_figures(row):
    # 新田县在全省率先…, 全省首家…: 全省 is where the subject stands or what it follows, not whose figures these are
    found = [c for c in claims(row["example"]) if c["metric"] != "other"]
    assert found and {c["region"] for c in found} == {"新田县"}


@pytest.mark.parametrize("row", read_table("reference_subject_cues.csv"), ids=lambda r: r["cue"])
def test_the_country_by_its_own_name_is_the_subject_of_its_figures(row):
    found = [c for c in claims(row["example"]) if c["metric"] != "other"]
    assert found and {c["region"] for c in found} == {"全国"}


@pytest.mark.parametrize("text, quote", [
    ("湖南省城镇新增就业70万人。中国银行湖南分行发放创业担保贷款3亿元。", "3亿元"),
    ("湖南省城镇新增就业70万人。在中国特色社会主义新时代，全省转移就业30万人。", "30万人"),
    ("据中国人民银行长沙中心支行统计，湖南省发放创业担保贷款3亿元。", "3亿元"),
])
def test_the_country_named_inside_another_name_changes_nothing(text, quote):
    assert by_quote(text, quote)["region"] == "湖南省"


@pytest.mark.parametrize("text, quote, region", [
    # the scope word as the subject still takes the figures
    ("新田县城镇新增就业2100人。全省城镇新增就业70万人。", "70万人", "湖南省"),
    ("新田县城镇新增就业2100人，全省城镇新增就业70万人。", "70万人", "湖南省"),
    # 在全市范围内, 在全县各地: the scope of what follows, not where the subject stands
    ("攸县举办招聘会20场。在全市范围内开展春风行动，共举办招聘会120场。", "120场", "株洲市"),
    # with nothing in force, an aside's scope is all a reader has
    ("在全省率先推行就业驿站，城镇新增就业2100人。", "2100人", ""),
    # a national body speaks wherever it sits
    ("北京市人社局介绍。国家统计局局长在国务院新闻办公室举行的发布会上表示，城镇新增就业1269万人。", "1269万人", "全国"),
])
def test_a_scope_word_as_the_subject_takes_the_figures(text, quote, region):
    assert by_quote(text, quote)["region"] == region


@pytest.mark.parametrize("text, quote, code", [
    # a district name several cities have: the one in the city the document names, even further on
    ("通州区今年城镇新增就业1.2万人。南通市人社局介绍，全市城镇新增就业10万人。", "1.2万人", "320612"),
    ("鼓楼区今年城镇新增就业1.2万人。据了解，福州市今年城镇新增就业10万人。", "1.2万人", "350102"),
    ("朝阳区今年城镇新增就业1.2万人。长春市人社局表示将继续推进。", "1.2万人", "220104"),
    # the city in force still comes first
    ("南京市鼓楼区今年城镇新增就业1.2万人。福州市今年城镇新增就业10万人。", "1.2万人", "320106"),
    # nothing else named: the lowest code, as before
    ("鼓楼区今年城镇新增就业1.2万人。", "1.2万人", "320106"),
])
def test_a_shared_district_name_is_the_one_in_the_city_the_document_names(text, quote, code):
    assert by_quote(text, quote)["region_code"] == code


@pytest.mark.parametrize("text, quote, region", [
    # a caption's place holds for the caption's own figures; the paragraphs after it keep the place before
    ("湖南省人社厅发布消息。\n株洲市零工市场内，求职者正在登记。通讯员 李四 摄\n今年以来共举办招聘会500场。",
     "500场", "湖南省"),
    ("湖南省人社厅发布消息。\n▲株洲市零工市场里，80名求职者找到工作。（王五 摄）\n今年以来共举办招聘会500场。",
     "80名", "株洲市"),
    # a caption run into the text of the same line ends at its credit
    ("湖南省人社厅发布消息。株洲市零工市场内，求职者正在登记。（记者 张三 摄）今年以来共举办招聘会500场。",
     "500场", "湖南省"),
    ("湖南省人社厅发布消息。招聘会在株洲市神农城广场开展 通讯员 李四 摄 今年以来共举办招聘会500场。",
     "500场", "湖南省"),
    # when nothing was in force before it, the caption is all a reader has
    ("株洲市零工市场内，求职者正在登记。通讯员 李四 摄\n今年以来共举办招聘会500场。", "500场", "株洲市"),
])
def test_a_photo_caption_does_not_set_the_place_of_what_follows(text, quote, region):
    assert by_quote(text, quote)["region"] == region


@pytest.mark.parametrize("title, source, region", [
    ("贵州：上半年就业形势总体稳定", "", "贵州省"),
    ("福建省城镇登记失业人数及失业率", "新华社", "福建省"),  # a national outlet's page about one province
    ("招聘会在株洲市举行", "", "株洲市"),  # a venue is all a reader has here
    ("稳就业举措亮点纷呈", "新华社", "全国"),
])
def test_the_place_a_title_names_is_in_force_where_the_body_begins(title, source, region):
    assert by_quote("上半年城镇新增就业39.66万人。", "39.66万人", title=title, source=source)["region"] == region


@pytest.mark.parametrize("row", read_table("organisation_suffixes.csv"), ids=lambda r: r["suffix"])
def test_every_organisation_suffix_hides_the_place(row):
    text = f"株洲市人社局发布。湖南某某{row['suffix']}的代表说，全市新增城镇就业5人。"
    assert by_quote(text, "5人", source="株洲日报")["region"] == "株洲市"


# --- year ------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, pub_year, title, quote, year, period",
    [
        ("去年，我市新增城镇就业3万人", 2022, "", "3万人", "2021", ""),
        ("今年1至3月份，全市新增城镇就业3万人", 2023, "", "3万人", "2023", "01-03"),
        ("一季度，全省城镇新增就业25.62万人", 2019, "四川:今年一季度就业形势总体稳定", "25.62万人", "2019", "Q1"),
        ("“十三五”期间，全区累计输转劳动力42.21万人", 2022, "", "42.21万人", "2016-2020", ""),
        ("2022年摸排收集求职信息。举办各类招聘会近400场", 2023, "", "近400场", "2022", ""),
        # a year-in-review article without a date: the year its title names
        ("我市重点建设了95个充分就业社区", None, "2021年“就业创业”工作有这些大事", "95个", "2021", ""),
        # an undated page whose title names no year: the year its opening paragraph states
        ("根据调查结果显示，2021年一季度末，云南省外出从业农村劳动力总量为587万人，比上年同期增长36.5%。\n"
         "外出务工人员情况\n一季度末，云南省外出从业农村劳动力总量为587万人。", None, "一季度云南农村劳动力外出务工人数实现增长",
         "587万人", "2021", "Q1"),
        # no date, no year in the text: no way to tell
        ("截至目前，全县城镇新增就业2093人", None, "", "2093人", "", ""),
        # a year compared against is not the figure's year
        ("2021年，城镇登记失业率3.36%，比2019年降低0.33个百分点", 2022, "", "0.33个百分点", "2021", ""),
        ("过去一年，经济实现合理增长，高于疫情突如其来的2020年。城镇新增就业达1200多万人", 2023, "", "1200多万人",
         "2022", ""),
        # a year a figure is compared against frames nothing, in the sentence or as the page's lead
        ("全县脱贫人口务工规模达到4.2万人，超过去年水平。\n全县城镇新增就业3200人。", 2022, "", "3200人", "", ""),
        ("据统计，2019年至2021年，全区累计新增就业1.2万人。", 2022, "", "1.2万人", "2019-2021", ""),
        # one year back (一年来), counts past ten (十一年来), since a year up to now (2021年至今)
        ("一年来，我县城镇新增就业5100人。", 2023, "", "5100人", "2022", ""),
        ("2022年，全县稳就业工作成效明显。一年来，我县城镇新增就业5100人。", 2023, "", "5100人", "2022", ""),
        ("十一年来，全县累计转移就业12万人。", 2023, "", "12万人", "2012-2022", ""),
        ("2021年至今，全县累计发放创业担保贷款1.2亿元。", 2023, "", "1.2亿元", "2021-2023", ""),
        ("自2021年3月5日启动以来，全县累计举办招聘会36场。", 2023, "", "36场", "2021-2023", ""),
        # since last year: the years from it to the publication; a year of an honour frames nothing
        ("去年以来，全县累计新增就业5200人。", 2023, "", "5200人", "2022-2023", ""),
        ("某县2022年被评为全省就业工作先进县。\n全县城镇新增就业3200人。", 2023, "", "3200人", "", ""),
        ("2021年出台的稳就业政策持续发力。全县城镇新增就业3200人。", 2023, "", "3200人", "", ""),
        # now, said otherwise than 目前; 当前的就业形势 names a situation
        ("2018年，全县启动技能扶贫工程。当前，全县在外务工人员3.2万人。", 2023, "", "3.2万人", "2023", ""),
        ("当前就业形势总体稳定，全县在外务工人员3.2万人。", 2023, "", "3.2万人", "", ""),
        # a few days before the report, up to when it was filed: the publication's year
        ("近日，某县举办大型招聘会，60家企业提供岗位1800个。", 2023, "", "1800个", "2023", ""),
        ("截至发稿时，全县城镇新增就业3200人。", 2023, "", "3200人", "2023", ""),
        # the year so far in other words: 年初以来, 春节以来, 春风行动期间, 今年首季; up to a month without 底
        ("年初以来，全市城镇新增就业1.1万人。", 2022, "", "1.1万人", "2022", ""),
        ("春节以来，全市帮助农民工返岗就业1.1万人。", 2022, "", "1.1万人", "2022", ""),
        ("春风行动期间，全市举办招聘会56场。", 2022, "", "56场", "2022", ""),
        ("今年首季，全市城镇新增就业1.1万人。", 2022, "", "1.1万人", "2022", "Q1"),
        ("截至6月，全市城镇新增就业1.1万人。", 2023, "", "1.1万人", "2023", "01-06"),
        ("截至2022年6月份，全市城镇新增就业1.1万人。", 2023, "", "1.1万人", "2022", "01-06"),
        # 春节后首场招聘会 names the event, whose day still dates its figures
        ("2月17日，某县举办春节后首场招聘会，共吸引45家企业参加，发布岗位2200余个。", 2023, "", "2200余个", "2023",
         "02-02"),
        # parts of a year
        ("截至3月底，全市新增城镇就业3万人", 2023, "", "3万人", "2023", "01-03"),
        ("2021年1月至9月，新增就业人数达到1045万人", 2022, "", "1045万人", "2021", "01-09"),
        ("2022年1—12月，全省城镇新增就业37.4万人", 2023, "", "37.4万人", "2022", ""),
        ("今年三季度全省农民工出省就业人数达861.3万人", None, "", "861.3万人", "", "Q3"),
        # a campaign's name dates it but keeps the part of the year in force
        ("今年1至3月份，开展“2023年春风行动”专项活动，举办各类招聘会179场次", 2023, "", "179场次", "2023", "01-03"),
        # a part of the year goes on in the paragraphs that follow, until another time or a heading
        ("一季度，全市新增城镇就业3万人。\n分县看，华容县新增城镇就业1000人。", 2023, "2023年就业工作综述", "1000人", "2023", "Q1"),
        ("一季度，全市新增城镇就业3万人。\n就业援助\n华容县新增城镇就业1000人。", 2023, "2023年就业工作综述", "1000人", "2023",
         ""),
        # a stock's date is its paragraph's
        ("年末，全市城镇登记失业率为2.9%。\n华容县新增城镇就业1000人。", 2023, "2023年就业工作综述", "1000人", "2023", ""),
        # a stock at the end of the year is the year's last month; a base of comparison (上年末) is not
        ("年末全县城镇登记失业率为3.2%。", 2022, "", "3.2%", "2022", "12-12"),
        ("截至去年底，全市城镇登记失业率为2.9%。", 2023, "", "2.9%", "2022", "12-12"),
        ("2021年末，全省农民工总量达到1050万人。", 2022, "", "1050万人", "2021", "12-12"),
        ("今年全市城镇新增就业4.5万人，比上年末多0.3万人。", 2023, "", "0.3万人", "2023", ""),
        # a stock's date said in passing holds for its own statement; one that opens the statement holds on
        ("2022年全县城镇新增就业1.2万人，年末城镇登记失业率为2.8%。组织农民工参加职业技能培训3000人次。", 2023, "",
         "3000人次", "2022", ""),
        ("2022年全县城镇新增就业1.2万人，年末城镇登记失业率为2.8%。", 2023, "", "2.8%", "2022", "12-12"),
        ("年末，全省农民工总量为1050万人。其中外出农民工620万人。", 2022, "", "620万人", "2022", "12-12"),
        # spans: a figure over years has the span; a yearly figure over them the period per-year
        ("“十三五”期间，全市城镇新增就业28万人，年均新增5.6万人。", 2021, "", "5.6万人", "2016-2020", "per-year"),
        ("2020年，全县城镇新增就业1.2万人，连续4年稳定在1万人以上。", 2021, "", "1万人以上", "2017-2020", "per-year"),
        ("2020年，全县城镇新增就业1.2万人，连续4年稳定在1万人以上。全年培训农民工3000人。", 2021, "", "3000人",
         "2020", ""),
        ("五年来，全县累计转移农村劳动力21万人。", 2021, "", "21万人", "2016-2020", ""),
        ("2018年以来，全县累计发放创业担保贷款3.2亿元。", 2021, "", "3.2亿元", "2018-2021", ""),
        # a span whose end the text does not tell has no year; a month named next is of the year it starts
        ("2017年推行“乡贤回归”计划以来，全县新增返乡创业3200人。", None, "", "3200人", "", ""),
        ("2019年以来，全县人社部门稳步推进各项工作。截至7月底，全县城镇新增就业2.1万人。", None, "", "2.1万人", "2019", "01-07"),
        ("近年来，全县累计带动就业1.2万人。", 2023, "2023年就业工作综述", "1.2万人", "", ""),
        ("近年来，全县就业局势稳定。今年1-7月，全县城镇新增就业1.2万人。", None, "2023年就业工作报告", "1.2万人", "2023",
         "01-07"),
        # a day's event that started a span does not date the page
        ("自2019年3月5日启动以来，全县举办招聘会36场。今年全县城镇新增就业3200人。", None, "", "3200人", "", ""),
        # this year's graduating class named by its year dates an undated page
        ("今年1-3月，全省城镇新增就业26万人。\n今年，全省2021届高校毕业生有32万人。", None, "", "26万人", "2021", "01-03"),
        # an undated page: 今年 is a year the text names as the one it is written in (with a part of it, in the name
        # of its campaign or policy, beside a day, with its plans), not a year it only reports on (2021年，…新增…)
        ("2021年，全县城镇新增就业3200人。今年以来，全县城镇新增就业2100人。", None, "", "2100人", "", ""),
        ("2021年，全县城镇新增就业3200人。今年以来，全县城镇新增就业2100人。", None, "", "3200人", "2021", ""),
        ("记者从县人社局获悉，2023年1-5月，全县城镇新增就业2100人。今年以来，全县举办招聘会36场。", None, "", "36场",
         "2023", ""),
        ("某县2023年“春风行动”启动，提供岗位8000多个。今年以来，全县举办招聘会36场。", None, "", "36场", "2023", ""),
        ("某县出台《2024年稳岗拓岗十条措施》。今年以来，全县举办招聘会36场。", None, "", "36场", "2024", ""),
        ("3月16日，某县举办2025年春季大型招聘会，提供岗位8000多个。今年以来，全县举办招聘会36场。", None, "", "36场",
         "2025", "01-03"),
        ("2023年，全县计划城镇新增就业3200人。今年以来，全县城镇新增就业2100人。", None, "", "2100人", "2023", ""),
        # 本年/年内 in a communiqué: the year it reviews, as a whole (after 年末, no longer the stock's date)
        ("2022年末，全县城镇登记失业率3.1%。本年城镇新增就业3200人。", 2023, "", "3200人", "2022", ""),
        # the census of 2020 dates its own figures only
        ("2022年，全市经济平稳运行。根据第七次人口普查，全市外出务工人员52万人。全市城镇新增就业3200人。", 2023, "",
         "52万人", "2020", ""),
        ("2022年，全市经济平稳运行。根据第七次人口普查，全市外出务工人员52万人。全市城镇新增就业3200人。", 2023, "",
         "3200人", "2022", ""),
        # 当年: the year in force as a whole, not the date of the stock stated before it
        ("截至2022年底，全县农民工总量12万人，当年新增就业3200人。", 2023, "", "3200人", "2022", ""),
        # a graduating class named by its year: that year's figure, for its statement only
        ("2023届高校毕业生规模预计达1158万人。", 2022, "", "1158万人", "2023", ""),
        ("2022年，全县城镇新增就业3200人。2023届高校毕业生有1200人。全县农村劳动力转移就业1.2万人。", 2023, "",
         "1.2万人", "2022", ""),
        # a title or heading that reviews a year and names the next one's plan: the figures are the review's
        ("全县城镇新增就业3200人。", None, "某县人社局2022年工作总结和2023年工作计划", "3200人", "2022", ""),
        ("某县人社局2022年工作总结和2023年工作计划\n全县城镇新增就业3200人。", None, "", "3200人", "2022", ""),
        ("2022年全县城镇新增就业3200人，2023年计划新增3500人。", 2023, "", "3500人", "2023", ""),
        # an undated report that names the day it was given: 今年 is that year
        ("关于就业工作情况的报告\n——2023年6月20日在某市人大常委会第十次会议上\n今年1-5月，全市城镇新增就业3.1万人。", None, "",
         "3.1万人", "2023", "01-05"),
        # a year merely mentioned is not the time of what follows; the start of a from…to change is its own figure's
        ("某公司成立于1998年，此次提供就业岗位120个。", 2023, "", "120个", "", ""),
        ("2022年，全市就业人员由2015年的52万人增加到61万人。城镇新增就业4.2万人。", 2023, "", "52万人", "2015", ""),
        ("2022年，全市就业人员由2015年的52万人增加到61万人。城镇新增就业4.2万人。", 2023, "", "4.2万人", "2022", ""),
        # the start of a change, the base of a comparison stated as a figure: that one figure's time
        ("2022年，全市农民工总量由2015年的52万人增加到61万人。", 2023, "", "61万人", "2022", ""),
        ("全市农民工总量从去年的52万人增加到61万人。", 2023, "", "52万人", "2022", ""),
        ("今年1-6月，全市城镇新增就业3.4万人，比去年同期的3.1万人增加0.3万人。", 2023, "", "3.1万人", "2022", "01-06"),
        ("今年1-6月，全市城镇新增就业3.4万人，比去年同期的3.1万人增加0.3万人。", 2023, "", "0.3万人", "2023", "01-06"),
        ("今年1-6月，全市城镇新增就业3.4万人，去年同期为3.1万人。", 2023, "", "3.1万人", "2022", "01-06"),
        # 上年 is the year before the one the text is about, 去年 the year before the publication
        ("全市城镇新增就业5.1万人，比上年的4.8万人增加0.3万人。", 2023, "2022年全市就业工作总结", "4.8万人", "2021", ""),
        ("上年末，全市城镇登记失业率3.1%。", 2023, "2022年全市国民经济和社会发展统计公报", "3.1%", "2021", "12-12"),
        ("上年末，全市城镇登记失业率3.1%。", 2023, "", "3.1%", "2022", "12-12"),
        # years listed, then 分别: each figure after it is, in turn, of one of the years
        ("全县2021年、2022年分别新增就业3000人、3200人。", 2023, "", "3000人", "2021", ""),
        ("2020年、2021年和2022年，全县城镇新增就业分别为3000人、3100人和3200人。", 2023, "", "3100人", "2021", ""),
        ("2021年、2022年全县城镇新增就业6200人，分别为3000人、3200人、1000人。", 2023, "", "3000人", "2022", ""),
        # a yearly average of a change told from one year to another is over the years of the change
        ("全省城镇就业人数由2012年的3728万人增加到2021年的4677万人，城镇新增就业年均超过130万人。", 2022, "", "超过130万人",
         "2013-2021", "per-year"),
        # every year, with no span in force: a yearly figure of the year in force
        ("每年保持新增就业3万人以上。", 2025, "", "3万人以上", "2025", "per-year"),
        # months that run across two years belong to no one year; the month in force holds after them
        ("6月份，全省城镇调查失业率为4.8%。据统计，去年11月至今年5月的失业率介于4.9%至5.2%。\n"
         "省会城市城镇调查失业率为4.6%。", 2025, "", "5.2%", "", ""),
        ("6月份，全省城镇调查失业率为4.8%。据统计，去年11月至今年5月的失业率介于4.9%至5.2%。\n"
         "省会城市城镇调查失业率为4.6%。", 2025, "", "4.6%", "2025", "06-06"),
        # the end of December is the year's end, as 2021年底 is
        ("截至2022年12月底，全省农民工外出务工规模为1180万人。", 2023, "", "1180万人", "2022", "12-12"),
        ("截至2022年12月31日，全县城镇登记失业率为3.1%。", 2023, "", "3.1%", "2022", "12-12"),
        # up to the end of a month of a named year: the months from January
        ("截至2022年10月末，全市累计实现城镇新增就业6.1万人。", 2023, "", "6.1万人", "2022", "01-10"),
        # a quarter said 第1季; since a month (从4月开始) or a year said with 自 alone (自2015年底开展…)
        ("2019年第2季，全省新增城镇就业18万人。", 2019, "", "18万人", "2019", "Q2"),
        ("从今年6月开始，全镇组织劳务输出3200多人。", 2023, "", "3200多人", "2023", ""),
        ("两市自2012年初建立劳务协作机制，目前在外务工人员超过1.5万人。", None, "", "超过1.5万人", "", ""),
        # months that do not start in January, a quarter in digits, the year after the publication
        ("今年4至6月，全市城镇新增就业1.1万人。", 2023, "", "1.1万人", "2023", "04-06"),
        ("第3季度全市城镇新增就业1.1万人。", 2023, "", "1.1万人", "2023", "Q3"),
        ("明年全市城镇新增就业目标为5万人。", 2023, "", "5万人", "2024", ""),
        ("今明两年，全县计划新增就业6000人。", 2023, "", "6000人", "2023-2024", ""),
        ("未来3年，全省计划培训农民工30万人次。", 2023, "", "30万人次", "2023-2025", ""),
        # the first months of the year, counted in words
        ("2022年前八个月，全区城镇新增就业2.4万人。", 2023, "", "2.4万人", "2022", "01-08"),
        ("今年首五个月，全省城镇新增就业12.6万人。", 2023, "", "12.6万人", "2023", "01-05"),
        ("今年头两个月，全省城镇新增就业5.1万人。", 2023, "", "5.1万人", "2023", "01-02"),
        ("今年第一、二季度，全省城镇新增就业25.1万人。", 2023, "", "25.1万人", "2023", "H1"),
        # since a month (5月至今) is the months up to the event the page reports, else no part of the year; not May
        ("今年5月至今，全县城镇新增就业3200人。", 2023, "", "3200人", "2023", ""),
        ("今年提前3个月完成全年任务，全市城镇新增就业5万人。", 2023, "", "5万人", "2023", ""),
        # a goal is the whole year's, whatever month the sentence reports
        ("8月，全市城镇登记失业率2.8%，控制在4%的目标以内。", 2021, "", "4%", "2021", ""),
        ("“十四五”期间，全省就业目标为每年新增城镇就业50万人以上。", 2023, "", "50万人以上", "2021-2025", "per-year"),
        # a communique's date line says when it appeared; its opening paragraph names the year it reviews
        ("某市统计局\n（2022年3月5日）\n2021年，面对复杂严峻的形势，全市经济持续恢复，发展质量稳步提升，社会大局和谐稳定。\n"
         "全年城镇新增就业6500人。", 2022, "", "6500人", "2021", ""),
    ],
)
def test_year(text, pub_year, title, quote, year, period):
    claim = by_quote(text, quote, pub_year=pub_year, title=title)
    assert (claim["year"], claim["period"]) == (year, period)


@pytest.mark.parametrize("row", read_table("event_cues.csv"), ids=lambda r: r["word"])
def test_every_event_cue_decides_whether_figures_are_the_dated_events(row):
    quote = "1.2万个" if row["role"] == "total" else "1800个"
    expected = "" if row["role"] == "total" else "05-05"
    assert by_quote(row["example"], quote, pub_year=2023)["period"] == expected


@pytest.mark.parametrize(
    "text, quote, period",
    [
        # the figures of a job fair held on a day are that month's, on through its paragraph
        ("5月20日，某县在文化广场举办大型招聘会，60家企业提供岗位1800个。", "1800个", "05-05"),
        ("5月20日，某县在文化广场举办大型招聘会。共有60家企业参加，提供岗位1800个。", "1800个", "05-05"),
        ("5月20日，某县举办大型招聘会。\n记者在本次招聘会上看到，60家企业提供岗位1800个。", "1800个", "05-05"),
        # a dateline, a day that starts or ends a span, a day with no event: no part of the year
        ("新华社北京8月12日电 今年以来，全市举办招聘会120场。", "120场", ""),
        # characters lost in decoding (??) between Chinese characters do not end the event's statement
        ("5月20日，一场规??空前的大型招聘会在某县举行，60家企业提供岗位1800个。", "1800个", "05-05"),
        # a dateline dates the event its paragraph tells of as yesterday or today
        ("人民网北京1月6日电 某市组织企业赴京招聘。昨日结束的此次招聘，待聘的1019个职位有1074人次达成意向。", "1074人次",
         "01-01"),
        ("新华社北京8月12日电 今天，某市举办大型招聘会，60家企业提供岗位1800个。", "1800个", "08-08"),
        ("人民网北京1月6日电 连日来，某市组织企业赴京招聘。昨日结束的此次招聘，1019个职位有1074人次达成意向。", "1074人次",
         "01-01"),
        ("自2月10日启动以来，全市举办各类招聘活动230场。", "230场", ""),
        ("5月20日起，全县将连续举办招聘会，已有60家企业提供岗位1800个。", "1800个", ""),
        ("自3月6日起，全区已举办小型招聘会45场。", "45场", ""),
        # up to a day: the months from January to that day's (a cumulative figure, not one event's)
        ("截至6月18日，全县累计举办招聘会48场。", "48场", "01-06"),
        ("9月3日，记者从县人社局获悉，全县城镇新增就业5000人。", "5000人", ""),
        # the event's paragraph ends its reach, unless a later one refers back
        ("5月20日，某县举办大型招聘会，提供岗位1800个。\n全县外出务工劳动力保持在12万人左右。", "12万人左右", ""),
        # after the event, a statement about the year so far goes up to the event's month
        ("5月20日，某县举办大型招聘会，提供岗位1800个。今年以来全县举办招聘会36场。", "36场", "01-05"),
        ("5月20日，某县举办大型招聘会，提供岗位1800个。1月以来全县举办招聘会36场。", "36场", "01-05"),
        ("今年以来，全县举办招聘会36场。", "36场", ""),
    ],
)
def test_figures_of_a_dated_event(text, quote, period):
    assert by_quote(text, quote, pub_year=2023)["period"] == period


@pytest.mark.parametrize("row", read_table("dating_cues.csv"), ids=lambda r: r["example"][:20])
def test_every_dating_cue_tells_when_an_undated_page_was_written(row):
    # 今年 in the example is the year the event fixes; with no such event, an undated page's 今年 has no year
    expected = str(int(regex.search(r"(?:19|20)\d{2}", row["example"]).group()) + int(row["written"]))
    assert by_quote(row["example"], "50万人", pub_year=None)["year"] == expected
    assert by_quote("今年全省城镇新增就业50万人。", "50万人", pub_year=None)["year"] == ""


@pytest.mark.parametrize(
    "text, year, period",
    [
        # a headline figure with no time of its own is the body's figure, with the body's time
        ("湖南城镇新增就业34.9万人\n截至5月底，全省城镇新增就业34.9万人，农村劳动力转移就业25.97万人。", "2023", "01-05"),
        ("湖南城镇新增就业34.9万人\n2022年，全省城镇新增就业34.9万人。", "2022", ""),
        # a figure heading its line (1066万人：…) is the figure the line goes on to state
        ("1066万人：2015年前三季度，全国城镇新增就业1066万人。", "2015", "01-09"),
        # a headline that names its own time keeps it
        ("湖南一季度城镇新增就业34.9万人\n截至5月底，全省城镇新增就业34.9万人。", "2023", "Q1"),
    ],
)
def test_a_headline_figure_takes_the_time_of_the_same_figure_in_the_body(text, year, period):
    headline = claims(text, pub_year=2023)[0]
    assert (headline["year"], headline["period"]) == (year, period)


def test_offsets_point_at_the_quote_in_the_cleaned_text():
    text = "國家統計局：2022年城鎮新增就業1206萬人，超額完成1100萬人的全年預期目標任務。"
    for claim in claims(text):
        assert text[claim["start"]:claim["end"]] == claim["quote"]
        assert claim["quote"] in claim["sentence"]


def test_claim_ids_are_stable_and_distinct():
    text = "城镇新增就业8303人，城镇失业人员再就业9223人。"
    first, second = claims(text), claims(text)
    assert [c["claim_id"] for c in first] == [c["claim_id"] for c in second]
    assert len({c["claim_id"] for c in first}) == len(first)


def test_a_figure_stated_twice_is_two_claims():
    text = "城镇新增就业超25万人\n一季度，全省城镇新增就业25万人。"
    assert [c["value"] for c in claims(text)] == [250000, 250000]


@pytest.mark.parametrize("sentence", ["她每月收入3000元，心里很踏实。", "张女士家一年增收2万元。", "他的公司吸纳了50名村民就业。"])
def test_a_figure_about_one_person_or_household_is_not_a_claim(sentence):
    assert claims(sentence) == []


def test_an_official_speaking_is_not_one_person():
    assert [c["value"] for c in claims("他表示，今年全市新增城镇就业3万人。")] == [30000]


def test_a_date_is_not_a_claim():
    assert claims("2021年12月3日，现场会在荷塘区召开。") == []


def test_cells_of_a_flattened_table_become_claims_of_its_region_and_years():
    text = "某省城镇登记失业人数及失业率(2019年-2021年)\n数据来源:国家统计局\n年份失业人数(万人)失业率(%)\n201916.83.5\n202035.73.8\n"
    found = [c for c in claims(text.replace("某省", "福建省")) if c["metric"] != "other"]
    assert [(c["year"], c["value"], c["region"]) for c in found] == [("2019", 3.5, "福建省"), ("2020", 3.8, "福建省")]
    assert {c["metric"] for c in found} == {"registered_unemployment_rate"}


def test_a_change_after_a_number_we_do_not_read_is_not_the_passage_metric():
    found = claims("全市城镇登记失业率3.1%。粮食单位面积产量300.7公斤/亩，比上年增长2.9%。")
    assert [c["metric"] for c in found if c["quote"] == "2.9%"] == ["other"]


@pytest.mark.parametrize("text, quote, kind", [
    # a paragraph that says it lays out what is still to be done makes its figures goals
    ("下一步，全县将继续抓好稳就业工作。全年帮助2000名长期失业人员实现再就业。", "2000名", "target"),
    ("2022年全市将加快构建就业友好型城市。全年新增就业5万人。", "5万人", "target"),
    # what is already done stays a result; a 将 that fronts an object says no plan; a plan ends with its paragraph
    ("下一步，全县将继续抓好稳就业工作，目前已新增就业5200人。", "5200人", "level"),
    ("今年全市将稳就业摆在突出位置，新增就业5200人。", "5200人", "level"),
    ("下一步，全县将继续抓好稳就业工作。\n全年新增就业5200人。", "5200人", "level"),
    # a plan stated for a year already past when the page was published (pub_year 2022) reports its results
    ("2021年全县将继续抓好稳就业工作。全年新增就业5200人。", "5200人", "level"),
])
def test_a_plan_paragraph_states_goals(text, quote, kind):
    assert by_quote(text, quote)["kind"] == kind


@pytest.mark.parametrize("text, quote, metric, kind", [
    # a share whose clause names only a part (a group word) is the passage's figure's
    ("全省外出务工人员120万人。从就业行业看，第一产业占比为4.1%、第二产业占比为47.2%。", "47.2%",
     "rural_labor_transfer", "share"),
    # a change of a rate the sentence named is that rate's, not the passage's figure's
    ("全市城镇新增就业5万人。全市企业员工返岗率与去年同期相比，提高了约3个百分点。", "约3个百分点", "other", "change"),
    # what a government work report proposes is a goal
    ("市政府工作报告提出，就业优先政策要全面发力。今年城镇新增就业5万人以上，城镇调查失业率5.5%左右。", "5.5%左右",
     "surveyed_unemployment_rate", "target"),
    ("市政府工作报告指出，过去一年就业形势稳定。去年城镇新增就业5万人。", "5万人", "urban_new_jobs", "level"),
])
def test_passage_figures(text, quote, metric, kind):
    claim = by_quote(text, quote)
    assert (claim["metric"], claim["kind"]) == (metric, kind)


def test_a_labelled_value_takes_its_label_s_metric_and_the_passage_s_year():
    found = claims("2021年全县就业主要指标\n城镇新增就业（人）：5200\n城镇登记失业率（%）：3.1\n")
    assert [(c["metric"], c["value"], c["year"]) for c in found if c["metric"] != "other"] == [
        ("urban_new_jobs", 5200, "2021"), ("registered_unemployment_rate", 3.1, "2021")]


_WORK_REPORT = ("一、2022年工作回顾\n过去一年，全县城镇新增就业3200人，城镇登记失业率控制在3.5%以内。\n"
                "二、2023年工作安排\n今年主要预期目标是：城镇新增就业3000人以上。")


@pytest.mark.parametrize(
    "quote, year, kind",
    [
        ("3200人", "2022", "level"),  # 过去一年 in a report given in 2023
        ("3.5%以内", "2022", "level"),  # a cap in a year already over is the year's result
        ("3000人以上", "2023", "target"),
    ],
)
def test_an_undated_work_report_is_read_in_the_year_its_title_names(quote, year, kind):
    found = by_quote(_WORK_REPORT, quote, pub_year=None, title="2023年攸县人民政府工作报告")
    assert (found["region"], found["year"], found["kind"]) == ("攸县", year, kind)


@pytest.mark.parametrize("text, quote, metric, kind, value", [
    # the change word before a list after 分别 is every member's, with its sign
    ("全市城镇新增就业、农村劳动力转移就业分别达到5.6万人和12万人，分别同比增长5%和3%。", "3%",
     "rural_labor_transfer", "change", 3),
    ("城镇新增就业人数和失业人员再就业人数分别比上年减少2000人和500人。", "500人", "unemployed_reemployed", "change", -500),
    # a member with a unit of its own keeps its own kind
    ("城镇新增就业人数分别增长5%，达到12万人。", "12万人", "urban_new_jobs", "level", 120000),
])
def test_a_list_after_respectively_shares_its_first_kind(text, quote, metric, kind, value):
    claim = by_quote(text, quote)
    assert (claim["metric"], claim["kind"], claim["value"]) == (metric, kind, pytest.approx(value))
