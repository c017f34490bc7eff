"""Compute the one-sentence takeaway of each comparison from its table rows.

Each number in a sentence is a value from the rows, or a difference, sum or
ratio of such values, formatted as the tables format it.
"""

from scripts.results_files import (
    MISSING,
    format_field,
    format_megabytes,
    format_number,
    is_missing,
)

# Names the slides show for the tools in lakefs_vs_dvc.json.
TOOL_NAMES = {"lakefs": "lakeFS", "dvc": "DVC", "aws_s3_cp": "aws s3 cp"}
FLOOR_TOOL = "aws_s3_cp"  # plain uploads and downloads, the lower bound for both tools
DP_MODEL = "dp_mlp_v2"
DP_PREFIX = "dp_"


def tool_name(tool: str) -> str:
    return TOOL_NAMES.get(tool, tool)


def is_dp(row: dict) -> bool:
    """Return whether a row is a DP model: its `dp` flag, else whether it has an epsilon."""
    if "dp" in row and not is_missing(row["dp"]):
        return bool(row["dp"])
    return not is_missing(row.get("epsilon_poisson"))


def dp_pair(rows: list[dict]) -> tuple[dict | None, dict | None]:
    """Return the DP row to report and the non-DP row it is compared with.

    The DP row is dp_mlp_v2 when present, else the first DP row. Its
    reference is the non-DP row of the same name without `dp_` (mlp_v2),
    else the non-DP row on the same data version with the lowest MAE.
    """
    dp_rows = [row for row in rows if is_dp(row)]
    if not dp_rows:
        return None, None
    dp_row = next((row for row in dp_rows if row.get("model") == DP_MODEL), dp_rows[0])

    candidates = [
        row
        for row in rows
        if not is_dp(row)
        and row.get("data_version") == dp_row.get("data_version")
        and not is_missing(row.get("mae_lb"))
    ]
    model = str(dp_row.get("model", ""))
    same_name = [
        row for row in candidates if DP_PREFIX + str(row.get("model")) == model
    ]
    if same_name:
        return dp_row, same_name[0]
    if candidates:
        return dp_row, min(candidates, key=lambda row: row["mae_lb"])
    return dp_row, None


def privacy_phrase(row: dict) -> str:
    epsilon = format_field("epsilon_poisson", row.get("epsilon_poisson"))
    shuffled = row.get("epsilon_shuffled")
    bound = (
        ""
        if is_missing(shuffled)
        else f"; {format_field('epsilon_shuffled', shuffled)} as the shuffled bound"
    )
    delta = format_field("delta", row.get("delta"))
    return f"At ε = {epsilon} (Poisson estimate{bound}) and δ = {delta}"


def mae_phrase(dp_row: dict, reference: dict) -> str:
    dp_mae, reference_mae = dp_row["mae_lb"], reference["mae_lb"]
    dp_shown, reference_shown = (
        format_field("mae_lb", dp_mae),
        format_field("mae_lb", reference_mae),
    )
    name = reference.get("model")
    if dp_shown == reference_shown:
        return (
            f"matches the MAE of the non-DP {name} to the 0.1 lb shown ({dp_shown} lb)"
        )

    difference = dp_mae - reference_mae
    percent = f"{100 * difference / reference_mae:+.2g}%"
    shown = f"{dp_shown} vs {reference_shown} lb"
    if difference > 0:
        loss = format_number(difference, 1)
        return f"loses {loss} lb of MAE ({percent}) against the non-DP {name} ({shown})"
    gain = format_number(-difference, 1)
    return f"has {gain} lb lower MAE ({percent}) than the non-DP {name} ({shown})"


def cost_phrase(dp_row: dict, reference: dict) -> str:
    dp_seconds, reference_seconds = (
        dp_row.get("seconds_per_epoch"),
        reference.get("seconds_per_epoch"),
    )
    if (
        is_missing(dp_seconds)
        or is_missing(reference_seconds)
        or reference_seconds <= 0
    ):
        return ""
    return f" and takes {dp_seconds / reference_seconds:.1f}× its seconds per epoch"


def exposure_phrase(dp_row: dict, reference: dict) -> str:
    dp_auc = dp_row.get("mia_auc")
    if is_missing(dp_auc):
        return ""
    against = ""
    if not is_missing(reference.get("mia_auc")):
        against = f" against {format_field('mia_auc', reference['mia_auc'])} without DP"
    auc = format_field("mia_auc", dp_auc)
    return f", with membership-inference AUC {auc}{against} (0.5 is chance)"


def dp_takeaway(rows: list[dict]) -> str:
    """Return one sentence: the MAE the DP model loses to its non-DP twin, at its epsilon."""
    dp_row, reference = dp_pair(rows)
    if dp_row is None:
        return "No DP model in this run, so there is no privacy-utility comparison."
    if reference is None or is_missing(dp_row.get("mae_lb")):
        return (
            f"{privacy_phrase(dp_row)}, {dp_row.get('model')} has no non-DP model "
            "on the same data to compare with."
        )
    return (
        f"{privacy_phrase(dp_row)}, {dp_row.get('model')} {mae_phrase(dp_row, reference)}"
        f"{cost_phrase(dp_row, reference)}{exposure_phrase(dp_row, reference)}."
    )


def seconds_sum(row: dict, keys: tuple[str, ...]) -> float | None:
    values = [row.get(key) for key in keys]
    return None if any(is_missing(value) for value in values) else sum(values)


def read_clause(lakefs: dict, dvc: dict) -> str:
    lakefs_s, dvc_s = lakefs.get("seconds_read_v1"), dvc.get("seconds_read_v1")
    if is_missing(lakefs_s) or is_missing(dvc_s):
        return ""
    faster, slower = (
        (("lakeFS", lakefs_s), ("DVC", dvc_s))
        if lakefs_s <= dvc_s
        else (("DVC", dvc_s), ("lakeFS", lakefs_s))
    )
    ratio = f"{slower[1] / faster[1]:.1f}" if faster[1] > 0 else MISSING
    return (
        f"Reading v1 back took {format_number(lakefs_s, 2)} s from lakeFS and "
        f"{format_number(dvc_s, 2)} s from DVC ({faster[0]} {ratio}× faster)"
    )


def versioning_clause(lakefs: dict, dvc: dict, floor: dict | None) -> str:
    keys = ("seconds_version_v1", "seconds_version_v2")
    lakefs_s, dvc_s = seconds_sum(lakefs, keys), seconds_sum(dvc, keys)
    if lakefs_s is None or dvc_s is None:
        return ""
    clause = (
        f"versioning v1 and v2 took {format_number(lakefs_s, 2)} s with lakeFS "
        f"and {format_number(dvc_s, 2)} s with DVC"
    )
    floor_s = seconds_sum(floor, keys) if floor else None
    if floor_s is not None:
        clause += f" ({format_number(floor_s, 2)} s with a plain aws s3 cp)"
    return clause


def storage_clause(lakefs: dict, dvc: dict) -> str:
    for row in (lakefs, dvc):
        if is_missing(row.get("bytes_stored")) or is_missing(row.get("objects_stored")):
            return ""
    lakefs_mb, dvc_mb = (
        format_megabytes(lakefs["bytes_stored"]),
        format_megabytes(dvc["bytes_stored"]),
    )
    lakefs_objects = format_field("objects_stored", lakefs["objects_stored"])
    dvc_objects = format_field("objects_stored", dvc["objects_stored"])
    if lakefs_mb == dvc_mb:
        objects = f"{lakefs_objects} objects for lakeFS, {dvc_objects} for DVC"
        return f"both store {lakefs_mb} MB ({objects})"
    return (
        f"lakeFS stores {lakefs_mb} MB in {lakefs_objects} objects "
        f"and DVC {dvc_mb} MB in {dvc_objects}"
    )


def versioning_takeaway(rows: list[dict]) -> str:
    """Return one sentence on lakeFS and DVC: read time, versioning time, storage."""
    by_tool = {row.get("tool"): row for row in rows}
    if "lakefs" not in by_tool or "dvc" not in by_tool:
        return (
            "This run measured only "
            + ", ".join(tool_name(str(tool)) for tool in by_tool)
            + "."
        )
    lakefs, dvc = by_tool["lakefs"], by_tool["dvc"]
    clauses = [
        clause
        for clause in (
            read_clause(lakefs, dvc),
            versioning_clause(lakefs, dvc, by_tool.get(FLOOR_TOOL)),
            storage_clause(lakefs, dvc),
        )
        if clause
    ]
    if not clauses:
        return "This run recorded no comparable lakeFS and DVC measurements."
    sentence = (
        ", ".join(clauses[:-1]) + (", and " if len(clauses) > 1 else "") + clauses[-1]
    )
    return sentence[0].upper() + sentence[1:] + "."
