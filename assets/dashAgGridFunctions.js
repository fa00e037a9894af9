// Value formatters for the grids: a figure in the reader's scale words, as app/numbers_format.py writes it
// (5.83万, 1269万, 23.7亿 in Chinese; 58.3k, 12.69 million, 2.37 bn in English).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

function jiuyeSignificant(value) {
    if (value === 0) return "0";
    var decimals = Math.max(0, 3 - Math.floor(Math.log10(Math.abs(value))));
    var text = value.toFixed(decimals);
    return text.indexOf(".") >= 0 ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

dagfuncs.jiuyeNumber = function (value, lang) {
    if (value === null || value === undefined || value !== value) return "";
    var sign = value < 0 ? "-" : "", size = Math.abs(value);
    var scales = lang === "en" ? [[1e9, 1e9, " bn"], [1e6, 1e6, " million"], [1e4, 1e3, "k"]]
                               : [[1e8, 1e8, "亿"], [1e4, 1e4, "万"]];
    for (var i = 0; i < scales.length; i++) {
        if (size >= scales[i][0]) return sign + jiuyeSignificant(size / scales[i][1]) + scales[i][2];
    }
    if (Number.isInteger(size)) return sign + (lang === "en" ? size.toLocaleString("en-US") : String(size));
    return sign + jiuyeSignificant(size);
};

// AG Grid's own words in Chinese unless the page is in English (?lang=en); a key not here keeps AG Grid's English.
var JIUYE_GRID_ZH = {
    page: "第", to: "至", of: "共", more: "更多", next: "下一页", last: "末页", first: "首页", previous: "上一页",
    firstPage: "首页", previousPage: "上一页", nextPage: "下一页", lastPage: "末页", pageSizeSelectorLabel: "每页行数：",
    ariaPageSizeSelectorLabel: "每页行数", pageLastRowUnknown: "?", loadingOoo: "加载中…", loadingError: "出错了",
    noRowsToShow: "没有数据", selectAll: "（全选）", selectAllSearchResults: "（全选搜索结果）", searchOoo: "搜索…",
    blanks: "（空白）", noMatches: "没有匹配项", filterOoo: "筛选…", equals: "等于", notEqual: "不等于", blank: "空白",
    notBlank: "非空白", empty: "请选择", lessThan: "小于", greaterThan: "大于", lessThanOrEqual: "小于等于",
    greaterThanOrEqual: "大于等于", inRange: "介于", inRangeStart: "从", inRangeEnd: "到", contains: "包含",
    notContains: "不包含", startsWith: "开头是", endsWith: "结尾是", andCondition: "且", orCondition: "或",
    applyFilter: "应用", resetFilter: "重置", clearFilter: "清除", cancelFilter: "取消", textFilter: "文本筛选",
    numberFilter: "数字筛选", columns: "列", filters: "筛选", pinColumn: "固定列", pinLeft: "固定在左侧",
    pinRight: "固定在右侧", noPin: "不固定", autosizeThisColumn: "自动调整此列宽度", autosizeAllColumns: "自动调整所有列宽度",
    resetColumns: "重置列", sortAscending: "升序", sortDescending: "降序", sortUnSort: "取消排序", columnFilter: "列筛选",
    ariaChecked: "已选中", ariaUnchecked: "未选中"
};

dagfuncs.jiuyeLocaleText = function (params) {
    var english = new URLSearchParams(window.location.search).get("lang") === "en";
    if (!english && Object.prototype.hasOwnProperty.call(JIUYE_GRID_ZH, params.key)) return JIUYE_GRID_ZH[params.key];
    return params.defaultValue;
};
