"""The slide deck: titles, numbers against their source files, bounds, fonts, missing inputs."""

import math
import re
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT
from pptx import Presentation
from pptx.util import Emu, Pt
from results_fixture import (
    DP_ROWS,
    ENVIRONMENT,
    FLOOR_ROW,
    LONG_QUALITATIVE,
    MIA_AUC,
    SHORT_QUALITATIVE,
    SOURCE,
    VERSIONING_ROWS,
    write_results,
)

from scripts import slides

DATE = "2025-03-14"
TITLES = [slides.DECK_TITLE, "DP vs non-DP", "lakeFS vs DVC"]
DP_HEADERS = {
    "model": "model",
    "data": "data_version",
    "MAE (lb)": "mae_lb",
    "RMSE (lb)": "rmse_lb",
    "R²": "r2",
    "ε Poisson": "epsilon_poisson",
    "ε shuffled": "epsilon_shuffled",
    "δ": "delta",
    "MIA AUC": "mia_auc",
    "s / epoch": "seconds_per_epoch",
}
VERSIONING_HEADERS = {
    "version v1 (s)": "seconds_version_v1",
    "version v2 (s)": "seconds_version_v2",
    "read v1 (s)": "seconds_read_v1",
    "objects": "objects_stored",
}
TOOL_LABELS = {"lakefs": "lakeFS", "dvc": "DVC", "aws_s3_cp": "aws s3 cp"}
MIN_FONT = Pt(14)
OVERLAP_TOLERANCE_IN = 0.01
EMU_PER_INCH = 914400


def build_deck(results):
    slides.main(["--results", str(results), "--date", DATE])
    return Presentation(str(results / "slides" / "slides.pptx"))


@pytest.fixture
def deck(tmp_path):
    return build_deck(write_results(tmp_path))


def slide_text(slide) -> str:
    parts = [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    for shape in slide.shapes:
        if shape.has_table:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def table_records(shape) -> list[dict]:
    rows = [[cell.text for cell in row.cells] for row in shape.table.rows]
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def tables_on(slide) -> list[list[dict]]:
    return [table_records(shape) for shape in slide.shapes if shape.has_table]


def is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def shown_matches(text: str, value: float) -> bool:
    """Return whether text, such as 43,703.9 or 4.15e-05, is value rounded to the digits shown."""
    number = float(text.replace(",", ""))
    mantissa, _, exponent = text.replace(",", "").partition("e")
    decimals = len(mantissa.partition(".")[2])
    unit = 10 ** (int(exponent) - decimals) if exponent else 10**-decimals
    return abs(number - value) <= unit / 2 + 1e-9 * abs(value)


def takeaway_text(slide, marker: str) -> str:
    texts = [
        shape.text_frame.text
        for shape in slide.shapes
        if shape.has_text_frame and marker in shape.text_frame.text
    ]
    assert len(texts) == 1, f"expected one text box with {marker!r}, found {len(texts)}"
    return texts[0]


def shape_boxes_in(slide) -> list[tuple[str, float, float, float, float]]:
    """Return (name, left, top, right, bottom) in inches for every shape on a slide."""
    boxes = []
    for shape in slide.shapes:
        left, top = shape.left / EMU_PER_INCH, shape.top / EMU_PER_INCH
        boxes.append(
            (
                shape.name,
                left,
                top,
                left + shape.width / EMU_PER_INCH,
                top + shape.height / EMU_PER_INCH,
            )
        )
    return boxes


def runs_of(shape):
    frames = []
    if shape.has_text_frame:
        frames.append(shape.text_frame)
    if shape.has_table:
        frames += [cell.text_frame for row in shape.table.rows for cell in row.cells]
    return [
        run
        for frame in frames
        for paragraph in frame.paragraphs
        for run in paragraph.runs
    ]


def test_deck_slide_titles(deck):
    assert [slide.shapes.title.text_frame.text for slide in deck.slides] == TITLES


def test_title_slide_shows_data_source(deck):
    text = slide_text(deck.slides[0])
    assert "SYNTHETIC" in text
    assert SOURCE["md5"] in text
    assert f"{SOURCE['rows']:,} rows" in text
    assert f"seed {SOURCE['seed']}" in text


def test_title_slide_shows_tool_versions(deck):
    text = slide_text(deck.slides[0])
    packages = ENVIRONMENT["packages"]
    assert f"lakeFS {ENVIRONMENT['lakefs']['version']}" in text
    assert f"DVC {packages['dvc']}" in text
    assert f"TensorFlow {packages['tensorflow']}" in text
    assert f"TensorFlow Privacy {packages['tensorflow-privacy']}" in text


def test_title_slide_shows_date_and_splits(deck):
    text = slide_text(deck.slides[0])
    assert DATE in text
    assert "v1: 16,000 train + 4,000 test rows" in text
    assert "v2: 1,135 train + 284 test rows" in text


def test_real_data_title_has_no_synthetic_warning(tmp_path):
    results = write_results(tmp_path)
    versions_file = results / "versions.json"
    versions_file.write_text(
        versions_file.read_text().replace('"synthetic": true', '"synthetic": false')
    )
    text = "\n".join(slide_text(slide) for slide in build_deck(results).slides)
    assert "SYNTHETIC" not in text
    assert "real athletes.csv" in text


def assert_table_matches(records: list[dict], rows: list[dict], headers: dict) -> None:
    assert len(records) == len(rows)
    for record, row in zip(records, rows):
        for header, key in headers.items():
            shown, value = record[header], row.get(key)
            where = f"{row.get('model', row.get('tool'))} {header}"
            if is_missing(value):
                assert shown == "n/a", where
            elif isinstance(value, str):
                assert shown == value, where
            else:
                assert shown_matches(shown, value), (
                    f"{where}: {shown} shown for {value}"
                )


def test_dp_table_numbers_match_source(deck):
    (records,) = tables_on(deck.slides[1])
    assert list(records[0]) == list(DP_HEADERS)
    assert_table_matches(records, DP_ROWS, DP_HEADERS)


def test_dp_table_mia_auc_when_present(tmp_path):
    deck = build_deck(write_results(tmp_path, mia=True))
    (records,) = tables_on(deck.slides[1])
    rows = [{**row, "mia_auc": MIA_AUC[row["model"]]} for row in DP_ROWS]
    assert_table_matches(records, rows, DP_HEADERS)
    assert records[3]["MIA AUC"] == "0.512"


def test_dp_table_mia_auc_absent_shows_na(deck):
    (records,) = tables_on(deck.slides[1])
    assert [record["MIA AUC"] for record in records] == ["n/a"] * len(DP_ROWS)


def test_versioning_table_numbers_match_source(tmp_path):
    deck = build_deck(write_results(tmp_path, floor=True))
    (records,) = tables_on(deck.slides[2])
    rows = VERSIONING_ROWS + [FLOOR_ROW]
    assert [record["tool"] for record in records] == [
        TOOL_LABELS[row["tool"]] for row in rows
    ]
    assert_table_matches(records, rows, VERSIONING_HEADERS)
    for record, row in zip(records, rows):
        assert shown_matches(record["stored (MB)"], row["bytes_stored"] / 1e6), row[
            "tool"
        ]


def test_dp_takeaway_computed_from_rows(deck):
    text = takeaway_text(deck.slides[1], "ε =")
    mlp, dp = DP_ROWS[2], DP_ROWS[3]
    loss = dp["mae_lb"] - mlp["mae_lb"]
    assert f"ε = {dp['epsilon_poisson']:.2f}" in text
    assert f"{dp['epsilon_shuffled']:.2f} as the shuffled bound" in text
    assert f"δ = {dp['delta']:.2e}" in text
    assert f"loses {loss:.1f} lb of MAE ({100 * loss / mlp['mae_lb']:+.2g}%)" in text
    assert f"({dp['mae_lb']:.1f} vs {mlp['mae_lb']:.1f} lb)" in text
    assert (
        f"{dp['seconds_per_epoch'] / mlp['seconds_per_epoch']:.1f}× its seconds per epoch"
        in text
    )


def test_dp_takeaway_mentions_mia_auc(tmp_path):
    deck = build_deck(write_results(tmp_path, mia=True))
    text = takeaway_text(deck.slides[1], "ε =")
    assert (
        f"membership-inference AUC {MIA_AUC['dp_mlp_v2']:.3f} against {MIA_AUC['mlp_v2']:.3f}"
        in text
    )


def test_versioning_takeaway_computed_from_rows(tmp_path):
    deck = build_deck(write_results(tmp_path, floor=True))
    text = takeaway_text(deck.slides[2], "Reading v1")
    lakefs, dvc = VERSIONING_ROWS

    def both(row):
        return row["seconds_version_v1"] + row["seconds_version_v2"]

    assert f"{lakefs['seconds_read_v1']:.2f} s from lakeFS" in text
    assert f"{dvc['seconds_read_v1']:.2f} s from DVC" in text
    assert (
        f"lakeFS {dvc['seconds_read_v1'] / lakefs['seconds_read_v1']:.1f}× faster"
        in text
    )
    assert f"{both(lakefs):.2f} s with lakeFS and {both(dvc):.2f} s with DVC" in text
    assert f"{both(FLOOR_ROW):.2f} s with a plain aws s3 cp" in text
    assert f"both store {lakefs['bytes_stored'] / 1e6:.1f} MB" in text
    assert (
        f"({lakefs['objects_stored']} objects for lakeFS, {dvc['objects_stored']} for DVC)"
        in text
    )


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"mia": True, "floor": True},
        {"qualitative": SHORT_QUALITATIVE},
        {"qualitative": LONG_QUALITATIVE},
    ],
    ids=["plain", "mia-floor", "short-qualitative", "long-qualitative"],
)
def test_shapes_inside_slide(tmp_path, options):
    deck = build_deck(write_results(tmp_path, **options))
    width, height = deck.slide_width / EMU_PER_INCH, deck.slide_height / EMU_PER_INCH
    for number, slide in enumerate(deck.slides, 1):
        for name, left, top, right, bottom in shape_boxes_in(slide):
            assert left >= 0, f"slide {number} {name} starts left of the slide"
            assert top >= 0, (
                f"slide {number} {name} starts above the slide"
            )
            assert right <= width, (
                f"slide {number} {name} ends {right - width:.2f} in right of the slide"
            )
            assert bottom <= height, (
                f"slide {number} {name} ends {bottom - height:.2f} in below the slide"
            )


@pytest.mark.parametrize(
    "options",
    [
        {},
        {"mia": True, "floor": True},
        {"qualitative": SHORT_QUALITATIVE},
        {"qualitative": LONG_QUALITATIVE},
    ],
    ids=["plain", "mia-floor", "short-qualitative", "long-qualitative"],
)
def test_shapes_do_not_overlap(tmp_path, options):
    deck = build_deck(write_results(tmp_path, **options))
    for number, slide in enumerate(deck.slides, 1):
        boxes = shape_boxes_in(slide)
        for index, first in enumerate(boxes):
            for second in boxes[index + 1 :]:
                overlap_x = min(first[3], second[3]) - max(first[1], second[1])
                overlap_y = min(first[4], second[4]) - max(first[2], second[2])
                overlaps = (
                    overlap_x > OVERLAP_TOLERANCE_IN
                    and overlap_y > OVERLAP_TOLERANCE_IN
                )
                assert not overlaps, f"slide {number}: {first[0]} overlaps {second[0]}"


def test_fonts_at_least_14_pt(tmp_path):
    deck = build_deck(
        write_results(tmp_path, mia=True, floor=True, qualitative=LONG_QUALITATIVE)
    )
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            for run in runs_of(shape):
                assert run.font.size is not None, (
                    f"slide {number} {shape.name}: {run.text!r} has no size"
                )
                assert run.font.size >= MIN_FONT, (
                    f"slide {number} {shape.name}: {run.text!r} at {run.font.size.pt} pt"
                )


def test_privacy_utility_chart_replaces_dp_chart(tmp_path):
    results = write_results(tmp_path, privacy_utility=True)
    deck = build_deck(results)
    pictures = [shape for shape in deck.slides[1].shapes if shape.shape_type == 13]
    assert len(pictures) == 1
    assert (
        pictures[0].image.blob == (results / "dp" / "privacy_utility.png").read_bytes()
    )


def test_short_qualitative_rows_share_the_slide(tmp_path):
    deck = build_deck(write_results(tmp_path, qualitative=SHORT_QUALITATIVE))
    assert len(deck.slides) == 3
    qualitative = [
        records for records in tables_on(deck.slides[2]) if "aspect" in records[0]
    ]
    assert [record["aspect"] for record in qualitative[0]] == [
        row["aspect"] for row in SHORT_QUALITATIVE
    ]
    assert [record["DVC"] for record in qualitative[0]] == [
        row["dvc"] for row in SHORT_QUALITATIVE
    ]


def test_long_qualitative_rows_get_own_slide(tmp_path):
    deck = build_deck(write_results(tmp_path, qualitative=LONG_QUALITATIVE))
    assert [slide.shapes.title.text_frame.text for slide in deck.slides] == TITLES + [
        "lakeFS vs DVC (continued)"
    ]
    (records,) = tables_on(deck.slides[3])
    assert [record["lakeFS"] for record in records] == [
        row["lakefs"] for row in LONG_QUALITATIVE
    ]


def test_footer_names_qualitative_file_where_shown(tmp_path):
    short = build_deck(write_results(tmp_path / "short", qualitative=SHORT_QUALITATIVE))
    long = build_deck(write_results(tmp_path / "long", qualitative=LONG_QUALITATIVE))
    assert "results/versioning/qualitative.json" in slide_text(short.slides[2])
    assert "results/versioning/qualitative.json" not in slide_text(long.slides[2])
    assert "results/versioning/qualitative.json" in slide_text(long.slides[3])


def test_extra_rows_and_columns_are_shown(tmp_path):
    sweep = [
        {
            **DP_ROWS[3],
            "model": f"dp_mlp_v2_noise_{noise}",
            "noise_multiplier": noise,
            "mae_lb": 150.0 + noise,
        }
        for noise in (0.5, 0.8, 2.0, 4.0)
    ]
    deck = build_deck(write_results(tmp_path, extra_dp_rows=sweep))
    (records,) = tables_on(deck.slides[1])
    assert [record["model"] for record in records][-4:] == [
        row["model"] for row in sweep
    ]
    assert "noise_multiplier" not in records[0]


def test_long_dp_table_moves_chart_to_next_slide(tmp_path):
    sweep = [
        {**DP_ROWS[3], "model": f"dp_mlp_v2_noise_{noise}"}
        for noise in (0.5, 0.8, 2.0, 4.0)
    ]
    deck = build_deck(write_results(tmp_path, extra_dp_rows=sweep))
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    assert titles == [TITLES[0], TITLES[1], "DP vs non-DP (chart)", TITLES[2]]
    assert "ε =" in slide_text(deck.slides[1])
    assert [shape.shape_type for shape in deck.slides[2].shapes].count(13) == 1


def test_too_many_rows_names_the_table(tmp_path):
    many = [{**DP_ROWS[2], "model": f"mlp_v2_seed_{seed}"} for seed in range(30)]
    results = write_results(tmp_path, extra_dp_rows=many)
    result = run_slides(results)
    assert result.returncode == 1
    assert (
        f"{results / 'slides' / 'dp_vs_nondp.json'}: its 34 rows do not fit"
        in result.stderr
    )


def run_slides(results):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "scripts.slides",
            "--results",
            str(results),
            "--date",
            DATE,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("name", "target"),
    [
        ("versions.json", "make version-lakefs version-dvc"),
        ("environment.json", "make environment"),
        ("slides/dp_vs_nondp.json", "make slides-data"),
        ("slides/dp_vs_nondp.png", "make slides-data"),
        ("slides/lakefs_vs_dvc.json", "make slides-data"),
        ("slides/lakefs_vs_dvc.png", "make slides-data"),
    ],
)
def test_missing_input_names_file_and_target(tmp_path, name, target):
    results = write_results(tmp_path)
    (results / name).unlink()
    result = run_slides(results)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(results / name) in lines[0]
    assert f"`{target}`" in lines[0]
    assert not (results / "slides" / "slides.pptx").exists()


def test_invalid_table_names_file(tmp_path):
    results = write_results(tmp_path)
    (results / "slides" / "lakefs_vs_dvc.json").write_text('{"rows": "none"}')
    result = run_slides(results)
    assert result.returncode == 1
    assert "lakefs_vs_dvc.json: expected a `rows` list" in result.stderr


RENDER_TOOLS = ("soffice", "pdftoppm", "pdftotext")
needs_renderer = pytest.mark.skipif(
    any(shutil.which(tool) is None for tool in RENDER_TOOLS),
    reason="needs LibreOffice (soffice) and poppler-utils (pdftoppm, pdftotext)",
)
WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)
PAGE = re.compile(r"<page [^>]*>(.*?)</page>", re.DOTALL)
WORD_TOLERANCE_PT = 3.0
POINTS_PER_INCH = 72


@needs_renderer
def test_render_script_writes_png_per_slide(tmp_path):
    results = write_results(tmp_path, qualitative=LONG_QUALITATIVE)
    build_deck(results)
    out = tmp_path / "png"
    subprocess.run(
        [
            str(ROOT / "scripts" / "render_slides.sh"),
            str(results / "slides" / "slides.pptx"),
            str(out),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    from PIL import Image

    names = sorted(path.name for path in out.glob("*.png"))
    assert names == ["slide-1.png", "slide-2.png", "slide-3.png", "slide-4.png"]
    with Image.open(out / "slide-1.png") as image:
        assert image.size == (1280, 720)


def rendered_words(pdf) -> list[list[tuple[float, float, float, float, str]]]:
    """Return each page's words with their boxes in points, as LibreOffice rendered them."""
    html = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    pages = []
    for page in PAGE.findall(html):
        pages.append(
            [
                (float(a), float(b), float(c), float(d), text)
                for a, b, c, d, text in WORD.findall(page)
            ]
        )
    return pages


@needs_renderer
def test_rendered_text_stays_in_its_shape(tmp_path):
    """Every word LibreOffice draws lies inside a text shape, so no row grew past its planned height."""
    results = write_results(
        tmp_path, mia=True, floor=True, qualitative=LONG_QUALITATIVE
    )
    deck = build_deck(results)
    subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path / 'profile'}",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(results / "slides" / "slides.pptx"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    pages = rendered_words(tmp_path / "slides.pdf")
    assert len(pages) == len(deck.slides)

    for number, (slide, words) in enumerate(zip(deck.slides, pages), 1):
        boxes = [
            (name, *(value * POINTS_PER_INCH for value in box))
            for name, *box in shape_boxes_in(slide)
        ]
        text_boxes = [
            box
            for box, shape in zip(boxes, slide.shapes)
            if shape.has_text_frame or shape.has_table
        ]
        assert words, f"slide {number}: no text rendered"
        for x_min, y_min, x_max, y_max, text in words:
            inside = [
                name
                for name, left, top, right, bottom in text_boxes
                if x_min >= left - WORD_TOLERANCE_PT
                and x_max <= right + WORD_TOLERANCE_PT
                and y_min >= top - WORD_TOLERANCE_PT
                and y_max <= bottom + WORD_TOLERANCE_PT
            ]
            assert inside, (
                f"slide {number}: {text!r} at ({x_min:.0f}, {y_min:.0f}) lies outside every text shape"
            )


def test_slide_size_is_16_by_9(deck):
    assert deck.slide_width == Emu(int(13.333 * EMU_PER_INCH))
    assert deck.slide_height == Emu(int(7.5 * EMU_PER_INCH))
