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
