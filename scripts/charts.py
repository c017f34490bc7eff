"""Charts for the slides and the report, drawn at the size a slide shows them.

Each figure is about the size of its place on a slide (6 by 3 in), so its 15 pt
text stays at 14 pt or more when python-pptx scales it to fit.
"""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from scripts.io_utils import atomic_write  # noqa: E402

FIGURE_SIZE_IN = (5.8, 2.6)
FONT_PT = 15
STYLE = {
    "font.size": FONT_PT,
    "axes.titlesize": FONT_PT,
    "axes.labelsize": FONT_PT,
    "xtick.labelsize": FONT_PT,
    "ytick.labelsize": FONT_PT,
    "legend.fontsize": FONT_PT,
}
DPI = 200
TOOL_LABELS = {"lakefs": "lakeFS", "dvc": "DVC", "aws_s3_cp": "aws s3 cp"}


def synthetic_note(synthetic: bool | None) -> str:
    return " (SYNTHETIC data)" if synthetic else ""


def new_figure():
    plt.rcParams.update(STYLE)
    return plt.subplots(figsize=FIGURE_SIZE_IN)


def save(figure, path: Path) -> None:
    atomic_write(path, lambda temp: figure.savefig(temp, format="png", dpi=DPI, bbox_inches="tight"))
    plt.close(figure)


def plot_privacy_utility(table: pd.DataFrame, path: Path, target_epsilon: float, synthetic: bool | None) -> None:
    """Plot test MAE against epsilon (Poisson), marking the headline model and the target."""
    figure, axis = new_figure()
    ordered = table.sort_values("epsilon_poisson")
    axis.plot(ordered["epsilon_poisson"], ordered["mae_lb"], marker="o", color="#c44")
    headline = table[table["headline"]]
    axis.scatter(headline["epsilon_poisson"], headline["mae_lb"], s=160, facecolors="none",
                 edgecolors="black", label="headline", zorder=3)  # fmt: skip
    axis.axvline(target_epsilon, color="#888", linestyle="--", label=f"target ε = {target_epsilon:g}")
    axis.set_xscale("log")
    axis.set_xlabel("epsilon (RDP, Poisson sampling)")
    axis.set_ylabel("MAE on test (lb)")
    axis.legend(loc="upper right", frameon=False)
    axis.set_title(f"DP-SGD, δ = {table['delta'].iloc[0]:.1e}{synthetic_note(synthetic)}")
    save(figure, path)


def plot_models(table: pd.DataFrame, path: Path, synthetic: bool | None) -> None:
    """Plot each model's test MAE as a horizontal bar, DP models in red."""
    figure, axis = new_figure()
    colors = ["#c44" if dp else "#888" for dp in table["dp"]]
    axis.barh(table["model"], table["mae_lb"], color=colors)
    axis.invert_yaxis()
    axis.set_xlabel("MAE on test (lb)")
    axis.set_title(f"DP (red) vs non-DP{synthetic_note(synthetic)}")
    save(figure, path)


def plot_versioning(table: pd.DataFrame, path: Path, synthetic: bool | None) -> None:
    """Plot seconds to version v1 and v2 and to read v1 back, per tool."""
    figure, axis = new_figure()
    positions = list(range(len(table)))
    width = 0.27
    for offset, column, label in (
        (-width, "seconds_version_v1", "version v1"),
        (0, "seconds_version_v2", "version v2"),
        (width, "seconds_read_v1", "read v1"),
    ):
        axis.bar([p + offset for p in positions], table[column], width, label=label)
    axis.set_xticks(positions, [TOOL_LABELS.get(tool, tool) for tool in table["tool"]])
    axis.set_ylabel("seconds")
    axis.legend(loc="upper right", frameon=False)
    axis.set_title(f"Same files, one MinIO{synthetic_note(synthetic)}")
    save(figure, path)
