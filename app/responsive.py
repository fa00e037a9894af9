"""Small screens (issue 18, item 5): below 900 px the controls stack above the charts, folded behind a
"筛选条件" button (assets/style.css); errors about the URL stay visible above them, folded or not."""
from __future__ import annotations

from dash import Input, Output


def register(app, source) -> None:
    app.clientside_callback(
        """function(n) { return (n || 0) % 2 ? 'menu-toggle open' : 'menu-toggle'; }""",
        Output("menu-toggle", "className"), Input("menu-toggle", "n_clicks"),
    )
