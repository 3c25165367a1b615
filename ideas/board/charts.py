"""A board's results as bar charts: server-rendered SVG (pygal), shown as images next to their tables.

The tables on the results page hold the same figures, so they are the charts'
text alternative. The SVG carries pygal's own <style> but none of its scripts; it is
served with a policy that allows that style and still no script (views.board_results_chart).
"""
import pygal
from django.utils.translation import gettext as _
from pygal.etree import etree
from pygal.style import Style

# The site's colours (static/css/base.css): the brand teal for the bars, ink and muted for the text.
_STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#1c2529",
    foreground_strong="#1c2529",
    foreground_subtle="#4d5b61",
    colors=("#0e5b60",),
    opacity="1",
    opacity_hover="1",
    guide_stroke_color="#dcd8ce",
    major_guide_stroke_color="#dcd8ce",
    font_family="system-ui, sans-serif",
    label_font_size=14,
    major_label_font_size=14,
    value_font_size=14,
    title_font_size=18,
)


LABEL_CHARACTERS = 26


def _short(label):
    """Long labels cut, so the bars keep their room on a phone (the table or list below has them whole)."""
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def bar_chart(title, rows):
    """A horizontal bar chart of (label, number) rows, largest first as given."""
    chart = pygal.HorizontalBar(
        style=_STYLE, js=[], disable_xml_declaration=True, show_legend=False,
        width=640, height=max(200, 90 + 42 * len(rows)),
    )
    chart.title = title
    # pygal draws a horizontal bar chart's first row at the bottom: reverse, so the first is on top.
    chart.x_labels = [_short(label) for label, _number in reversed(rows)]
    chart.add(title, [number for _label, number in reversed(rows)])
    # Counts are whole numbers: ticks at whole steps (pygal would put them at 0.2, 0.4, ...).
    largest = max((number for _label, number in rows), default=0)
    step = max(1, -(-largest // 8))
    chart.y_labels = list(range(0, largest + step, step))
    return _without_scripts(chart.render_tree())


def _without_scripts(root):
    """The SVG without pygal's script elements (its tooltip configuration, labels included): no script at all."""
    for parent in root.iter():
        for child in list(parent):
            if isinstance(child.tag, str) and child.tag.endswith("script"):
                parent.remove(child)
    return etree.tostring(root, encoding="unicode")


def chart_rows(results):
    """The charts a board's results have: {name: (title, rows)}, only those with figures."""
    charts = {
        "clusters": (_("Dots per cluster"), [(cluster["title"], dots) for cluster, dots, _cards in results.clusters]),
        # By code (F1–F6): what the network calls its building blocks; the table names them in full.
        "building-blocks": (_("Cards by building block"), [(label.split(" ", 1)[0], n) for label, n in results.by_building_block]),
        "target-groups": (_("Cards by target group"), results.by_target_group),
    }
    return {name: chart for name, chart in charts.items() if chart[1]}


def chart_svg(results, name):
    """The SVG of one of chart_rows' charts, or None when the results have no such chart."""
    chart = chart_rows(results).get(name)
    return bar_chart(*chart) if chart else None
