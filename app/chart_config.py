"""Charts and grids in the reader's language, offline (issue 18, items 4 and 6).

- Plotly's own words (toolbar tips, "Double-click to zoom back out", dates) in Chinese through a `locales`
  entry of each graph's config — no locale script to fetch.
- No link to Chart Studio or plot.ly from an offline tool: the config turns off every such button and link.
- A chart downloaded as PNG carries its title (layout), its unit (axis titles) and, at its foot, where its
  figures come from and the date (`source_note`), so the picture still says what it is away from the page.
- AG Grid's words ("Page Size", "Select All", "Loading…") in Chinese: the grids' `getLocaleText` reads them
  from assets/dashAgGridFunctions.js in the URL's language.
"""
from __future__ import annotations

from datetime import date

from dash import Input, Output

from app.i18n import t

GRAPHS = ("compare-graph", "trend-graph", "region-children", "map-graph")

PLOTLY_ZH = {
    "dictionary": {
        "Autoscale": "自动缩放", "Box Select": "矩形框选", "Lasso Select": "套索选择", "Pan": "平移", "Zoom": "缩放",
        "Zoom in": "放大", "Zoom out": "缩小", "Reset axes": "重置坐标轴", "Reset view": "重置视图", "Reset views": "重置视图",
        "Reset": "重置", "Download plot as a png": "下载图表（PNG）", "Download plot as a PNG": "下载图表（PNG）",
        "Download plot as JSON": "下载图表（JSON）", "Download plot": "下载图表",
        "Double-click to zoom back out": "双击还原", "Double-click on legend to isolate one trace": "双击图例只显示这一条",
        "Click to enter Plot title": "点击输入图表标题", "Click to enter X axis title": "点击输入X轴标题",
        "Click to enter Y axis title": "点击输入Y轴标题", "Show closest data on hover": "悬停显示最近的数据",
        "Compare data on hover": "悬停比较数据", "Toggle Spike Lines": "显示/隐藏辅助线",
        "Toggle show closest data on hover": "显示/隐藏最近的数据", "Taking snapshot - this may take a few seconds":
            "正在生成图片，请稍候", "Snapshot succeeded": "图片已生成",
        "Sorry, there was a problem downloading your snapshot!": "抱歉，图片下载失败！", "Produced with Plotly.js": "由 Plotly.js 生成",
        "Reset camera to default": "重置视角", "Reset camera to last save": "恢复上次保存的视角",
        "Orbital rotation": "轨道旋转", "Turntable rotation": "转台旋转", "Draw line": "画线", "Erase active shape": "删除形状",
    },
    "format": {
        "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
        "months": ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
        "shortMonths": [f"{m}月" for m in range(1, 13)],
        "date": "%Y-%m-%d", "decimal": ".", "thousands": ",",
    },
}

def graph_config(lang: str, name: str) -> dict:
    """A graph's config: offline (no Chart Studio, no plot.ly), its toolbar in the reader's language, and a PNG
    download at twice the screen's resolution."""
    return {
        "displaylogo": False, "showLink": False, "showEditInChartStudio": False, "showSendToCloud": False,
        "showSources": False, "plotlyServerURL": "", "linkText": "",
        "modeBarButtonsToRemove": ["sendDataToCloud", "editInChartStudio", "lasso2d", "select2d"],
        "locale": "zh-CN" if lang == "zh" else "en", "locales": {"zh-CN": PLOTLY_ZH},
        "toImageButtonOptions": {"format": "png", "filename": f"jiuye_{name}_{date.today():%Y-%m-%d}", "scale": 2},
    }


def source_names(sources: dict[str, list[str]]) -> list[str]:
    """The papers and offices behind a chart's figures: 株洲日报《…》 → 株洲日报 (each once, in order)."""
    names: list[str] = []
    for docs in sources.values():
        for doc in docs:
            paper = doc.split("《", 1)[0].strip() or doc
            if paper and paper not in names:
                names.append(paper)
    return names


def source_note(fig: dict, sources: dict[str, list[str]], lang: str, today: date | None = None) -> dict:
    """Write at the foot of a figure where its figures come from and the date, so an exported PNG carries them."""
    from app.common import listed, safe

    names = source_names(sources)
    text = t("export_note", lang, sources=listed(names, lang) if names else t("export_note_none", lang),
             date=f"{today or date.today():%Y-%m-%d}")
    layout = fig.setdefault("layout", {})
    if not fig.get("data"):
        return fig
    layout.setdefault("annotations", [])
    layout["annotations"] = [*layout["annotations"], {
        "text": safe(text), "showarrow": False, "xref": "paper", "yref": "paper", "x": 0, "y": 0,
        "xanchor": "left", "yanchor": "top", "yshift": -52, "font": {"size": 11, "color": "#52606d"},
        "name": "source-note"}]
    margin = dict(layout.get("margin") or {})
    margin["b"] = max(margin.get("b", 40), 90)
    layout["margin"] = margin
    return fig


def register(app, source) -> None:
    @app.callback(*(Output(g, "config") for g in GRAPHS), Input("ctl-lang", "value"))
    def _configs(lang):
        lang = "en" if lang == "en" else "zh"
        return tuple(graph_config(lang, g.replace("-graph", "")) for g in GRAPHS)

