"""The deck's inputs from one results folder, and the cells of its tables.

Reading fails on the first missing or malformed file with a UserError that
names the file and the make target that writes it, before any slide exists.
"""

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from scripts.results_files import (
    DP_CHART,
    DP_TABLE,
    MISSING,
    PRIVACY_UTILITY_CHART,
    QUALITATIVE_TABLE,
    VERSIONING_CHART,
    VERSIONING_TABLE,
    format_field,
    format_megabytes,
    is_missing,
    read_optional,
    read_required,
    require,
    required_field,
    table_rows,
)
from scripts.takeaways import tool_name


@dataclass(frozen=True)
class Column:
    """A table column: the row field it shows, its header and how it formats a row."""

    key: str
    header: str
    align: str = "right"
    format: Callable[[dict], str] | None = None
    always: bool = False  # shown even when no row has the field

    def cell(self, row: dict) -> str:
        if self.format is not None:
            return self.format(row)
        return format_field(self.key, row.get(self.key))


def text_or_missing(key: str) -> Callable[[dict], str]:
    return lambda row: MISSING if is_missing(row.get(key)) else str(row[key])


DP_COLUMNS = (
    Column("model", "model", "left", text_or_missing("model"), always=True),
    Column("data_version", "data", "left", text_or_missing("data_version")),
    Column("mae_lb", "MAE (lb)", always=True),
    Column("rmse_lb", "RMSE (lb)"),
    Column("r2", "R²"),
    Column("epsilon_poisson", "ε Poisson", always=True),
    Column("epsilon_shuffled", "ε shuffled"),
    Column("delta", "δ", always=True),
    Column("mia_auc", "MIA AUC", always=True),
    Column("seconds_per_epoch", "s / epoch", always=True),
)
VERSIONING_COLUMNS = (
    Column(
        "tool",
        "tool",
        "left",
        lambda row: tool_name(str(row.get("tool", MISSING))),
        always=True,
    ),
    Column("seconds_version_v1", "version v1 (s)"),
    Column("seconds_version_v2", "version v2 (s)"),
    Column("seconds_read_v1", "read v1 (s)"),
    Column(
        "bytes_stored",
        "stored (MB)",
        format=lambda row: format_megabytes(row.get("bytes_stored")),
    ),
    Column("objects_stored", "objects"),
)
QUALITATIVE_COLUMNS = (
    Column("aspect", "aspect", "left", text_or_missing("aspect"), always=True),
    Column("lakefs", "lakeFS", "left", text_or_missing("lakefs"), always=True),
    Column("dvc", "DVC", "left", text_or_missing("dvc"), always=True),
)


@dataclass(frozen=True)
class DeckInputs:
    """Everything the deck shows, read from one results folder."""

    results_dir: Path
    source: dict
    versions: dict
    environment: dict
    dp_rows: list[dict]
    dp_chart: Path
    versioning_rows: list[dict]
    versioning_chart: Path
    qualitative_rows: list[dict] | None

    def label(self, path: Path) -> str:
        """Return path as the footers show it, results/..., for any results folder."""
        return f"results/{path.relative_to(self.results_dir).as_posix()}"

    @property
    def synthetic(self) -> bool:
        return bool(self.source.get("synthetic"))


def read_inputs(results_dir: Path) -> DeckInputs:
    """Read every input; raise UserError naming the first missing file and its target."""
    versions = read_required(results_dir, "versions.json")
    source = required_field(versions, "source", results_dir, "versions.json")
    for key in ("md5", "rows", "synthetic"):
        required_field(source, key, results_dir, "versions.json")
    environment = read_required(results_dir, "environment.json")

    dp_rows = table_rows(read_required(results_dir, DP_TABLE), results_dir, DP_TABLE)
    versioning_rows = table_rows(
        read_required(results_dir, VERSIONING_TABLE), results_dir, VERSIONING_TABLE
    )
    versioning_chart = require(results_dir, VERSIONING_CHART)
    privacy_utility = results_dir / PRIVACY_UTILITY_CHART
    dp_chart = (
        privacy_utility if privacy_utility.is_file() else require(results_dir, DP_CHART)
    )

    qualitative = read_optional(results_dir, QUALITATIVE_TABLE)
    qualitative_rows = (
        table_rows(qualitative, results_dir, QUALITATIVE_TABLE) if qualitative else None
    )
    return DeckInputs(
        results_dir=results_dir,
        source=source,
        versions=versions.get("versions", {}),
        environment=environment,
        dp_rows=dp_rows,
        dp_chart=dp_chart,
        versioning_rows=versioning_rows,
        versioning_chart=versioning_chart,
        qualitative_rows=qualitative_rows or None,
    )


@dataclass(frozen=True)
class TableContent:
    """A table's header, cell texts, column alignments and a name for error messages."""

    header: list[str]
    cells: list[list[str]]
    aligns: list[str]
    what: str


def table_content(
    columns: tuple[Column, ...], rows: list[dict], what: str
) -> TableContent:
    """Format rows into cells, leaving out a column no row has unless it is `always`."""
    shown = [
        column
        for column in columns
        if column.always or any(not is_missing(row.get(column.key)) for row in rows)
    ]
    return TableContent(
        header=[column.header for column in shown],
        cells=[[column.cell(row) for column in shown] for row in rows],
        aligns=[column.align for column in shown],
        what=what,
    )
