"""Feature matrices from a data version: profiles, encoding, missing rows, public-bound scaling.

A profile from params.yaml lists numeric columns, one-hot columns (gender,
region) and multi-hot survey columns. Categories come from public
vocabularies (GENDERS here, REGIONS and SURVEY_OPTIONS in scripts/schema.py),
never from the data, so the encoding and its column order are identical for
every version and every split.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from scripts.errors import UserError
from scripts.schema import REGIONS, SURVEY_OPTIONS, TARGET

# Value name of the indicator that is set when a categorical cell contains no
# known value, because the cell is empty (v1 only) or contains a value outside
# the vocabulary, such as the gender `--`.
MISSING = "<missing>"
SURVEY_SEPARATOR = "|"
# The genders that the v2 cleaning keeps; raw rows also contain `--` and blanks.
GENDERS = ["Male", "Female"]

VOCABULARIES = {"gender": GENDERS, "region": REGIONS, **SURVEY_OPTIONS}


@dataclass(frozen=True)
class FeatureProfile:
    """The input columns of a model, grouped by how they are encoded."""

    name: str
    numeric: list[str]
    one_hot: list[str] = field(default_factory=list)
    multi_hot: list[str] = field(default_factory=list)

    @property
    def input_columns(self) -> list[str]:
        return self.numeric + self.one_hot + self.multi_hot

    @property
    def feature_names(self) -> list[str]:
        """Return the encoded column names, numeric columns first."""
        names = list(self.numeric)
        for column in self.one_hot + self.multi_hot:
            names += [indicator_name(column, value) for value in VOCABULARIES[column]]
            names.append(indicator_name(column, MISSING))
        return names


def indicator_name(column: str, value: str) -> str:
    """Return `column=value`, without the survey options' trailing `|`."""
    return f"{column}={value.removesuffix(SURVEY_SEPARATOR)}"


def parse_profile(name: str, spec) -> FeatureProfile:
    """Build a FeatureProfile from its params.yaml entry (a mapping, or a list of numeric columns)."""
    if isinstance(spec, list):
        spec = {"numeric": spec}
    unknown_keys = sorted(set(spec) - {"numeric", "one_hot", "multi_hot"})
    if unknown_keys:
        raise UserError(
            f"params.yaml: features.profiles.{name} has unknown keys {', '.join(unknown_keys)}; "
            f"use numeric, one_hot and multi_hot"
        )
    profile = FeatureProfile(
        name=name,
        numeric=list(spec.get("numeric") or []),
        one_hot=list(spec.get("one_hot") or []),
        multi_hot=list(spec.get("multi_hot") or []),
    )
    no_vocabulary = [column for column in profile.one_hot + profile.multi_hot if column not in VOCABULARIES]
    if no_vocabulary:
        raise UserError(
            f"params.yaml: features.profiles.{name}: no public vocabulary for {', '.join(no_vocabulary)}; "
            f"categorical columns must be one of {', '.join(VOCABULARIES)}"
        )
    if not profile.numeric:
        raise UserError(f"params.yaml: features.profiles.{name} needs at least one numeric column")
    return profile


def load_profile(params: dict, name: str | None = None) -> FeatureProfile:
    """Return a profile from params.yaml's features section, or features.profile when name is None."""
    features = params["features"]
    name = name or features["profile"]
    if name not in features["profiles"]:
        raise UserError(f"params.yaml: feature profile {name!r} not found; choose one of {sorted(features['profiles'])}")
    return parse_profile(name, features["profiles"][name])


def load_profiles(params: dict) -> list[FeatureProfile]:
    """Return every profile of params.yaml, the default profile first."""
    default = params["features"]["profile"]
    names = [default] + [name for name in params["features"]["profiles"] if name != default]
    return [load_profile(params, name) for name in names]


def complete_rows(df: pd.DataFrame, profile: FeatureProfile) -> tuple[pd.DataFrame, int]:
    """Drop rows missing a numeric feature or the target, and return the rest and the count dropped.

    Categorical cells may be empty, because their `<missing>` indicator encodes that.
    """
    kept = df.dropna(subset=profile.numeric + [TARGET])
    return kept, len(df) - len(kept)


def one_hot(values: pd.Series, column: str) -> np.ndarray:
    """Encode one categorical column: a column per vocabulary value, then `<missing>`."""
    vocabulary = VOCABULARIES[column]
    encoded = np.zeros((len(values), len(vocabulary) + 1), dtype="float64")
    for index, value in enumerate(vocabulary):
        encoded[:, index] = (values == value).to_numpy()
    encoded[:, -1] = encoded[:, :-1].sum(axis=1) == 0
    return encoded


def multi_hot(values: pd.Series, column: str) -> np.ndarray:
    """Encode a multi-select survey column: a column per option, then `<missing>`.

    A cell such as `A|B|` sets the columns of A and B whatever their order.
    `Decline to answer|` is an option like any other. Options outside the
    vocabulary set nothing, and a cell without a known option sets `<missing>`.
    """
    vocabulary = VOCABULARIES[column]
    dummies = values.astype("string").str.get_dummies(sep=SURVEY_SEPARATOR)
    known = [option.removesuffix(SURVEY_SEPARATOR) for option in vocabulary]
    encoded = np.zeros((len(values), len(vocabulary) + 1), dtype="float64")
    encoded[:, :-1] = dummies.reindex(columns=known, fill_value=0).to_numpy(dtype="float64")
    encoded[:, -1] = encoded[:, :-1].sum(axis=1) == 0
    return encoded


def encode(df: pd.DataFrame, profile: FeatureProfile) -> np.ndarray:
    """Return the feature matrix of a profile, columns in the order of profile.feature_names."""
    missing = [column for column in profile.input_columns if column not in df.columns]
    if missing:
        raise UserError(
            f"data has no column {', '.join(missing)}; check features.profiles.{profile.name} in params.yaml"
        )
    blocks = [df[profile.numeric].to_numpy(dtype="float64")]
    blocks += [one_hot(df[column], column) for column in profile.one_hot]
    blocks += [multi_hot(df[column], column) for column in profile.multi_hot]
    return np.hstack(blocks)


def xy(df: pd.DataFrame, profile: FeatureProfile) -> tuple[np.ndarray, np.ndarray]:
    """Return the encoded features and the target of rows that are already complete."""
    if TARGET not in df.columns:
        raise UserError(f"data has no column {TARGET}; rebuild the data versions with `make prepare`")
    return encode(df, profile), df[TARGET].to_numpy(dtype="float64")


def scale(values: np.ndarray, low: float, high: float) -> np.ndarray:
    """Clip to the public bounds [low, high] and map to [0, 1]."""
    return (np.clip(values, low, high) - low) / (high - low)


def unscale(values: np.ndarray, low: float, high: float) -> np.ndarray:
    return values * (high - low) + low


def scale_features(x: np.ndarray, profile: FeatureProfile, bounds: dict) -> np.ndarray:
    """Scale the numeric columns with their public bounds and leave the indicators, already 0 or 1."""
    missing = [column for column in profile.numeric if column not in bounds]
    if missing:
        raise UserError(f"params.yaml: features.bounds lacks {', '.join(missing)}; add [low, high] for each")
    scaled = x.astype("float32", copy=True)
    for index, column in enumerate(profile.numeric):
        low, high = bounds[column]
        scaled[:, index] = scale(x[:, index], low, high)
    return scaled
