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
