"""The v1 and v2 rules: total_lift, the v2 cleaning and the 80/20 split."""

import logging

import pandas as pd
from sklearn.model_selection import train_test_split

from scripts.schema import DECLINE, LIFT_COLUMNS, TARGET

log = logging.getLogger(__name__)

REQUIRED_V2 = [
    "region", "age", "weight", "height", "gender", "eat", "train", "background",
    "experience", "schedule", "howlong", "deadlift", "candj", "snatch", "backsq",
]  # fmt: skip
DROPPED_V2 = [
    "affiliate", "team", "name", "athlete_id", "fran", "helen", "grace",
    "filthy50", "fgonebad", "run400", "run5k", "pullups", "train",
]  # fmt: skip
DECLINE_CHECKED_V2 = ["eat", "background", "experience", "schedule", "howlong"]

MAX_WEIGHT_LB = 1500  # exclusive
MIN_AGE = 18
MIN_HEIGHT_IN = 48  # exclusive
MAX_HEIGHT_IN = 96  # exclusive
MAX_DEADLIFT_MALE_LB = 1105
MAX_DEADLIFT_FEMALE_LB = 636
MAX_CANDJ_LB = 395
MAX_SNATCH_LB = 496
MAX_BACKSQ_LB = 1069

TEST_SIZE = 0.2
SPLIT_SEED = 42


def add_total_lift(df: pd.DataFrame) -> pd.DataFrame:
    """Return a copy with total_lift = deadlift + candj + snatch + backsq (NaN if any is)."""
    out = df.copy()
    out[TARGET] = out[LIFT_COLUMNS].sum(axis=1, skipna=False)
    return out


def in_range_mask(df: pd.DataFrame) -> pd.Series:
    """Return which rows pass step 3: body, age, gender and per-lift bounds."""
    male = df["gender"] == "Male"
    female = df["gender"] == "Female"
    # The cap depends on gender; a deadlift of 0 fails for everyone.
    deadlift_ok = (df["deadlift"] > 0) & (
        (male & (df["deadlift"] <= MAX_DEADLIFT_MALE_LB))
        | (female & (df["deadlift"] <= MAX_DEADLIFT_FEMALE_LB))
    )
    return (
        (df["weight"] < MAX_WEIGHT_LB)
        & (df["gender"] != "--")
        & (df["age"] >= MIN_AGE)
        & (df["height"] > MIN_HEIGHT_IN)
        & (df["height"] < MAX_HEIGHT_IN)
        & deadlift_ok
        & (df["candj"] > 0)
        & (df["candj"] <= MAX_CANDJ_LB)
        & (df["snatch"] > 0)
        & (df["snatch"] <= MAX_SNATCH_LB)
        & (df["backsq"] > 0)
        & (df["backsq"] <= MAX_BACKSQ_LB)
    )


def decline_only_mask(df: pd.DataFrame) -> pd.Series:
    """Return which rows answered exactly `Decline to answer|` in a checked survey column.

    A cell where that option appears beside others is a real answer and stays.
    """
    return (df[DECLINE_CHECKED_V2] == DECLINE).any(axis=1)


def clean_v2(df: pd.DataFrame) -> pd.DataFrame:
    """Apply the v2 cleaning, in order: required values, dropped columns, ranges, declines."""
    out = df.dropna(subset=REQUIRED_V2)
    log.info("v2 step 1, rows with every required value: %d", len(out))

    out = out.drop(columns=DROPPED_V2)

    out = out[in_range_mask(out)]
    log.info("v2 step 3, rows within the value ranges: %d", len(out))

    out = out[~decline_only_mask(out)]
    log.info("v2 step 4, rows without a decline-only answer: %d", len(out))
    return out


def split(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split 80/20 with sklearn's train_test_split and seed 42."""
    train, test = train_test_split(df, test_size=TEST_SIZE, random_state=SPLIT_SEED)
    return train, test


def build_v1(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """v1: every raw row with total_lift added, split 80/20."""
    return split(add_total_lift(raw))


def build_v2(raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """v2: the cleaned rows with total_lift added, split 80/20."""
    return split(add_total_lift(clean_v2(raw)))
