"""Feature matrices from a data version: profiles, missing rows, public-bound scaling."""

import numpy as np
import pandas as pd

from scripts.errors import UserError
from scripts.schema import TARGET


def profile_columns(params: dict, profile: str | None = None) -> tuple[str, list[str]]:
    """Return the profile name and its columns from params.yaml's features section."""
    features = params["features"]
    name = profile or features["profile"]
    if name not in features["profiles"]:
        raise UserError(f"params.yaml: feature profile {name!r} not found; choose one of {sorted(features['profiles'])}")
    return name, list(features["profiles"][name])


def complete_rows(df: pd.DataFrame, columns: list[str]) -> tuple[pd.DataFrame, int]:
    """Drop rows missing a feature or the target; return the rest and the count dropped."""
    kept = df.dropna(subset=columns + [TARGET])
    return kept, len(df) - len(kept)


def xy(df: pd.DataFrame, columns: list[str]) -> tuple[np.ndarray, np.ndarray]:
    missing = [column for column in columns + [TARGET] if column not in df.columns]
    if missing:
        raise UserError(f"data has no column {', '.join(missing)}; check the feature profile in params.yaml")
    return df[columns].to_numpy(dtype="float64"), df[TARGET].to_numpy(dtype="float64")


def scale(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Clip to the public bounds [low, high] and map to [0, 1]."""
    return (np.clip(values, low, high) - low) / (high - low)


def unscale(values: np.ndarray, low: float, high: float) -> np.ndarray:
    return values * (high - low) + low


def scale_features(x: np.ndarray, columns: list[str], bounds: dict) -> np.ndarray:
    """Scale each column with its public bounds from params.yaml."""
    missing = [column for column in columns if column not in bounds]
    if missing:
        raise UserError(f"params.yaml: features.bounds lacks {', '.join(missing)}; add [low, high] for each")
    scaled = np.empty_like(x, dtype="float32")
    for index, column in enumerate(columns):
        low, high = bounds[column]
        scaled[:, index] = scale(x[:, index], low, high)
    return scaled
