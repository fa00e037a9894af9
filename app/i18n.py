"""Every string the dashboard shows, in Chinese (the default) and English."""
from __future__ import annotations

LANGS = ("zh", "en")

STRINGS: dict[str, tuple[str, str]] = {
    "title": ("就业数据看板", "jiuye — employment figures"),
    "subtitle": ("从新闻和政府文章中提取的就业数字；每个数字都能追溯到原文。",
                 "Employment figures read from Chinese news and government articles; every figure links to its sentence."),
    "metric": ("指标", "Measure"),
    "regions": ("地区（可搜索，省 → 市 → 县）", "Regions (search; province → city → county)"),
    "regions_placeholder": ("全部地区", "All regions"),
    "years": ("年份范围", "Years"),
    "year": ("比较年份", "Year to compare"),
    "latest_year": ("最近一年", "Latest year"),
    "kinds": ("类型", "Kind"),
    "sources": ("来源", "Source"),
    "sources_placeholder": ("全部来源", "All sources"),
    "level": ("地区级别", "Region level"),
    "undated": ("含无年份的数字", "Include undated figures"),
    "stated": ("只看本句写明地区和年份的数字", "Only figures whose region and year are stated in their own sentence"),
    "basis_col": ("地区 / 年份依据", "Region / year from"),
    "lang": ("语言", "Language"),
    "tab_compare": ("地区比较", "Compare"),
    "tab_trend": ("历年趋势", "Trend"),
    "tab_table": ("地区 × 年份表", "Table"),
    "evidence": ("证据：当前视图的数字及原句", "Evidence: the figures behind this view"),
    "evidence_hint": ("点击一行，查看整篇文档及其中所有数字。", "Click a row to open its document with every figure marked."),
    "document": ("文档", "Document"),
    "document_hint": ("在证据表中点击一行以打开文档。", "Click a row of the evidence grid to open its document."),
    "downloads": ("下载 CSV（UTF-8，Excel 可直接打开）", "Download CSV (UTF-8, opens in Excel)"),
    "dl_view": ("当前视图的数字（每个数字一行）", "Figures in this view (each once)"),
    "dl_wide": ("地区 × 年份表", "Region × year table"),
    "dl_evidence": ("当前视图的原文数字（证据）", "Claims behind this view (evidence)"),
    "dl_all": ("全部数字", "Every figure in the store"),
    "dl_facts": ("全部事实（facts.csv，每个数字只计一次）", "All facts (facts.csv, each figure once)"),
    "upload": ("上传文章", "Add articles"),
    "upload_hint": ("把文件拖到这里，或点击选择（.txt .md .html .mhtml .pdf .docx，每个不超过 20 MB）",
                    "Drop files here or click to choose (.txt .md .html .mhtml .pdf .docx, up to 20 MB each)"),
    "upload_saved": ("已保存 {n} 个文件：{names}。正在提取…", "Saved {n} file(s): {names}. Extracting…"),
    "upload_refused": ("未保存：{reasons}", "Not saved: {reasons}"),
    "upload_running": ("正在提取：{done}/{total}", "Extracting: {done}/{total}"),
    "upload_done": ("提取完成，正在刷新…", "Done; refreshing…"),
    "upload_failed": ("提取失败，数据未改变：{reason}", "Extraction failed; the data is unchanged: {reason}"),
    "upload_errors_title": ("无法读取的文件", "Files that could not be read"),
    "upload_no_watcher": ("文件已保存，但没有正在运行的提取进程（jiuye watch）；它启动后会提取这些文件。",
                          "Saved, but no extraction process (jiuye watch) is running; it extracts them when it starts."),
    "no_data": ("没有符合筛选条件的数字：{what}。请放宽年份、地区、类型或来源。",
                "No figures match this filter: {what}. Widen the years, regions, kinds or sources."),
    "bad_input": ("请求无效：{what}", "Invalid request: {what}"),
    "bad_value": ("{field}“{value}”不在可选列表中", "{field} “{value}” is not one of the choices"),
    "bad_shape": ("{field}的格式不对", "{field} is malformed"),
    "level_note": ("只比较{level}级地区；未显示：{names}。选择“混合级别”可一起显示。",
                   "Comparing {level}-level regions only; not shown: {names}. Choose “mixed levels” to show them together."),
    "level_shown": ("当前比较：{level}", "Comparing: {level}"),
    "units_note": ("此指标的数字单位不同（{units}），按单位分图显示，不放在同一坐标轴上。",
                   "This measure comes in different units ({units}); each unit has its own chart, never one shared axis."),
    "spans_note": ("跨年份的数字（如 2016-2020）不在趋势图中，见表格和证据。",
                   "Figures for a span of years (such as 2016-2020) are in the table and the evidence, not on the trend."),
    # the series a view draws (app/headline.py): population and frequency
    "group": ("人群", "Population"),
    "group_all": ("全体（不分人群）", "Everyone (whole population)"),
    "freq": ("时段", "Period"),
    "freq_year": ("全年（年度数字）", "Whole years"),
    "freq_part": ("年内时段（一季度、上半年、1—5月、年末……，各为一组）", "Parts of a year (Q1, H1, Jan–May, year-end …; each its own series)"),
    "parts_note": ("另有 {n} 个年内时段的数字（如上半年、1—5月、年末），不画在年度数字中；选“时段：年内时段”查看。",
                   "{n} figure(s) for parts of a year (H1, Jan–May, year-end …) are not drawn with whole years; choose “Parts of a year” to see them."),
    "groups_note": ("另有 {n} 个人群的数字（如 16-24岁、农民工），不当作全体的数字；用“人群”选择查看。",
                    "{n} figure(s) about a narrower population (16-24, migrant workers …) are not drawn as everyone's; choose them under “Population”."),
    "hover_others": ("此格另有：{values}（见证据表）", "Also in this cell: {values} (see the evidence)"),
    "group_all_short": ("全体", "everyone"),
    "headline_col": ("图中", "Drawn"),
    "headline_mark": ("● 图中数字", "● drawn"),
    "qual_legend": ("斜纹柱：下限（余、多、逾、超过）；点纹柱：近似值（近、约）；实心柱：确数。"
                    "“·2源”：两篇文档报道同一数字（只计一次）；“⚠”：各来源数字不一致，悬停可见各方数值；"
                    "交叉纹与“Σ”：下级地区之和。",
                    "Hatched bar: a lower bound (余/多/逾, ‘more than’); dotted bar: an approximation (近/约); solid: exact. "
                    "“·2 src”: two documents report the same figure (counted once); “⚠”: sources disagree, hover for "
                    "each value; cross-hatched with “Σ”: a sum of the regions below."),
    "table_legend": ("“—” = 没有数字（不是 0）；“余”表示下限，“约”“近”表示约数；“·2源” = 两个来源，“⚠” = 来源不一致，“Σ” = 下级合计。"
                     "同一格有多个数字时，显示全体人群、全年、当年本身（非年均）、来源最多、最精确的一个（不是最大的一个）；其余见悬停与证据。",
                     "“—” = no figure (not 0); “over” a lower bound, “about” and “nearly” approximations; "
                     "“·2 src” two sources, “⚠” sources disagree, “Σ” a sum. "
                     "Where a cell has several figures, the one shown is everyone's, the whole year's, the year's own (not a yearly average), "
                     "then the one most sources state, then the most precise — never the largest; the others are in the evidence."),
    "compare_title": ("{metric}：{year}年各地区比较", "{metric}: regions compared, {year}"),
    "trend_title": ("{metric}：历年趋势", "{metric} over the years"),
    "hover_sources": ("来源：{n} 篇文档：{names}", "Sources: {n} document(s): {names}"),
    "hover_conflict": ("各来源数字不一致，另有：{values}", "Sources disagree; also reported: {values}"),
    "hover_more_in_cell": ("此格另有 {n} 个数字（见证据表）", "{n} more figure(s) in this cell (see the evidence)"),
    "hover_sum": ("{n} 个下级地区之和：{parts}", "Sum of {n} regions: {parts}"),
    "n_sources_mark": ("·{n}源", "·{n} src"),
    "sum_label": ("{name}（各{children}合计）", "{name} (sum of {children})"),
    "sum_missing": ("{parent} {year}：不显示各{children}合计，缺少：{names}。",
                    "{parent} {year}: no sum of {children} shown; missing: {names}."),
    "rollup": ("显示下级合计（如各市之和，标明为合计；仅当下级地区全部有数字时）",
               "Show sums of the regions below (labelled as sums; only when none is missing)"),
    "and_more": ("等 {n} 个", " and {n} more"),
    "and_more_notes": ("另有 {n} 条未列出。", "{n} more not listed."),
    "compare_cap": ("每个单位只显示数值最大的 {shown} 个地区（共 {total} 个）；选择地区可查看其他地区。",
                    "Only the {shown} largest of {total} regions are drawn per unit; choose regions to see others."),
    "trend_cap": ("只显示数字最多的 {shown} 个地区（共 {total} 个）；选择地区可查看其他地区。",
                  "Only the {shown} of {total} regions with most figures are drawn; choose regions to see others."),
    "table_cap": ("只显示前 {shown} 行（共 {total} 行，按最近一年的数字排序）；下载表格可得全部。",
                  "Only the first {shown} of {total} rows are shown (ranked by their latest figure); the download has them all."),
    "evidence_count": ("共 {n} 个原文数字。", "{n} figures as written."),
    "facts_col": ("来源 / 分歧", "Sources / conflict"),
    "conflict_word": ("⚠ 分歧", "⚠ conflict"),
    "sources_word": ("{n} 源", "{n} sources"),
    "axis_unit": ("单位：{unit}", "Unit: {unit}"),
    "target": ("目标", "target"),
    "region": ("地区", "Region"),
    "region_code": ("地区代码", "Region code"),
    "region_level": ("级别", "Level"),
    "unit": ("单位", "Unit"),
    "kind": ("类型", "Kind"),
    "value": ("数值", "Value"),
    "quote": ("原文数字", "As written"),
    "qualifier": ("限定", "Qualifier"),
    "year_col": ("年份", "Year"),
    "period": ("时段", "Period"),
    "doc_title": ("文档标题", "Document"),
    "date": ("日期", "Date"),
    "source": ("来源", "Source"),
    "sentence": ("原句（数字已标出）", "Sentence (figure marked)"),
    "label": ("原文说法", "Label in the text"),
    "no_source": ("未标明来源", "No source named"),
    "no_title": ("（无标题）", "(untitled)"),
    "no_date": ("无日期", "no date"),
    "file_view": ("就业数字_{metric}_当前视图.csv", "jiuye_{metric}_view.csv"),
    "file_wide": ("就业数字_{metric}_地区年份表.csv", "jiuye_{metric}_region_by_year.csv"),
    "file_evidence": ("就业数字_{metric}_原文数字.csv", "jiuye_{metric}_claims.csv"),
    "file_all": ("就业数字_全部.csv", "jiuye_all_claims.csv"),
    "file_facts": ("facts.csv", "facts.csv"),
    "doc_claims": ("本文档共 {n} 个数字，已用底色标出。", "{n} figures in this document, highlighted."),
}

LEVEL_NAMES: dict[str, tuple[str, str]] = {
    "auto": ("自动（同级比较）", "Automatic (like with like)"),
    "country": ("全国", "country"),
    "province": ("省", "province"),
    "city": ("市", "city"),
    "county": ("县区", "county"),
    "group": ("地区组合", "group of regions"),
    "town": ("乡镇", "town"),
    "mix": ("混合级别", "mixed levels"),
    "": ("未标明", "unknown"),
}

# the regions a sum adds up, as a sum's label names them
CHILDREN_NAMES: dict[str, tuple[str, str]] = {
    "city": ("市", "cities"),
    "county": ("县区", "counties"),
}

KIND_NAMES: dict[str, tuple[str, str]] = {
    "level": ("实际数", "level"),
    "change": ("增减", "change"),
    "target": ("目标", "target"),
    "share": ("占比", "share"),
}

# how a claim's region and year were decided (contract: claims.region_basis, claims.year_basis)
BASIS_NAMES: dict[str, tuple[str, str]] = {
    "sentence": ("本句", "its sentence"),
    "relative_to_date": ("按发布日期推算", "from the date"),
    "passage": ("前文", "earlier text"),
    "heading": ("标题", "a heading"),
    "publisher": ("发布机构", "the publisher"),
    "document": ("全文", "the document"),
    "none": ("不详", "unknown"),
}

QUALIFIER_NAMES: dict[str, tuple[str, str]] = {
    "exact": ("确数", "exact"),
    "more_than": ("下限（余、多、逾）", "lower bound (more than)"),
    "nearly": ("近似（近）", "nearly"),
    "about": ("约数（约）", "about"),
}

FIELD_NAMES: dict[str, tuple[str, str]] = {
    "metric": ("指标", "measure"), "regions": ("地区", "region"), "years": ("年份范围", "year range"),
    "year": ("比较年份", "year"), "kinds": ("类型", "kind"), "sources": ("来源", "source"),
    "level": ("地区级别", "region level"), "lang": ("语言", "language"), "tab": ("标签页", "tab"),
    "undated": ("无年份", "undated"), "claim": ("数字", "figure"), "rollup": ("下级合计", "sums"),
    "stated": ("本句写明", "stated in its sentence"),
    "download": ("下载", "download"),
    "group": ("人群", "population"), "freq": ("时段", "period"),
}


def t(key: str, lang: str = "zh", **values) -> str:
    """The string `key` in `lang` (Chinese unless "en"), with {placeholders} filled."""
    zh, en = STRINGS[key]
    return (en if lang == "en" else zh).format(**values)


def name(table: dict[str, tuple[str, str]], key: str, lang: str = "zh") -> str:
    zh, en = table.get(key, (key, key))
    return en if lang == "en" else zh


# --- issue 18: the region page, the map, small screens, exported charts ---------------------------------------
STRINGS.update({
    "tab_region": ("地区概览", "Region"),
    "tab_map": ("地图", "Map"),
    "menu": ("筛选条件", "Filters"),
    "region_pick": ("在“地区”中选择一个地区，或点击图表、地图和证据中的地区名，即可查看该地区的全部数字。",
                    "Choose a region under “Regions”, or click a region's name in a chart, the map or the evidence, "
                    "to see every figure of that region."),
    "region_first": ("选了多个地区，这里显示第一个。", "Several regions are chosen; this page shows the first."),
    "region_title": ("{name}：全部指标", "{name}: every measure"),
    "region_part_of": ("上级：", "Part of: "),
    "region_measures_note": ("共 {n} 项（指标 × 单位 × 类型）；每行是最近一年的数字。筛选：{filters}。",
                             "{n} rows (measure × unit × kind), each with its latest figure. Filter: {filters}."),
    "region_none": ("{name}没有符合筛选条件的数字（{filters}）。", "No figure of {name} matches the filter ({filters})."),
    "headline": ("最近数字", "Latest figure"),
    "trend_col": ("历年（单年数字）", "Over the years"),
    "open_trend": ("看趋势", "trend"),
    "region_children_title": ("{metric}：{name}各{children}，{year}年", "{metric}: {children} of {name}, {year}"),
    "region_no_children": ("{name}下级地区没有“{metric}”的数字（当前筛选）。",
                           "No figure of “{metric}” for the regions inside {name} (this filter)."),
    "region_docs": ("提到该地区的文档：{n} 篇，最新在前", "Documents with figures about this region: {n}, latest first"),
    "region_docs_more": ("只列出最近 {shown} 篇。", "Only the latest {shown} are listed."),
    "region_doc_line": ("{n} 个数字", "{n} figure(s)"),
    "region_dl": ("下载该地区（含下级地区）全部数字，按当前筛选：", "Download every figure of this region and the regions inside it, "
                                                  "as filtered:"),
    "region_file": ("就业数字_{region}_全部指标_{filters}", "jiuye_{region}_all_measures_{filters}"),
    "all_years": ("全部年份", "all_years"),
    "all_kinds": ("全部类型", "all_kinds"),
    "with_undated": ("含无年份", "with_undated"),
    "n_sources_file": ("{n}个来源", "{n}_sources"),
    "n_sources_col": ("来源数", "Sources"),
    "conflict_col": ("来源不一致", "Sources disagree"),
    "documents_col": ("来源文档", "Documents"),
    "fact_id_col": ("事实编号", "Fact id"),
    "yes": ("是", "yes"),
    "map_title": ("{metric}：{year}年各省", "{metric} by province, {year}"),
    "map_title_cities": ("{metric}：{year}年{province}各市", "{metric}: cities of {province}, {year}"),
    "map_no_data": ("无数据", "no data"),
    "map_hint": ("颜色越深，数字越大；灰色 = 无数据（不是 0）。点击地区打开其页面；在“地区”中选一个省可看其各市。",
                 "Darker is larger; grey = no figure (not 0). Click a region to open its page; choose one province "
                 "under “Regions” to see its cities."),
    "map_series": ("此指标有多种单位或类型；地图显示“{unit} · {kind}”（{n} 个地区），其他见比较图和表格。",
                   "This measure comes in several units or kinds; the map shows “{unit} · {kind}” ({n} regions); "
                   "see the compare chart and the table for the others."),
    "map_groups": ("地区组合（不在地图上）", "Groups of regions (not on the map)"),
    "map_groups_none": ("没有地区组合的数字。", "No figure for a group of regions."),
    "map_off_map": ("地图上找不到：{names}", "Not on the map: {names}"),
    "no_kinds": ("未勾选任何类型：显示全部类型（实际数、目标、增减、占比）。",
                 "No kind ticked: every kind is shown (level, target, change, share)."),
    "export_note": ("来源：{sources}。jiuye 从原文提取；导出于 {date}。", "Source: {sources}. Read from the articles by jiuye; "
                                                               "exported {date}."),
    "export_note_none": ("jiuye 从原文提取", "read from the articles by jiuye"),
})
