"""Place text, tables and pictures on a slide so that nothing leaves it.

python-pptx stores sizes but lays out no text, and PowerPoint and
LibreOffice grow a table row until its text fits. So every height here is
computed from the text itself: words are measured with DejaVu Sans, which
matplotlib ships, and wrapped as a renderer wraps them. DejaVu Sans is
wider than Arial, the font the deck names, so a box sized for DejaVu Sans
also fits the text in Arial, and LibreOffice falls back to DejaVu Sans
where Arial is not installed.
"""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib
from PIL import Image, ImageFont
from pptx.dml.color import RGBColor
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Inches, Pt

from scripts.errors import UserError

SLIDE_WIDTH_IN = 13.333
SLIDE_HEIGHT_IN = 7.5
MARGIN_IN = 0.4
GAP_IN = 0.25
FONT_NAME = "Arial"
MIN_FONT_PT = 14
LINE_SPACING = 1.2  # line height as a multiple of the font size
TEXT_INSET_X_IN = 0.1
TEXT_INSET_Y_IN = 0.05
CELL_MARGIN_X_IN = 0.08
CELL_MARGIN_Y_IN = 0.04
# Measured widths are raised by this factor and this constant, so that
# kerning and rounding in a renderer never push a word onto a new line.
WIDTH_SLACK = 1.03
WIDTH_SLACK_IN = 0.02
MEASURE_PX = 100  # font size in pixels for measuring; 1 em = 100 px
POINTS_PER_INCH = 72
ALIGNMENTS = {"left": PP_ALIGN.LEFT, "right": PP_ALIGN.RIGHT, "center": PP_ALIGN.CENTER}


class LayoutError(UserError):
    """Content that does not fit on its slide at the minimum font size."""


@dataclass(frozen=True)
class Box:
    """A rectangle on the slide, in inches from its top left corner."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.left + self.width

    @property
    def bottom(self) -> float:
        return self.top + self.height


@lru_cache(maxsize=2)
def measuring_font(bold: bool) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / name
    return ImageFont.truetype(str(path), MEASURE_PX)


def text_width_in(text: str, size_pt: float, bold: bool = False) -> float:
    """Return the width of one line of text in inches, with slack for renderers."""
    em = measuring_font(bold).getlength(text) / MEASURE_PX
    return em * size_pt / POINTS_PER_INCH * WIDTH_SLACK + WIDTH_SLACK_IN


def wrap_text(
    text: str, width_in: float, size_pt: float, bold: bool = False
) -> list[str]:
    """Break text at spaces into lines no wider than width_in; a longer word stays whole."""
    lines = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if line and text_width_in(candidate, size_pt, bold) > width_in:
                lines.append(line)
                line = word
            else:
                line = candidate
        lines.append(line)
    return lines


def longest_word_in(text: str, size_pt: float, bold: bool = False) -> float:
    return max(
        text_width_in(word, size_pt, bold)
        for word in text.replace("\n", " ").split(" ")
    )


def lines_height_in(lines: int, size_pt: float) -> float:
    return lines * size_pt * LINE_SPACING / POINTS_PER_INCH


def text_height_in(
    paragraphs: list[str], width_in: float, size_pt: float, bold: bool = False
) -> float:
    """Return the height a text box of width_in needs for paragraphs at size_pt."""
    inner_width = width_in - 2 * TEXT_INSET_X_IN
    lines = sum(len(wrap_text(text, inner_width, size_pt, bold)) for text in paragraphs)
    return lines_height_in(lines, size_pt) + 2 * TEXT_INSET_Y_IN


def fit_font_size(
    paragraphs: list[str],
    width_in: float,
    max_height_in: float,
    sizes_pt: tuple,
    what: str,
) -> int:
    """Return the largest of sizes_pt at which paragraphs fit, or raise LayoutError."""
    for size_pt in sizes_pt:
        if text_height_in(paragraphs, width_in, size_pt) <= max_height_in:
            return size_pt
    raise LayoutError(
        f"{what}: the text needs more than {max_height_in:.1f} in of height "
        f"at {sizes_pt[-1]} pt; "
        f"shorten it or move it to another slide"
    )


def style_run(
    run, size_pt: float, bold: bool = False, color: RGBColor | None = None
) -> None:
    font = run.font
    font.name = FONT_NAME
    font.size = Pt(size_pt)
    font.bold = bold
    if color is not None:
        font.color.rgb = color


def set_paragraphs(
    frame, paragraphs: list[str], size_pt: float, bold: bool, color, align: str
) -> None:
    """Replace a text frame's text with one run per paragraph, each with its font size."""
    frame.clear()
    for index, text in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        paragraph.alignment = ALIGNMENTS[align]
        run = paragraph.add_run()
        run.text = text
        style_run(run, size_pt, bold, color)


def place(shape, box: Box) -> None:
    shape.left, shape.top = Inches(box.left), Inches(box.top)
    shape.width, shape.height = Inches(box.width), Inches(box.height)


def add_text(
    slide,
    box: Box,
    paragraphs: list[str],
    size_pt: float,
    bold: bool = False,
    color: RGBColor | None = None,
    align: str = "left",
):
    """Add a text box that wraps its words and never grows or shrinks its text."""
    shape = slide.shapes.add_textbox(
        Inches(box.left), Inches(box.top), Inches(box.width), Inches(box.height)
    )
    frame = shape.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = Inches(TEXT_INSET_X_IN)
    frame.margin_top = frame.margin_bottom = Inches(TEXT_INSET_Y_IN)
    set_paragraphs(frame, paragraphs, size_pt, bold, color, align)
    return shape


def set_title(slide, box: Box, text: str, size_pt: float) -> None:
    """Fill the layout's title placeholder and move it into box."""
    title = slide.shapes.title
    place(title, box)
    frame = title.text_frame
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.vertical_anchor = MSO_ANCHOR.TOP
    frame.margin_left = frame.margin_right = Inches(TEXT_INSET_X_IN)
    frame.margin_top = frame.margin_bottom = Inches(TEXT_INSET_Y_IN)
    set_paragraphs(frame, [text], size_pt, True, None, "left")


@dataclass(frozen=True)
class TablePlan:
    """Column widths and row heights, in inches, that fit a table's text."""

    column_widths: list[float]
    row_heights: list[float]

    @property
    def width(self) -> float:
        return sum(self.column_widths)

    @property
    def height(self) -> float:
        return sum(self.row_heights)


def shrink_widths(
    natural: list[float], minimum: list[float], limit: float
) -> list[float]:
    """Narrow the widest columns until the widths sum to limit, none below its minimum."""
    if sum(natural) <= limit:
        return natural
    low, high = 0.0, max(natural)
    for _ in range(60):
        level = (low + high) / 2
        total = sum(
            max(floor, min(width, level)) for width, floor in zip(natural, minimum)
        )
        low, high = (level, high) if total <= limit else (low, level)
    return [max(floor, min(width, low)) for width, floor in zip(natural, minimum)]


def plan_table(
    header: list[str],
    rows: list[list[str]],
    size_pt: float,
    max_width_in: float,
    what: str,
) -> TablePlan:
    """Size columns to their longest line; wrap the widest ones when the table is too wide."""
    margins = 2 * CELL_MARGIN_X_IN
    columns = list(zip(header, *rows))
    natural, minimum = [], []
    for title, *cells in columns:
        natural.append(
            max(
                [text_width_in(title, size_pt, True)]
                + [text_width_in(cell, size_pt) for cell in cells]
            )
            + margins
        )
        minimum.append(
            max(
                [longest_word_in(title, size_pt, True)]
                + [longest_word_in(cell, size_pt) for cell in cells]
            )
            + margins
        )
    if sum(minimum) > max_width_in:
        raise LayoutError(
            f"{what}: {len(header)} columns need {sum(minimum):.1f} in at {size_pt} pt "
            f"but the slide has {max_width_in:.1f} in"
        )
    widths = shrink_widths(natural, minimum, max_width_in)

    row_heights = []
    for cells, bold in [(header, True)] + [(row, False) for row in rows]:
        lines = max(
            len(wrap_text(cell, width - margins, size_pt, bold))
            for cell, width in zip(cells, widths)
        )
        row_heights.append(lines_height_in(lines, size_pt) + 2 * CELL_MARGIN_Y_IN)
    return TablePlan(widths, row_heights)


def add_table(
    slide,
    left_in: float,
    top_in: float,
    plan: TablePlan,
    header: list[str],
    rows: list[list[str]],
    size_pt: float,
    aligns: list[str],
):
    """Add a table with a bold header row, laid out by plan."""
    shape = slide.shapes.add_table(
        len(rows) + 1,
        len(header),
        Inches(left_in),
        Inches(top_in),
        Inches(plan.width),
        Inches(plan.height),
    )
    table = shape.table
    for index, width in enumerate(plan.column_widths):
        table.columns[index].width = Inches(width)
    for index, height in enumerate(plan.row_heights):
        table.rows[index].height = Inches(height)

    for row_index, (cells, bold) in enumerate(
        [(header, True)] + [(row, False) for row in rows]
    ):
        for column_index, (text, align) in enumerate(zip(cells, aligns)):
            cell = table.cell(row_index, column_index)
            cell.margin_left = cell.margin_right = Inches(CELL_MARGIN_X_IN)
            cell.margin_top = cell.margin_bottom = Inches(CELL_MARGIN_Y_IN)
            cell.vertical_anchor = MSO_ANCHOR.MIDDLE
            set_paragraphs(cell.text_frame, [text], size_pt, bold, None, align)
    return shape


def picture_size_in(
    path: Path, max_width_in: float, max_height_in: float
) -> tuple[float, float]:
    """Return the largest width and height in inches that keep the aspect ratio."""
    with Image.open(path) as image:
        width_px, height_px = image.size
    scale = min(max_width_in / width_px, max_height_in / height_px)
    return width_px * scale, height_px * scale


def add_picture(slide, path: Path, box: Box):
    return slide.shapes.add_picture(
        str(path),
        Inches(box.left),
        Inches(box.top),
        Inches(box.width),
        Inches(box.height),
    )
