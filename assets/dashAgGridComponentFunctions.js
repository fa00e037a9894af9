// Cell renderers for the evidence grid. They build React text nodes only:
// document text is never parsed as HTML.
var dagcomponentfuncs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});

dagcomponentfuncs.MarkedSentence = function (props) {
    var d = props.data || {};
    return React.createElement(
        "span",
        {className: "sentence"},
        d.before || "",
        d.marked ? React.createElement("mark", {className: "figure"}, d.marked) : null,
        d.after || ""
    );
};

// A region's name as a link to its own page (?view=region&region=KEY), keeping the page's language.
dagcomponentfuncs.RegionLink = function (props) {
    var d = props.data || {};
    if (!d.region_key) return props.value || "";
    var here = new URLSearchParams(window.location.search);
    var query = new URLSearchParams();
    query.set("view", "region");
    query.set("region", d.region_key);
    if (here.get("lang")) query.set("lang", here.get("lang"));
    return React.createElement("a", {href: "/?" + query.toString(), className: "region-link"}, props.value || "");
};
