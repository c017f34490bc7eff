"""Write the slide deck results/slides/slides.pptx from this run's results.

Three slides: a title slide (data source, date, tool versions), "DP vs
non-DP" and "lakeFS vs DVC". A table too long to leave room for its chart
or for the qualitative rows moves them to a slide of their own after it.
Every number comes from a file under the results folder. A missing file
stops the build before anything is written, with one line naming it and
the make target that writes it.
"""

import argparse
import datetime
import logging
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches

from scripts.errors import run_main, setup_logging
from scripts.io_utils import atomic_write
from scripts.results_files import (
    DP_TABLE,
    MISSING,
    QUALITATIVE_TABLE,
    RESULTS_DIR,
    VERSIONING_TABLE,
    build_date,
    format_count,
    is_missing,
)
from scripts.slide_inputs import (
    DP_COLUMNS,
    QUALITATIVE_COLUMNS,
    VERSIONING_COLUMNS,
    DeckInputs,
    TableContent,
    read_inputs,
    table_content,
)
from scripts.slide_layout import (
    GAP_IN,
    MARGIN_IN,
    SLIDE_HEIGHT_IN,
    SLIDE_WIDTH_IN,
    TEXT_INSET_X_IN,
    Box,
    LayoutError,
    add_picture,
    add_table,
    add_text,
    fit_font_size,
    picture_size_in,
    plan_table,
    set_title,
    text_height_in,
    text_width_in,
)
from scripts.takeaways import dp_takeaway, versioning_takeaway

log = logging.getLogger(__name__)

DECK_TITLE = "Data versioning and differential privacy on the CrossFit athletes data"
DP_TITLE = "DP vs non-DP"
VERSIONING_TITLE = "lakeFS vs DVC"
QUALITATIVE_TITLE = "lakeFS vs DVC (continued)"

TITLE_ONLY_LAYOUT = 5  # index of "Title Only" in python-pptx's default template
DECK_TITLE_PT = 36
TITLE_PT = 30
BODY_PT = 20
TABLE_PT = 14
FOOTER_PT = 14
TAKEAWAY_PT = (20, 18, 16, 14)
CONTENT_WIDTH_IN = SLIDE_WIDTH_IN - 2 * MARGIN_IN
TITLE_BOX = Box(MARGIN_IN, 0.3, CONTENT_WIDTH_IN, 0.75)
CONTENT_TOP_IN = 1.2
FOOTER_BOTTOM_IN = SLIDE_HEIGHT_IN - 0.25
TAKEAWAY_MIN_WIDTH_IN = 4.0
TAKEAWAY_MAX_HEIGHT_IN = 2.5
MIN_CHART_HEIGHT_IN = 1.8
WARNING_COLOR = RGBColor(0xB0, 0x1C, 0x1C)
FOOTER_COLOR = RGBColor(0x44, 0x44, 0x44)
SYNTHETIC_NOTE = (
    "SYNTHETIC data: the numbers describe the pipeline, not CrossFit athletes."
)
SYNTHETIC_TAG = "SYNTHETIC data"


def new_slide(prs, title: str, synthetic: bool):
    """Add a slide with its title and, for synthetic data, a red tag beside the title."""
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    title_box = TITLE_BOX
    if synthetic:
        tag_width = (
            text_width_in(SYNTHETIC_TAG, BODY_PT, bold=True) + 2 * TEXT_INSET_X_IN
        )
        tag_height = text_height_in([SYNTHETIC_TAG], tag_width, BODY_PT, bold=True)
        tag_box = Box(TITLE_BOX.right - tag_width, TITLE_BOX.top, tag_width, tag_height)
        add_text(slide, tag_box, [SYNTHETIC_TAG], BODY_PT, True, WARNING_COLOR, "right")
        title_box = Box(
            TITLE_BOX.left,
            TITLE_BOX.top,
            TITLE_BOX.width - tag_width - GAP_IN,
            TITLE_BOX.height,
        )
    set_title(slide, title_box, title, TITLE_PT)
    return slide


def footer_height(lines: list[str]) -> float:
    return text_height_in(lines, CONTENT_WIDTH_IN, FOOTER_PT)


def add_footer(slide, lines: list[str]) -> float:
    """Add source and note lines at the bottom; return their top in inches."""
    height = footer_height(lines)
    top = FOOTER_BOTTOM_IN - height
    add_text(
        slide,
        Box(MARGIN_IN, top, CONTENT_WIDTH_IN, height),
        lines,
        FOOTER_PT,
        color=FOOTER_COLOR,
    )
    return top


def footer_lines(
    inputs: DeckInputs, sources: list[Path], notes: list[str]
) -> list[str]:
    return [
        "Sources: " + ", ".join(inputs.label(path) for path in sources) + "."
    ] + notes


def table_overflow(table) -> LayoutError:
    return LayoutError(f"{table.what}: its {len(table.cells)} rows do not fit on one slide at {TABLE_PT} pt")


def add_table_at_top(slide, plan, table) -> None:
    """Add a table at the top of the content area, across its full width."""
    add_table(slide, MARGIN_IN, CONTENT_TOP_IN, plan, table.header, table.cells, TABLE_PT, table.aligns)


def add_chart_and_takeaway(
    slide, band: Box, chart: Path, takeaway: str, what: str
) -> None:
    """Fill band with the chart on the left and the takeaway sentence beside it."""
    # scripts/charts.py draws charts about this size with 15 pt text, so the
    # labels stay at 14 pt or more after the picture is fitted here.
    chart_width, chart_height = picture_size_in(
        chart, band.width - TAKEAWAY_MIN_WIDTH_IN - GAP_IN, band.height
    )
    add_picture(slide, chart, Box(band.left, band.top, chart_width, chart_height))

    text_width = band.width - chart_width - GAP_IN
    size_pt = fit_font_size([takeaway], text_width, band.height, TAKEAWAY_PT, what)
    text_height = text_height_in([takeaway], text_width, size_pt)
    add_text(
        slide,
        Box(band.right - text_width, band.top, text_width, text_height),
        [takeaway],
        size_pt,
    )


def add_chart_slide(prs, inputs: DeckInputs, title: str, chart: Path) -> None:
    """Add a slide with only the chart, for when a long table leaves no room for it."""
    slide = new_slide(prs, title, inputs.synthetic)
    footer_top = add_footer(slide, footer_lines(inputs, [chart], []))
    width, height = picture_size_in(
        chart, CONTENT_WIDTH_IN, footer_top - GAP_IN - CONTENT_TOP_IN
    )
    add_picture(slide, chart, Box(MARGIN_IN, CONTENT_TOP_IN, width, height))


def add_comparison(
    prs,
    slide,
    inputs: DeckInputs,
    table: TableContent,
    chart: Path,
    takeaway: str,
    footer_top: float,
) -> None:
    """Add the table, then the chart and the takeaway below it.

    When the table leaves too little height for the chart, the takeaway goes
    below the table and the chart gets a slide of its own after this one.
    """
    plan = plan_table(table.header, table.cells, TABLE_PT, CONTENT_WIDTH_IN, table.what)
    band_top = CONTENT_TOP_IN + plan.height + GAP_IN
    band = Box(MARGIN_IN, band_top, CONTENT_WIDTH_IN, footer_top - GAP_IN - band_top)
    if band.height < 0:
        raise table_overflow(table)
    add_table_at_top(slide, plan, table)

    if band.height >= MIN_CHART_HEIGHT_IN:
        add_chart_and_takeaway(slide, band, chart, takeaway, table.what)
        return
    size_pt = fit_font_size(
        [takeaway], band.width, band.height, TAKEAWAY_PT, table.what
    )
    add_text(
        slide,
        Box(
            band.left,
            band.top,
            band.width,
            text_height_in([takeaway], band.width, size_pt),
        ),
        [takeaway],
        size_pt,
    )
    add_chart_slide(prs, inputs, f"{slide.shapes.title.text_frame.text} (chart)", chart)


def source_lines(inputs: DeckInputs, date: datetime.date) -> list[str]:
    source = inputs.source
    if inputs.synthetic:
        origin = f"SYNTHETIC athletes.csv from {source.get('origin', 'the generator')}"
        if not is_missing(source.get("seed")):
            origin += f" (seed {source['seed']})"
    else:
        matches = (
            "the reference copy"
            if source.get("reference_md5")
            else "not the reference copy"
        )
        origin = f"real athletes.csv ({matches})"
    lines = [
        f"Data: {origin}",
        f"MD5 {source['md5']}, {format_count(source['rows'])} rows",
    ]

    splits = []
    for version, entry in sorted(inputs.versions.items()):
        files = entry.get("files", {})
        train, test = (
            files.get("train.csv", {}).get("rows"),
            files.get("test.csv", {}).get("rows"),
        )
        splits.append(
            f"{version}: {format_count(train)} train + {format_count(test)} test rows"
        )
    if splits:
        lines.append(", ".join(splits))

    packages = inputs.environment.get("packages", {})
    lakefs = inputs.environment.get("lakefs", {}).get("version")
    tools = [
        ("lakeFS", lakefs),
        ("DVC", packages.get("dvc")),
        ("TensorFlow", packages.get("tensorflow")),
        ("TensorFlow Privacy", packages.get("tensorflow-privacy")),
    ]
    lines.append(
        ", ".join(
            f"{name} {MISSING if is_missing(version) else version}"
            for name, version in tools
        )
    )
    lines.append(f"Built {date.isoformat()} from the files in results/ of one run")
    return lines


def add_title_slide(prs, inputs: DeckInputs, date: datetime.date) -> None:
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_ONLY_LAYOUT])
    title_height = text_height_in(
        [DECK_TITLE], CONTENT_WIDTH_IN, DECK_TITLE_PT, bold=True
    )
    set_title(
        slide,
        Box(MARGIN_IN, 1.3, CONTENT_WIDTH_IN, title_height),
        DECK_TITLE,
        DECK_TITLE_PT,
    )
    top = 1.3 + title_height + GAP_IN

    if inputs.synthetic:
        height = text_height_in([SYNTHETIC_NOTE], CONTENT_WIDTH_IN, BODY_PT, bold=True)
        add_text(
            slide,
            Box(MARGIN_IN, top, CONTENT_WIDTH_IN, height),
            [SYNTHETIC_NOTE],
            BODY_PT,
            True,
            WARNING_COLOR,
        )
        top += height + GAP_IN

    lines = source_lines(inputs, date)
    height = text_height_in(lines, CONTENT_WIDTH_IN, BODY_PT)
    if top + height > FOOTER_BOTTOM_IN:
        raise LayoutError(
            "title slide: the data and version lines do not fit below the title"
        )
    add_text(slide, Box(MARGIN_IN, top, CONTENT_WIDTH_IN, height), lines, BODY_PT)


def add_dp_slide(prs, inputs: DeckInputs) -> None:
    slide = new_slide(prs, DP_TITLE, inputs.synthetic)
    notes = [
        (
            "ε Poisson: estimate that assumes Poisson sampling. "
            "ε shuffled: bound for any data order. "
            "MIA AUC: membership-inference attack, 0.5 is chance."
        )
    ]
    footer_top = add_footer(
        slide,
        footer_lines(inputs, [inputs.results_dir / DP_TABLE, inputs.dp_chart], notes),
    )

    table = table_content(
        DP_COLUMNS, inputs.dp_rows, f"{inputs.results_dir / DP_TABLE}"
    )
    add_comparison(
        prs,
        slide,
        inputs,
        table,
        inputs.dp_chart,
        dp_takeaway(inputs.dp_rows),
        footer_top,
    )


def qualitative_content(inputs: DeckInputs) -> TableContent:
    return table_content(
        QUALITATIVE_COLUMNS,
        inputs.qualitative_rows,
        f"{inputs.results_dir / QUALITATIVE_TABLE}",
    )


def add_qualitative_slide(prs, inputs: DeckInputs) -> None:
    """Add the qualitative rows on a slide of their own, when they do not fit beside the chart."""
    slide = new_slide(prs, QUALITATIVE_TITLE, inputs.synthetic)
    footer_top = add_footer(
        slide, footer_lines(inputs, [inputs.results_dir / QUALITATIVE_TABLE], [])
    )
    table = qualitative_content(inputs)
    plan = plan_table(table.header, table.cells, TABLE_PT, CONTENT_WIDTH_IN, table.what)
    if CONTENT_TOP_IN + plan.height > footer_top - GAP_IN:
        raise table_overflow(table)
    add_table_at_top(slide, plan, table)


def add_versioning_grid(
    slide, inputs: DeckInputs, table: TableContent, footer_top: float, takeaway: str
) -> bool:
    """Lay out four parts: table and takeaway above, chart and qualitative rows below.

    Returns False, having added nothing, when the parts do not fit that way.
    """
    plan = plan_table(
        table.header,
        table.cells,
        TABLE_PT,
        CONTENT_WIDTH_IN - TAKEAWAY_MIN_WIDTH_IN - GAP_IN,
        table.what,
    )
    text_width = CONTENT_WIDTH_IN - plan.width - GAP_IN
    try:
        size_pt = fit_font_size(
            [takeaway], text_width, TAKEAWAY_MAX_HEIGHT_IN, TAKEAWAY_PT, table.what
        )
    except LayoutError:
        return False
    text_height = text_height_in([takeaway], text_width, size_pt)

    band_top = CONTENT_TOP_IN + max(plan.height, text_height) + GAP_IN
    band = Box(MARGIN_IN, band_top, CONTENT_WIDTH_IN, footer_top - GAP_IN - band_top)
    chart_width, chart_height = picture_size_in(
        inputs.versioning_chart, (band.width - GAP_IN) / 2, band.height
    )
    qualitative = qualitative_content(inputs)
    try:
        qualitative_plan = plan_table(
            qualitative.header,
            qualitative.cells,
            TABLE_PT,
            band.width - chart_width - GAP_IN,
            qualitative.what,
        )
    except LayoutError:
        return False
    if qualitative_plan.height > band.height or chart_height < MIN_CHART_HEIGHT_IN:
        return False

    add_table_at_top(slide, plan, table)
    add_text(
        slide,
        Box(band.right - text_width, CONTENT_TOP_IN, text_width, text_height),
        [takeaway],
        size_pt,
    )
    add_picture(
        slide,
        inputs.versioning_chart,
        Box(band.left, band.top, chart_width, chart_height),
    )
    add_table(
        slide,
        band.right - qualitative_plan.width,
        band.top,
        qualitative_plan,
        qualitative.header,
        qualitative.cells,
        TABLE_PT,
        qualitative.aligns,
    )
    return True


def add_versioning_slide(prs, inputs: DeckInputs) -> None:
    """Add the lakeFS vs DVC slide, and another one when the qualitative rows need it."""
    slide = new_slide(prs, VERSIONING_TITLE, inputs.synthetic)
    sources = [inputs.results_dir / VERSIONING_TABLE, inputs.versioning_chart]
    notes = [
        (
            "MB: 10^6 bytes stored under each tool's prefix. "
            "aws s3 cp: plain upload and download, the floor."
        )
    ]
    footer = footer_lines(inputs, sources, notes)
    footer_with_qualitative = footer_lines(
        inputs, sources + [inputs.results_dir / QUALITATIVE_TABLE], notes
    )
    # The footer names the qualitative file only when its rows are on this
    # slide, so the layout leaves room for the longer of the two footers.
    footer_top = FOOTER_BOTTOM_IN - max(
        footer_height(footer), footer_height(footer_with_qualitative)
    )
    takeaway = versioning_takeaway(inputs.versioning_rows)
    table = table_content(
        VERSIONING_COLUMNS,
        inputs.versioning_rows,
        f"{inputs.results_dir / VERSIONING_TABLE}",
    )

    if inputs.qualitative_rows and add_versioning_grid(
        slide, inputs, table, footer_top, takeaway
    ):
        add_footer(slide, footer_with_qualitative)
        return
    add_footer(slide, footer)
    add_comparison(
        prs, slide, inputs, table, inputs.versioning_chart, takeaway, footer_top
    )
    if inputs.qualitative_rows:
        add_qualitative_slide(prs, inputs)


def build_deck(results_dir: Path, date: datetime.date):
    """Return the presentation for the results in results_dir."""
    inputs = read_inputs(results_dir)
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_WIDTH_IN), Inches(SLIDE_HEIGHT_IN)
    prs.core_properties.title = DECK_TITLE
    add_title_slide(prs, inputs, date)
    add_dp_slide(prs, inputs)
    add_versioning_slide(prs, inputs)
    return prs


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--results",
        type=Path,
        default=RESULTS_DIR,
        help="results folder to read (default: results/)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="deck to write (default: RESULTS/slides/slides.pptx)",
    )
    parser.add_argument(
        "--date",
        default=None,
        help="date on the title slide, YYYY-MM-DD (default: today)",
    )
    args = parser.parse_args(argv)
    out = args.out or args.results / "slides" / "slides.pptx"

    prs = build_deck(args.results, build_date(args.date))
    atomic_write(out, lambda temp: prs.save(str(temp)))
    log.info("wrote %d slides to %s", len(prs.slides), out)


if __name__ == "__main__":
    setup_logging()
    run_main(main)
