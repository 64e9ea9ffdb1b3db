"""A province's name in the place-date line, read with a mark lost, is that province."""

from __future__ import annotations

import pytest

from nlp.localities import PROVINCES, nearest_province


@pytest.mark.parametrize(("read", "province"), [("Quảng Nỉnh", "Quảng Ninh"),
                                                 ("Nghệ Ạn", "Nghệ An"),
                                                 ("Đồng Thấp", "Đồng Tháp")])
def test_a_province_with_a_mark_misread_is_that_province(read, province):
    assert nearest_province(read) == province


@pytest.mark.parametrize("read", ["Hà Nam", "Thủ Đức", "Hội An", "Tân An", "Sơn Tây",
                                  "TP. Hồ Chí Minh"])
def test_an_exact_province_or_a_place_of_its_own_is_left_as_read(read):
    assert nearest_province(read) is None


def test_every_province_is_its_own_nearest():
    assert all(nearest_province(p) is None for p in PROVINCES)
