"""Charts are drawn near slide size with text that stays at 14 pt or more."""

import pandas as pd
import pytest
from PIL import Image

from scripts.charts import DPI, FONT_PT, plot_models, plot_privacy_utility, plot_versioning

# The shortest chart slot on a slide is about 2.95 in high. A chart no taller
# than this keeps its 15 pt text at 14 pt or more when fitted into that slot.
MAX_HEIGHT_IN = 2.95 * FONT_PT / 14


@pytest.fixture
def curve():
    return pd.DataFrame({
        "epsilon_poisson": [0.4, 1.0, 3.0, 19.0],
        "mae_lb": [168.0, 144.0, 133.0, 124.0],
        "headline": [False, True, False, False],
        "delta": [4.1e-5] * 4,
    })  # fmt: skip


def size_in(path):
    width, height = Image.open(path).size
    return width / DPI, height / DPI


def test_privacy_utility_chart_size(tmp_path, curve):
    path = tmp_path / "curve.png"
    plot_privacy_utility(curve, path, 1.0, synthetic=True)
    width, height = size_in(path)
    assert height <= MAX_HEIGHT_IN
    assert width <= 6.4


def test_versioning_chart_size(tmp_path):
    table = pd.DataFrame({
        "tool": ["lakefs", "dvc", "aws_s3_cp"],
        "seconds_version_v1": [4.0, 3.0, 2.0],
        "seconds_version_v2": [3.5, 2.5, 1.5],
        "seconds_read_v1": [0.3, 1.3, 0.1],
    })  # fmt: skip
    path = tmp_path / "versioning.png"
    plot_versioning(table, path, synthetic=False)
    assert size_in(path)[1] <= MAX_HEIGHT_IN


def test_models_chart_size(tmp_path):
    table = pd.DataFrame({"model": ["linear_v2", "mlp_v2", "dp_mlp_v2"], "mae_lb": [116.0, 121.0, 144.0],
                          "dp": [False, False, True]})  # fmt: skip
    path = tmp_path / "models.png"
    plot_models(table, path, synthetic=True)
    assert size_in(path)[1] <= MAX_HEIGHT_IN

