"""The SVG charts (api/web/charts.py): valid SVG, marks proportional to values, labels escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from api.web import charts

SVG = "{http://www.w3.org/2000/svg}"


def parsed(markup: str) -> ET.Element:
    root = ET.fromstring(str(markup))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img" and root.find(f"{SVG}title") is not None
    return root


def marks(root: ET.Element, css: str) -> list[ET.Element]:
    return [e for e in root.iter() if css in (e.get("class") or "").split()]


def test_bars_are_proportional_to_their_counts():
    root = parsed(charts.bar_chart(bars=[("Nhật Bản", 8), ("Lào", 4), ("Pháp", 1)],
                                   title="Chuyến đi theo nước đến"))
    bars = marks(root, "bar")
    widths = [float(b.get("width") or 0) for b in bars]
    assert [b.get("data-value") for b in bars] == ["8", "4", "1"]
    assert widths[0] > 0
    assert widths[1] == pytest.approx(widths[0] / 2, abs=0.01)
    assert widths[2] == pytest.approx(widths[0] / 8, abs=0.01)
    assert [t.text for t in marks(root, "label")] == ["Nhật Bản", "Lào", "Pháp"]
    assert [b.find(f"{SVG}title").text for b in bars][0] == "Nhật Bản: 8"  # type: ignore[union-attr]


def test_labels_and_titles_are_escaped():
    hostile = '<script>alert("x")</script> & "Sở" \'A\''
    markup = str(charts.bar_chart(bars=[(hostile, 3)], title=hostile))
    assert "<script>" not in markup
    root = parsed(markup)
    assert root.get("aria-label") == hostile
    assert marks(root, "bar")[0].get("data-label") == hostile
    assert marks(root, "label")[0].text == hostile
    lines = str(charts.line_chart(labels=["01/2024"], series=[charts.Series(hostile, [2])],
                                  title="x"))
    assert "<script>" not in lines
    assert marks(parsed(lines), "series")[0].get("data-label") == hostile


def test_a_long_label_is_shortened_on_the_chart_and_whole_in_its_tooltip():
    name = "Ban Chỉ đạo công tác thông tin đối ngoại và hợp tác quốc tế của Tỉnh ủy"
    root = parsed(charts.bar_chart(bars=[(name, 1)], title="t"))
    shown = marks(root, "label")[0].text or ""
    assert shown.endswith("…") and len(shown) <= charts.LABEL_CHARS
    assert marks(root, "bar")[0].find(f"{SVG}title").text == f"{name}: 1"  # type: ignore[union-attr]


def test_columns_over_time_are_proportional_and_labelled_sparingly():
    points = [(f"{d:02d}/05/2024", d % 5) for d in range(1, 31)]
    root = parsed(charts.column_chart(points=points, title="Mỗi ngày", room=6))
    columns = marks(root, "column")
    assert len(columns) == 30
    heights = {int(c.get("data-value") or 0): float(c.get("height") or 0) for c in columns}
    assert heights[0] == 0
    assert heights[2] == pytest.approx(heights[4] / 2, abs=0.01)
    assert heights[4] == pytest.approx(charts.PLOT_HEIGHT)
    for c in columns:  # each stands on the axis
        assert float(c.get("y") or 0) + float(c.get("height") or 0) == pytest.approx(
            charts.PLOT_HEIGHT + 12, abs=0.02)
    ticks = [t.text for t in marks(root, "tick") if "/" in (t.text or "")]
    assert 1 < len(ticks) <= 6 and ticks[0] == "01/05/2024"


def test_lines_have_a_legend_and_points_at_their_values():
    root = parsed(charts.line_chart(
        labels=["01/2024", "02/2024", "03/2024"],
        series=[charts.Series("Viện dẫn văn bản đã bị thay thế", [2, 0, 4]),
                charts.Series("Thiếu chương trình công tác", [1, 1, 1])], title="Cảnh báo"))
    groups = marks(root, "series")
    assert [g.get("data-label") for g in groups] == ["Viện dẫn văn bản đã bị thay thế",
                                                     "Thiếu chương trình công tác"]
    first = marks(groups[0], "point")
    base = charts.PLOT_HEIGHT + 12
    rises = [base - float(p.get("cy") or 0) for p in first]
    assert rises[1] == 0 and rises[2] == pytest.approx(charts.PLOT_HEIGHT)
    assert rises[0] == pytest.approx(rises[2] / 2)
    assert len(marks(root, "legend")) == 2
    assert "series-1" in (groups[1].get("class") or "")


def test_no_figures_draw_an_empty_chart_that_says_so():
    for markup in (charts.bar_chart(bars=[], title="t", empty="Chưa có số liệu"),
                   charts.column_chart(points=[], title="t", empty="Chưa có số liệu"),
                   charts.line_chart(labels=[], series=[], title="t", empty="Chưa có số liệu")):
        root = parsed(markup)
        assert marks(root, "empty")[0].text == "Chưa có số liệu"
        assert not marks(root, "bar") and not marks(root, "column")


def test_counts_are_written_as_people_write_them():
    assert charts.number(12345, "vi") == "12.345"
    assert charts.number(12345, "en") == "12,345"
