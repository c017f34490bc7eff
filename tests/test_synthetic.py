"""The synthetic athletes table: schema, determinism and the real file's statistics."""

import logging

import numpy as np
import pandas as pd
import pytest
from sklearn.linear_model import LinearRegression
from sklearn.metrics import r2_score

from scripts import cleaning
from scripts.errors import UserError
from scripts.schema import (
    COLUMNS,
    DECLINE,
    LIFT_COLUMNS,
    NUMERIC_COLUMNS,
    SENTINEL,
    SURVEY_COLUMNS,
    SURVEY_OPTIONS,
)
from scripts.synthetic import PULLUPS_OVERFLOW, SURVEY_MODEL, generate, main

SHARES_ROWS = 50_000
# Enough rows for a few of the rarest values and for v2 to keep about 14,000 rows,
# which keeps the R^2 of a linear model within about 0.02 of its full-size value.
MODEL_ROWS = 200_000
BASIC_FEATURES = ["age", "height", "weight"]

# Missing shares of the real file, in percent, as public analyses of it report them.
REAL_MISSING_PERCENT = {
    "athlete_id": 0.0, "name": 21.7, "region": 40.6, "team": 63.3,
    "affiliate": 42.8, "gender": 21.7, "age": 21.7, "height": 62.2,
    "weight": 45.7, "fran": 86.9, "helen": 92.8, "grace": 90.4,
    "filthy50": 95.4, "fgonebad": 93.0, "run400": 94.7, "run5k": 91.5,
    "candj": 75.3, "snatch": 77.0, "deadlift": 72.7, "backsq": 73.9,
    "pullups": 88.0, "eat": 77.8, "train": 75.0, "background": 76.6,
    "experience": 75.2, "schedule": 76.9, "howlong": 74.2,
}  # fmt: skip
# Real counts per 423,006 rows, and shares among the rows that v2 keeps.
REAL_ROWS = 423_006
REAL_GENDER_COUNTS = {"Male": 194_926, "Female": 136_128}
REAL_V2_ROWS = 30_015
REAL_HOWLONG_PERCENT = {
    "Less than 6 months|": 5.9,
    "6-12 months|": 14.1,
    "1-2 years|": 35.9,
    "2-4 years|": 33.6,
    "4+ years|": 12.1,
}
REAL_MULTI_OPTION_PERCENT = {
    "schedule": 61,
    "experience": 51,
    "background": 38,
    "eat": 32,
}


@pytest.fixture(scope="module")
def shares_frame() -> pd.DataFrame:
    return generate(SHARES_ROWS, seed=42)


@pytest.fixture(scope="module")
def model_frame() -> pd.DataFrame:
    return generate(MODEL_ROWS, seed=42)


@pytest.fixture(scope="module")
def v2_split(model_frame) -> tuple[pd.DataFrame, pd.DataFrame]:
    return cleaning.build_v2(model_frame)


def survey_features(df: pd.DataFrame) -> pd.DataFrame:
    """Return age, height, weight, a male flag and one 0/1 column per survey option."""
    features = df[BASIC_FEATURES].copy()
    features["male"] = (df["gender"] == "Male").astype(float)
    for column in cleaning.DECLINE_CHECKED_V2:
        for option in SURVEY_OPTIONS[column]:
            has_option = df[column].str.contains(option, regex=False)
            features[f"{column}={option}"] = has_option.astype(float)
    return features


def test_generate_columns_in_order(shares_frame):
    assert list(shares_frame.columns) == COLUMNS


def test_generate_column_types(shares_frame):
    for column in COLUMNS:
        expected = "float64" if column in NUMERIC_COLUMNS else "object"
        assert shares_frame[column].dtype == expected, column


def test_generate_row_count():
    assert len(generate(123, seed=5)) == 123


def test_generate_rejects_zero_rows():
    with pytest.raises(ValueError, match="rows must be at least 1"):
        generate(0, seed=1)


def test_generate_is_deterministic():
    first = generate(3_000, seed=7)
    second = generate(3_000, seed=7)
    pd.testing.assert_frame_equal(first, second)
    assert first.to_csv(index=False) == second.to_csv(index=False)


def test_generate_seed_changes_rows():
    first = generate(3_000, seed=7)
    other = generate(3_000, seed=8)
    assert not first.equals(other)
    assert not first["weight"].equals(other["weight"])


def test_generate_athlete_ids_unique(shares_frame):
    assert shares_frame["athlete_id"].is_unique


def test_generate_missing_shares(shares_frame):
    missing_percent = shares_frame.isna().mean() * 100
    for column, real_percent in REAL_MISSING_PERCENT.items():
        assert abs(missing_percent[column] - real_percent) < 0.5, column


def test_generate_identity_missing_together(shares_frame):
    missing = shares_frame[["name", "gender", "age"]].isna()
    assert (missing.nunique(axis=1) == 1).all()


@pytest.mark.parametrize(
    "columns", [SURVEY_COLUMNS, LIFT_COLUMNS], ids=["survey", "lifts"]
)
def test_generate_groups_mostly_missing_together(shares_frame, columns):
    present = shares_frame[columns].notna().sum(axis=1)
    any_present = present > 0
    partial = any_present & (present < len(columns))
    # The gap between the largest and smallest present share of the group forces at
    # least 14% (survey) or 16% (lifts) of the rows with any value to be partial.
    assert partial.sum() / any_present.sum() < 0.25


def test_generate_gender_counts(shares_frame):
    counts = shares_frame["gender"].value_counts()
    for gender, real_count in REAL_GENDER_COUNTS.items():
        real_share = real_count / REAL_ROWS
        assert abs(counts[gender] / len(shares_frame) - real_share) < 0.01, gender


def test_generate_dash_gender(model_frame):
    assert (model_frame["gender"] == "--").sum() > 0


def test_generate_age_range(shares_frame):
    age = shares_frame["age"].dropna()
    assert age.min() >= 13
    assert age.max() <= 125
    assert age.median() == 31


def test_generate_height_quartiles(shares_frame):
    height = shares_frame["height"].dropna()
    assert 68 <= height.median() <= 70
    assert 65 <= height.quantile(0.25) <= 67
    assert 71 <= height.quantile(0.75) <= 73


def test_generate_weight_quartiles(shares_frame):
    weight = shares_frame["weight"].dropna()
    assert 165 <= weight.median() <= 175
    assert 140 <= weight.quantile(0.25) <= 150
    assert 187 <= weight.quantile(0.75) <= 197


def test_generate_absurd_weight(model_frame):
    weight = model_frame["weight"].dropna()
    assert weight.max() >= 1500
    assert weight.max() <= 20_175


def test_generate_height_sentinel(model_frame):
    assert (model_frame["height"] == SENTINEL).any()


@pytest.mark.parametrize("lift", LIFT_COLUMNS)
def test_generate_lift_sentinel(model_frame, lift):
    assert (model_frame[lift] == SENTINEL).any()


def test_generate_pullups_overflow(model_frame):
    assert (model_frame["pullups"] == PULLUPS_OVERFLOW).any()


@pytest.mark.parametrize("lift", ["candj", "deadlift", "backsq"])
def test_generate_negative_lifts(model_frame, lift):
    assert (model_frame[lift] < 0).any()


def test_generate_zero_snatch(model_frame):
    snatch = model_frame["snatch"]
    assert (snatch == 0).any()
    assert not (snatch < 0).any()


@pytest.mark.parametrize("column", SURVEY_COLUMNS)
def test_generate_decline_only(shares_frame, column):
    assert (shares_frame[column] == DECLINE).any()


@pytest.mark.parametrize("column", SURVEY_COLUMNS)
def test_generate_decline_combined(model_frame, column):
    answers = model_frame[column].dropna()
    combined = answers.str.contains(DECLINE, regex=False) & (answers != DECLINE)
    assert combined.any()


def test_generate_answers_end_with_bar(shares_frame):
    for column in SURVEY_COLUMNS:
        answers = shares_frame[column].dropna()
        assert answers.str.endswith("|").all(), column


def test_generate_option_order_varies(shares_frame):
    quality, cheat = SURVEY_OPTIONS["eat"][2], SURVEY_OPTIONS["eat"][1]
    answers = shares_frame["eat"].dropna()
    assert answers.str.startswith(quality + cheat).any()
    assert answers.str.startswith(cheat + quality).any()


def test_survey_model_matches_schema():
    for column in SURVEY_COLUMNS:
        options = SURVEY_OPTIONS[column]
        assert options[-1] == DECLINE, column
        assert len(SURVEY_MODEL[column]["options"]) == len(options) - 1, column


def test_clean_v2_share(model_frame):
    kept_share = len(cleaning.clean_v2(model_frame)) / len(model_frame)
    assert abs(kept_share - REAL_V2_ROWS / REAL_ROWS) < 0.01


def test_clean_v2_male_share(model_frame):
    v2 = cleaning.clean_v2(model_frame)
    # 72.8% of the real cleaned rows are men, against 58.9% of all known genders.
    assert 0.70 <= (v2["gender"] == "Male").mean() <= 0.76


def test_clean_v2_howlong_shares(model_frame):
    v2 = cleaning.clean_v2(model_frame)
    for option, real_percent in REAL_HOWLONG_PERCENT.items():
        percent = v2["howlong"].str.contains(option, regex=False).mean() * 100
        assert abs(percent - real_percent) < 2, option


def test_clean_v2_multi_option_shares(model_frame):
    v2 = cleaning.clean_v2(model_frame)
    for column, real_percent in REAL_MULTI_OPTION_PERCENT.items():
        percent = (v2[column].str.count(r"\|") > 1).mean() * 100
        assert abs(percent - real_percent) < 3, column


def test_linear_r2_basic(v2_split):
    # Real file: 0.44 to 0.45. At 200,000 rows the seed moves R^2 by about 0.02.
    train, test = v2_split
    model = LinearRegression().fit(train[BASIC_FEATURES], train["total_lift"])
    r2 = r2_score(test["total_lift"], model.predict(test[BASIC_FEATURES]))
    assert 0.40 <= r2 <= 0.50


def test_linear_r2_with_survey(v2_split):
    # Real file: about 0.69 to 0.71 with gender and the survey options added.
    train, test = v2_split
    model = LinearRegression().fit(survey_features(train), train["total_lift"])
    r2 = r2_score(test["total_lift"], model.predict(survey_features(test)))
    assert 0.60 <= r2 <= 0.75


def test_total_lift_depends_on_gender(v2_split):
    train, _ = v2_split
    mean_lb = train.groupby("gender")["total_lift"].mean()
    assert mean_lb["Male"] - mean_lb["Female"] > 300


def test_main_writes_csv(tmp_path, caplog):
    out = tmp_path / "raw" / "athletes.csv"
    with caplog.at_level(logging.INFO, logger="scripts.synthetic"):
        main(["--rows", "500", "--seed", "3", "--out", str(out)])
    written = pd.read_csv(out)
    assert list(written.columns) == COLUMNS
    assert len(written) == 500
    assert "SYNTHETIC" in caplog.text


def test_main_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "athletes.csv"
    main(["--rows", "200", "--out", str(out)])
    assert sorted(path.name for path in tmp_path.iterdir()) == ["athletes.csv"]


def test_main_csv_matches_frame(tmp_path):
    out = tmp_path / "athletes.csv"
    main(["--rows", "300", "--seed", "9", "--out", str(out)])
    written = pd.read_csv(out)
    expected = generate(300, seed=9)
    assert np.allclose(written["weight"], expected["weight"], equal_nan=True)
    assert written["eat"].equals(expected["eat"])


def test_main_rejects_zero_rows(tmp_path):
    with pytest.raises(UserError, match="--rows must be at least 1"):
        main(["--rows", "0", "--out", str(tmp_path / "a.csv")])
