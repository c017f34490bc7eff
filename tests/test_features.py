"""Feature profiles, categorical encoding and scaling with public bounds."""

import numpy as np
import pandas as pd
import pytest

from scripts.errors import UserError
from scripts.features import (
    MISSING,
    FeatureProfile,
    complete_rows,
    encode,
    load_profile,
    load_profiles,
    multi_hot,
    one_hot,
    parse_profile,
    scale,
    scale_features,
)
from scripts.schema import DECLINE, SURVEY_OPTIONS
from scripts.settings import load_params

EAT = SURVEY_OPTIONS["eat"]
CONVENIENT, CHEAT, QUALITY = EAT[0], EAT[1], EAT[2]
BOUNDS = {"age": [18, 80], "height": [48, 96], "weight": [80, 400], "total_lift": [0, 3065]}


def eat_columns(encoded: np.ndarray) -> dict[str, list[float]]:
    names = [option.removesuffix("|") for option in EAT] + [MISSING]
    return {name: encoded[:, index].tolist() for index, name in enumerate(names)}


def test_multi_hot_order_independent():
    encoded = multi_hot(pd.Series([f"{CONVENIENT}{CHEAT}", f"{CHEAT}{CONVENIENT}"]), "eat")
    assert encoded[0].tolist() == encoded[1].tolist()


def test_multi_hot_sets_each_option():
    columns = eat_columns(multi_hot(pd.Series([f"{QUALITY}{CONVENIENT}"]), "eat"))
    assert columns["I eat quality foods but don't measure the amount"] == [1.0]
    assert columns["I eat whatever is convenient"] == [1.0]
    assert columns["I eat 1-3 full cheat meals per week"] == [0.0]
    assert columns[MISSING] == [0.0]


def test_multi_hot_decline_own_column():
    columns = eat_columns(multi_hot(pd.Series([DECLINE, f"{DECLINE}{CHEAT}"]), "eat"))
    assert columns["Decline to answer"] == [1.0, 1.0]
    assert columns["I eat 1-3 full cheat meals per week"] == [0.0, 1.0]
    assert columns[MISSING] == [0.0, 0.0]


def test_multi_hot_blank_sets_missing():
    columns = eat_columns(multi_hot(pd.Series([np.nan, CHEAT]), "eat"))
    assert columns[MISSING] == [1.0, 0.0]
    assert sum(row[0] for row in columns.values()) == 1.0


def test_multi_hot_ignores_unknown_option():
    columns = eat_columns(multi_hot(pd.Series([f"I eat only pizza|{CHEAT}", "I eat only pizza|"]), "eat"))
    assert columns["I eat 1-3 full cheat meals per week"] == [1.0, 0.0]
    assert columns[MISSING] == [0.0, 1.0]


def test_one_hot_gender():
    encoded = one_hot(pd.Series(["Male", "Female", "--", np.nan]), "gender")
    assert encoded.tolist() == [[1, 0, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]]


def test_feature_names_match_encoding():
    profile = parse_profile("test", {"numeric": ["age"], "one_hot": ["gender"], "multi_hot": ["eat"]})
    df = pd.DataFrame({"age": [30.0], "gender": ["Female"], "eat": [CHEAT]})
    encoded = encode(df, profile)
    assert encoded.shape == (1, len(profile.feature_names))
    by_name = dict(zip(profile.feature_names, encoded[0].tolist()))
    assert by_name["age"] == 30.0
    assert by_name["gender=Female"] == 1.0
    assert by_name["eat=I eat 1-3 full cheat meals per week"] == 1.0
    assert sum(by_name.values()) == 32.0


def test_encode_missing_column_rejected():
    profile = parse_profile("test", {"numeric": ["age"], "one_hot": ["region"]})
    with pytest.raises(UserError, match="region"):
        encode(pd.DataFrame({"age": [30.0]}), profile)


def test_complete_rows_keep_blank_categorical():
    profile = parse_profile("test", {"numeric": ["age"], "one_hot": ["gender"]})
    df = pd.DataFrame({"age": [30.0, np.nan, 40.0], "gender": [np.nan, "Male", "Male"], "total_lift": [900.0, 800.0, np.nan]})
    kept, dropped = complete_rows(df, profile)
    assert dropped == 2
    assert kept["age"].tolist() == [30.0]


def test_params_profiles():
    params = load_params()
    basic = load_profile(params, "basic")
    full = load_profile(params, "full")
    assert basic.input_columns == ["age", "height", "weight"]
    assert full.one_hot == ["gender", "region"]
    assert full.multi_hot == ["eat", "background", "experience", "schedule", "howlong"]
    assert load_profiles(params)[0].name == params["features"]["profile"]


def test_parse_profile_list_is_numeric():
    assert parse_profile("old", ["age", "weight"]) == FeatureProfile("old", ["age", "weight"])


def test_parse_profile_unknown_categorical():
    with pytest.raises(UserError, match="no public vocabulary for team"):
        parse_profile("bad", {"numeric": ["age"], "one_hot": ["team"]})


def test_load_profile_unknown_name():
    with pytest.raises(UserError, match="'huge' not found"):
        load_profile(load_params(), "huge")


def test_scale_clips_to_public_bounds():
    assert scale(np.array([10.0, 18.0, 49.0, 80.0, 125.0]), 18, 80).tolist() == [0.0, 0.0, 0.5, 1.0, 1.0]


def test_scale_ignores_data_statistics():
    # The same value scales the same way whatever the other rows hold.
    alone = scale(np.array([49.0]), 18, 80)
    with_outlier = scale(np.array([49.0, 8_388_607.0]), 18, 80)
    assert alone[0] == with_outlier[0]


def test_scale_features_leaves_indicators():
    profile = parse_profile("test", {"numeric": ["age", "height"], "one_hot": ["gender"]})
    x = np.array([[49.0, 200.0, 1.0, 0.0, 0.0]])
    scaled = scale_features(x, profile, BOUNDS)
    assert scaled.dtype == np.float32
    assert scaled[0].tolist() == [0.5, 1.0, 1.0, 0.0, 0.0]


def test_scale_features_needs_bounds():
    profile = parse_profile("test", {"numeric": ["age", "pullups"]})
    with pytest.raises(UserError, match="features.bounds lacks pullups"):
        scale_features(np.zeros((1, 2)), profile, BOUNDS)
