"""Plotly figures for the dashboard, with Dutch labels (views stage).

Each figure is built from a table that views.py returns; the page shows that
same table (or a one-sentence summary) as the chart's text alternative.
"""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from analysis.tracker.flow import Flow

PRIMARY = "#154273"  # Rijksoverheid blue, as in .streamlit/config.toml
# Okabe-Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
           "#000000", "#999999", "#117733", "#882255", "#44AA99", "#AA4499"]


def _layout(fig: go.Figure, height: int) -> go.Figure:
    fig.update_layout(template="plotly_white", height=height, margin=dict(l=10, r=10, t=40, b=10),
                      legend_title_text="", separators=",.", font=dict(size=13))
    # Long Dutch theme names: the axes make room for their labels instead of clipping them,
    # on screen and in the PNG download (for_png).
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


# No plotly toolbar on any chart: its tooltips are English ("Download plot as a PNG", Zoom,
# Pan); each chart has its own Dutch PNG download (for_png) instead.
NO_TOOLBAR = {"displayModeBar": False}
PNG_WIDTH = 1200
_LEGEND_ROW = 26  # px per row of a horizontal legend under the plot


def title(fig: go.Figure) -> str:
    """The figure's title ('' for none), e.g. for its file name."""
    return str(fig.layout.title.text or "")


def _legend_rows(names: list[str], char_px: float = 7.5, entry_px: int = 48) -> int:
    """How many rows a horizontal legend of these names takes on the PNG canvas (13 px font:
    about 7,5 px a character plus the symbol and the gap), packed as plotly flows them."""
    rows, used = 1, 0.0
    for name in names:
        width = entry_px + char_px * len(name)
        if used and used + width > PNG_WIDTH - 60:
            rows, used = rows + 1, 0.0
        used += width
    return rows


def for_png(fig: go.Figure) -> go.Figure:
    """A copy of fig for the PNG download: a fixed wide canvas, and the legend in rows under the
    plot, below the axis title, with the bottom margin and the height grown to hold it, so
    nothing overlaps and nothing is cut off."""
    out = go.Figure(fig)
    height = int(out.layout.height or 450)
    names = list(dict.fromkeys(str(t.name) for t in out.data if t.name and t.showlegend is not False))
    if len(names) < 2:
        out.update_layout(width=PNG_WIDTH, showlegend=False)
        return out
    legend = _LEGEND_ROW * _legend_rows(names) + 16
    bottom = int(out.layout.margin.b or 10) + legend
    out.update_layout(width=PNG_WIDTH, height=height + legend, margin=dict(b=bottom),
                      legend=dict(orientation="h", yref="container", y=0, yanchor="bottom",
                                  x=0, xanchor="left"))
    return out


def theme_bars(counts: pd.DataFrame) -> go.Figure:
    """Horizontal bars: contributions per theme (views.theme_counts)."""
    data = counts.sort_values("Bijdragen")
    fig = px.bar(data, x="Bijdragen", y="Thema", orientation="h",
                 color_discrete_sequence=[PRIMARY], title="Bijdragen per thema",
                 labels={"Bijdragen": "Aantal bijdragen", "Thema": ""})
    return _layout(fig, 120 + 28 * len(data))


def stacked_bars(table: pd.DataFrame, category: str, title: str,
                 counted: str = "Aantal bijdragen") -> go.Figure:
    """Horizontal stacked bars: one bar per `category` row, one segment per other column;
    `counted` names what the bars count (the axis title), e.g. "Aantal suggesties"."""
    long = table.melt(id_vars=category, var_name="Soort", value_name="Aantal")
    fig = px.bar(long, x="Aantal", y=category, color="Soort", orientation="h", title=title,
                 color_discrete_sequence=PALETTE, labels={"Aantal": counted, category: ""})
    fig.update_layout(barmode="stack")
    return _layout(fig, 160 + 28 * len(table))


def per_month(table: pd.DataFrame) -> go.Figure:
    """Bars per month, coloured by source (views.over_time)."""
    fig = px.bar(table, x="Maand", y="Bijdragen", color="Bron", title="Bijdragen door de tijd",
                 color_discrete_sequence=PALETTE, labels={"Maand": "Maand", "Bijdragen": "Aantal bijdragen"},
                 category_orders={"Maand": list(dict.fromkeys(table["Maand"]))})  # time, not per source
    fig.update_xaxes(type="category")
    return _layout(fig, 360)


def session_heatmap(share: pd.DataFrame) -> go.Figure:
    """Session x theme heat map of shares in % (views.session_theme_share)."""
    fig = px.imshow(share.T, color_continuous_scale="Blues", aspect="auto", text_auto=".0f",
                    title="Aandeel van elke sessie per thema (%)",
                    labels={"x": "Sessie", "y": "Thema", "color": "% van de sessie"})
    fig.update_xaxes(side="bottom", tickangle=-30)
    return _layout(fig, 160 + 32 * len(share.columns))


def share_bars(table: pd.DataFrame, category: str, value: str, title: str,
               series: str | None = None) -> go.Figure:
    """Horizontal bars of a share in % per `category` row, top to bottom in the table's order,
    each bar labelled with the table's Dutch `Label` ("31,2 % (51)"); with `series`, one bar per
    series side by side (a theme's share beside everyone's, analysis.compare). Long names
    (dated sessions) sit on the vertical axis, where they have room."""
    fig = px.bar(table, x=value, y=category, color=series, orientation="h", text="Label", title=title,
                 barmode="group", color_discrete_sequence=[PRIMARY, PALETTE[1]] if series else [PRIMARY],
                 labels={category: "", value: value}, custom_data=["Label"])
    fig.update_traces(textposition="outside", cliponaxis=False,
                      hovertemplate="%{y}: %{customdata[0]}<extra>%{fullData.name}</extra>"
                      if series else "%{y}: %{customdata[0]}<extra></extra>")
    fig.update_yaxes(categoryorder="array", categoryarray=list(dict.fromkeys(table[category]))[::-1])
    fig.update_xaxes(ticksuffix=" %", range=[0, max(float(table[value].max() or 0) * 1.25, 1)])
    rows = table[category].nunique() * (2 if series else 1)
    _layout(fig, 140 + 34 * rows)
    if series:  # the legend between the title and the bars
        fig.update_layout(legend=dict(orientation="h", yanchor="bottom", y=1.0, x=0), margin_t=80)
    return fig


def topic_map(points: pd.DataFrame, color: str, hover: str = "Bijdrage") -> go.Figure:
    """2-D map of contributions (columns x, y), coloured by `color` (theme or topic). Up to 1,000
    points plotly draws SVG, above that WebGL ("auto"): a browser without a graphics card (the
    scripted round's) took 1,3 s to recolour 821 points in WebGL, 0,4 s in SVG."""
    fig = px.scatter(points, x="x", y="y", color=color, hover_data={hover: True, "x": False,
                                                                     "y": False},
                     color_discrete_sequence=PALETTE, title=f"Kaart van de bijdragen, kleur: {color}",
                     labels={"x": "", "y": ""}, render_mode="auto")
    fig.update_traces(marker=dict(size=6, opacity=0.75))
    fig.update_xaxes(showticklabels=False)
    fig.update_yaxes(showticklabels=False)
    _layout(fig, 680)
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.02, x=0))
    return fig


def sankey(flow: Flow) -> go.Figure:
    """Sessions -> themes -> status as a plotly Sankey (data from analysis.tracker.flow)."""
    fig = go.Figure(go.Sankey(node={"label": flow.labels, "pad": 12},
                              link={"source": flow.source, "target": flow.target, "value": flow.value}))
    fig.update_layout(margin={"l": 8, "r": 8, "t": 8, "b": 8}, height=520)
    return fig


def coverage_bars(cov: pd.DataFrame) -> go.Figure:
    """Share decided and share (partly) processed per theme, side by side."""
    fig = go.Figure([
        go.Bar(name="Besloten", y=cov["thema"], x=cov["aandeel_besloten"], orientation="h"),
        go.Bar(name="(Deels) verwerkt", y=cov["thema"], x=cov["aandeel_verwerkt"], orientation="h"),
    ])
    fig.update_layout(barmode="group", xaxis={"title": "Aandeel van de suggesties", "tickformat": ".0%",
                                              "range": [0, 1]},
                      yaxis={"title": "", "automargin": True}, height=120 + 40 * len(cov), margin={"t": 8})
    return fig
