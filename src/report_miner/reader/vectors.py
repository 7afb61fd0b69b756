"""Ruling lines from the vector objects PDFium finds on a page.

A page of text holds thousands of text objects and a few dozen paths. PDFium is asked for each
object's type only, and a path's bounds and draw mode are read through the raw bindings: wrapping
every object in a Python helper object cost three times as much as reading the rules.
"""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .tables import Rule

MAX_FORM_DEPTH = 3  # forms nested deeper than this are not searched for ruling lines


def _path_objects(container: Any, form: bool, level: int = 0) -> Iterator[Any]:
    """The raw path objects of a page, and of the forms on it down to MAX_FORM_DEPTH, in drawing
    order. PDFium is asked for each object's type only: a page of text holds thousands of text
    objects, and wrapping each in a Python object cost more than reading the rules themselves."""
    count_objects = pdfium_c.FPDFFormObj_CountObjects if form else pdfium_c.FPDFPage_CountObjects
    get_object = pdfium_c.FPDFFormObj_GetObject if form else pdfium_c.FPDFPage_GetObject
    get_type = pdfium_c.FPDFPageObj_GetType
    for i in range(count_objects(container)):
        obj = get_object(container, i)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = get_type(obj)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            yield obj
        elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < MAX_FORM_DEPTH - 1:
            yield from _path_objects(obj, True, level + 1)


def _bounds(obj: Any) -> tuple[float, float, float, float]:
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    if not pdfium_c.FPDFPageObj_GetBounds(obj, left, bottom, right, top):
        raise pdfium.PdfiumError("Failed to locate pageobject.")
    return left.value, bottom.value, right.value, top.value


def page_rules(page: pdfium.PdfPage, height: float) -> list[Rule]:
    """The ruling lines of a page (top-left origin): thin paths, and the edges of rectangles."""
    rules: list[Rule] = []
    width = page.get_width()
    for obj in _path_objects(page.raw, False):
        left, bottom, right, top = _bounds(obj)
        w, h = right - left, top - bottom
        if w <= 0 and h <= 0:
            continue
        y0, y1 = height - top, height - bottom
        if h <= 2.5 and w >= 4:
            rules.append(Rule(left, right, y0, y1, "h"))
        elif w <= 2.5 and h >= 4:
            rules.append(Rule(left, right, y0, y1, "v"))
        elif w < width * 0.95 and 4 < h < height * 0.9 and w > 4:
            # a stroked rectangle: its four edges may be a cell border; a filled one is a shaded
            # cell or row (zebra stripes), whose top and bottom say where its row is
            rules.extend([Rule(left, right, y0, y0, "h"), Rule(left, right, y1, y1, "h")])
            if _stroked(obj):
                rules.extend([Rule(left, left, y0, y1, "v"), Rule(right, right, y0, y1, "v")])
    return rules


def _stroked(obj: Any) -> bool:
    fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
    if not pdfium_c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke)):
        return True  # unknown: count its edges as a border, as before
    return bool(stroke.value)
