"""Generate a SYNTHETIC athletes table with the shape of the real athletes.csv.

The real file needs an account to download, so the pipeline and its tests run on this
table when the real file is absent. The table has the real header, missing-value
rates, joint missingness, value ranges, recording errors and multi-select survey
answers. Its total_lift depends on gender, age, height, weight and the survey answers
as fitted on cleaned real rows, so the v2 cleaning keeps about as many rows as on the
real file, and linear models score about as well.
"""

import argparse
import logging
import time
from pathlib import Path

import numpy as np
import pandas as pd

from scripts.errors import UserError
from scripts.io_utils import write_csv
from scripts.schema import (
    COLUMNS,
    DECLINE,
    REGIONS,
    SENTINEL,
    SURVEY_COLUMNS,
    SURVEY_OPTIONS,
)

log = logging.getLogger(__name__)

DEFAULT_ROWS = 423_006
DEFAULT_SEED = 42

# 2**31 - 1, the largest pullups value in the real file.
PULLUPS_OVERFLOW = 2_147_483_647

# Share of missing values per column in the real file.
MISSING_SHARE = {
    "athlete_id": 0.0, "name": 0.217, "region": 0.406, "team": 0.633,
    "affiliate": 0.428, "gender": 0.217, "age": 0.217, "height": 0.622,
    "weight": 0.457, "fran": 0.869, "helen": 0.928, "grace": 0.904,
    "filthy50": 0.954, "fgonebad": 0.930, "run400": 0.947, "run5k": 0.915,
    "candj": 0.753, "snatch": 0.770, "deadlift": 0.727, "backsq": 0.739,
    "pullups": 0.880, "eat": 0.778, "train": 0.750, "background": 0.766,
    "experience": 0.752, "schedule": 0.769, "howlong": 0.742,
}  # fmt: skip

BENCHMARK_COLUMNS = [
    "fran", "helen", "grace", "filthy50", "fgonebad", "run400", "run5k", "pullups",
]  # fmt: skip
LIFTS = ["candj", "snatch", "deadlift", "backsq"]

# Missingness is a Gaussian factor model. Each column has a latent score, and a value
# is present when its score falls below the quantile that gives the column's missing
# share. A score mixes a completeness factor per row (COMPLETENESS_VARIANCE of its
# variance), a factor per group below (the group's share of the rest) and noise of its
# own. A group share of 1.0 makes the group's values always missing together.
# COMPLETENESS_VARIANCE is tuned so that v2 step 1 keeps 7.6% of rows, as on the real
# file (32,172 of 423,006).
COMPLETENESS_VARIANCE = 0.55
MISSING_GROUPS = {
    "identity": (["name", "gender", "age"], 1.0),
    "survey": (SURVEY_COLUMNS, 0.995),
    "lifts": (LIFTS, 0.99),
    "benchmarks": (BENCHMARK_COLUMNS, 0.7),
}
# Correlation of the completeness factor with the row position. In the real file, the
# rows that pass the v2 cleaning sit mostly in its first half.
POSITION_CORRELATION = 0.5

# P(male) = logistic(MALE_LOGIT_BASE - MALE_LOGIT_SLOPE * completeness), tuned so that
# Male is 58.9% of the rows with a gender but about 73% of the rows that v2 keeps.
MALE_LOGIT_BASE = 0.24
MALE_LOGIT_SLOPE = 0.47
DASH_GENDER_SHARE = 56 / 331_110  # `--` among the rows with a gender

# Age in years is AGE_OFFSET + Gamma(shape, scale), fitted on real rows, plus teens
# and typos.
# NOTE: the teen and typo shares are assumed, because only the real range is known.
AGE_OFFSET = 15
REFERENCE_AGE = 32  # years at which the age terms of weight and survey models are 0
AGE_GAMMA_SHAPE = 5.21
AGE_GAMMA_SCALE = 3.28
TEEN_SHARE = 0.015  # ages 13-17
ABSURD_AGE_SHARE = 0.0002  # ages 80-125
MIN_AGE = 13
MAX_AGE = 125

# Per gender, fitted on real rows: height (in) is normal, and log weight (lb) is linear
# in height and age with normal noise.
HEIGHT_MEAN_IN = {"Female": 64.81, "Male": 70.40}
HEIGHT_STD_IN = {"Female": 2.73, "Male": 2.86}
LOG_WEIGHT_MEAN = {"Female": 4.9616, "Male": 5.2344}
LOG_WEIGHT_PER_IN = {"Female": 0.02386, "Male": 0.02587}
LOG_WEIGHT_PER_YEAR = {"Female": 0.00047, "Male": 0.00205}
LOG_WEIGHT_NOISE_STD = {"Female": 0.1252, "Male": 0.1171}
WEIGHT_ROUND_TO_5_SHARE = 0.4

# Recording errors, as shares of all values of the column. Only the real ranges are
# known, so these shares are assumed. With the teens above and the lift errors below,
# they make v2 step 3 drop about 3.5% of the rows that step 1 keeps.
HEIGHT_ZERO_SHARE = 0.001
HEIGHT_SHORT_SHARE = 0.001  # 1-48 in, such as heights in feet
HEIGHT_TALL_SHARE = 0.002  # 96-250 in, such as heights in cm
HEIGHT_SENTINEL_SHARE = 0.0005
WEIGHT_LIGHT_SHARE = 0.002  # 1-99 lb
WEIGHT_ABSURD_SHARE = 0.0004  # 1,500-20,175 lb
MAX_WEIGHT_LB = 20_175

# OLS fit on cleaned real rows, with gender interactions: total_lift (lb) = intercept
# + coefficients * (age in years, height in in, weight in lb) + the survey effects.
TOTAL_LIFT_INTERCEPT_LB = {"Female": 638.6, "Male": 1234.4}
TOTAL_LIFT_PER_YEAR_LB = {"Female": -4.25, "Male": -7.67}
TOTAL_LIFT_PER_IN_LB = {"Female": -2.48, "Male": -7.95}
TOTAL_LIFT_PER_LB = {"Female": 2.00, "Male": 3.33}
# Residual std (lb) grows with the prediction: about 114 for women and 162 for men in
# real rows. Residuals are Student t, because men's have a kurtosis of about 3.7.
# NOISE_STD_BASE_LB is tuned so that v2 linear models score the real R^2.
NOISE_STD_BASE_LB = 64.0
NOISE_STD_PER_LB = 0.085
NOISE_T_DF = 8
MIN_TOTAL_LIFT_LB = 60.0

# Share of each lift in total_lift per gender, fitted on real rows, and the std of the
# log of each share before the shares are normalized to sum to 1.
LIFT_SHARE = {
    "Female": {"candj": 0.2012, "snatch": 0.1498, "deadlift": 0.3609, "backsq": 0.2881},
    "Male": {"candj": 0.2017, "snatch": 0.1535, "deadlift": 0.3563, "backsq": 0.2885},
}
LIFT_LOG_SHARE_STD = {"candj": 0.095, "snatch": 0.12, "deadlift": 0.085, "backsq": 0.09}
LIFT_ROUND_TO_5_SHARE = 0.83

# Recording errors in each lift, as shares of all values. Negative values go down to
# the minimum in the real file. Absurd ones lie between the v2 limit and 10 times it.
LIFT_ZERO_SHARE = 0.002
LIFT_TINY_SHARE = 0.001  # 1-50 lb, which the v2 cleaning keeps
LIFT_NEGATIVE_SHARE = 0.0002
LIFT_MIN_NEGATIVE_LB = {"candj": -45, "snatch": 0, "deadlift": -500, "backsq": -7}
LIFT_ABSURD_SHARE = 0.0005
LIFT_ABSURD_FLOOR_LB = {"candj": 396, "snatch": 497, "deadlift": 1106, "backsq": 1070}
LIFT_SENTINEL_SHARE = 0.0005
# Share of rows whose four lifts all contain the sentinel, and the probability that
# the height of such a row contains it too. With the single sentinels above, they make
# a linear model on the raw rows (v1) useless, with a test MSE of about 1e11 to 1e12.
# NOTE: on the real file, v1 R^2 is -15. Here it stays within about 0.3 of 0 across
# seeds, because a value that low depends on where a few high-leverage rows fall.
SENTINEL_ROW_SHARE = 0.0001
SENTINEL_ROW_HEIGHT_PROBABILITY = 0.5

# Benchmark results: (female median, male median, log std, +1 if a fitter athlete
# scores higher or -1 if lower). Seconds, except fgonebad and pullups in repetitions.
# NOTE: no statistics of the real benchmark results are known, so these are guesses.
BENCHMARKS = {
    "fran": (330.0, 270.0, 0.35, -1),
    "helen": (700.0, 600.0, 0.2, -1),
    "grace": (240.0, 200.0, 0.4, -1),
    "filthy50": (1900.0, 1700.0, 0.25, -1),
    "fgonebad": (250.0, 290.0, 0.2, 1),
    "run400": (85.0, 72.0, 0.15, -1),
    "run5k": (1600.0, 1350.0, 0.15, -1),
    "pullups": (12.0, 25.0, 0.5, 1),
}
FITNESS_LOADING = 0.5  # share of a benchmark's log variance set by fitness
BENCHMARK_SENTINEL_SHARE = 0.001

# Rows per region. The five largest counts are those of the real file, and the others
# are assumed. Only their ratios matter, because region presence is drawn apart.
REGION_COUNTS = {
    "Africa": 2_700, "Asia": 5_900, "Australia": 10_900, "Canada East": 11_000,
    "Canada West": 9_200, "Central East": 17_500, "Europe": 26_268,
    "Latin America": 7_400, "Mid Atlantic": 15_900, "North Central": 19_017,
    "North East": 24_386, "Northern California": 14_800, "North West": 12_600,
    "South Central": 19_716, "South East": 21_361, "South West": 13_000,
    "Southern California": 16_800,
}  # fmt: skip

# Survey answers. A cell takes k options, with k drawn per gender from k_shares (the
# shares of k = 1, 2, ...). The options are drawn without replacement by the Gumbel
# top-k trick on log weights, and the cell lists them in the order drawn. Each option
# is (female log weight, male log weight, change of the log weight per 10 years of age
# above REFERENCE_AGE, effect on total_lift in lb), in the order of
# SURVEY_OPTIONS without DECLINE. The weights are fitted to the option shares per
# gender in real rows, and the effects come from the OLS fit above.
# NOTE: the real shares of the `train` options are unknown, so its model is a guess.
SURVEY_MODEL = {
    "eat": {
        "k_shares": {
            "Female": [0.689, 0.275, 0.036],
            "Male": [0.664, 0.285, 0.050, 0.001],
        },
        "options": [
            (-0.80, 0.10, -0.60, -2.1),
            (0.32, 0.40, -0.10, 2.3),
            (1.79, 1.79, 0.16, 11.2),
            (-0.85, -1.24, 0.33, -5.6),
            (-0.46, -1.05, -0.19, 0.8),
        ],
    },
    "train": {
        "k_shares": {
            "Female": [0.55, 0.30, 0.12, 0.03],
            "Male": [0.55, 0.30, 0.12, 0.03],
        },
        "options": [
            (1.5, 1.5, 0.0, 0.0),
            (-0.5, -0.7, 0.0, 0.0),
            (0.0, 0.2, 0.0, 0.0),
            (-0.6, -0.2, 0.0, 0.0),
            (0.3, 0.3, 0.0, 0.0),
        ],
    },
    "background": {
        "k_shares": {
            "Female": [0.699, 0.238, 0.059, 0.004],
            "Male": [0.585, 0.320, 0.089, 0.006],
        },
        "options": [
            (1.65, 1.69, -0.20, 3.4),
            (0.26, 0.25, -0.10, 50.2),
            (-1.99, -1.67, -0.09, 40.8),
            (0.02, 0.52, -0.21, -12.4),
            (0.07, -0.79, 0.31, -58.5),
        ],
    },
    "experience": {
        "k_shares": {
            "Female": [0.484, 0.234, 0.108, 0.098, 0.076, 0.001],
            "Male": [0.482, 0.205, 0.116, 0.114, 0.082, 0.002],
        },
        "options": [
            (2.60, 1.36, 0.20, -10.2),
            (-1.64, -0.30, -0.28, 32.6),
            (-0.91, -0.85, 0.28, 15.6),
            (0.47, 0.07, 0.09, -16.7),
            (-0.04, -0.06, -0.06, 39.0),
            (-0.48, -0.22, -0.13, 29.1),
        ],
    },
    "schedule": {
        "k_shares": {
            "Female": [0.366, 0.506, 0.117, 0.010, 0.001],
            "Male": [0.397, 0.464, 0.126, 0.012, 0.001],
        },
        "options": [
            (1.41, 1.21, 0.43, -19.6),
            (-0.81, -0.94, -0.13, 18.3),
            (-0.51, -0.49, -0.23, 37.5),
            (-0.24, 0.12, -0.49, 52.0),
            (-0.02, -0.11, -0.11, 18.7),
            (1.03, 0.94, 0.17, 2.7),
            (-0.86, -0.73, -0.32, 32.9),
        ],
    },
    "howlong": {
        "k_shares": {"Female": [0.985, 0.015], "Male": [0.981, 0.019]},
        "options": [
            (-1.38, -0.98, -0.47, -86.5),
            (-0.19, -0.17, -0.45, -35.3),
            (0.88, 0.79, -0.25, 23.7),
            (0.97, 0.66, 0.33, 62.4),
            (-0.28, -0.30, 0.47, 89.0),
        ],
    },
}

# Shares of answered cells that are `Decline to answer|` alone, fitted on real rows
# (`train` assumed), and of cells where it appears beside other options.
DECLINE_ONLY_SHARE = {
    "eat": 0.0153, "train": 0.01, "background": 0.0066, "experience": 0.0032,
    "schedule": 0.0088, "howlong": 0.0025,
}  # fmt: skip
DECLINE_COMBINED_SHARE = {
    "eat": 0.0011, "train": 0.001, "background": 0.0004, "experience": 0.0005,
    "schedule": 0.0012, "howlong": 0.0002,
}  # fmt: skip
# Probability that a column's decline draw reuses a draw shared by the row's columns,
# because athletes who decline once tend to decline again. With it, 2.7% of the rows
# after v2 step 3 have a decline-only answer, as in real rows. Independent draws would
# give 3.6%.
DECLINE_SHARED_PROBABILITY = 0.5

FEMALE_FIRST_NAMES = [
    "Ana", "Carla", "Dana", "Elena", "Emma", "Grace", "Hannah", "Jess", "Julia", "Kate",
    "Laura", "Maria", "Mia", "Nina", "Olga", "Rosa", "Sara", "Sofia", "Vera", "Zoe",
]  # fmt: skip
MALE_FIRST_NAMES = [
    "Alex", "Ben", "Chris", "David", "Eric", "Ivan", "Jack", "Jamie", "John", "Kevin",
    "Leo", "Lucas", "Mark", "Noah", "Omar", "Paul", "Ryan", "Sam", "Tom", "Will",
]  # fmt: skip
LAST_NAMES = [
    "Adams", "Bauer", "Becker", "Brown", "Campbell", "Carter", "Clark", "Costa",
    "Davis", "Diaz", "Evans", "Fischer", "Garcia", "Gomez", "Green", "Hall", "Hansen",
    "Harris", "Hughes", "Jensen", "Johnson", "Jones", "Kim", "King", "Lee", "Lewis",
    "Lopez", "Martin", "Meyer", "Miller", "Moore", "Morgan", "Murphy", "Nelson",
    "Nguyen", "Olsen", "Parker", "Perez", "Peters", "Reed", "Reyes", "Roberts", "Rossi",
    "Sanchez", "Schmidt", "Scott", "Silva", "Smith", "Taylor", "Thomas", "Turner",
    "Walker", "Ward", "Weber", "White", "Wilson", "Wright", "Young",
]  # fmt: skip
PLACE_NAMES = [
    "Anchor", "Apex", "Bay", "Bear Creek", "Black Rock", "Bridge", "Canyon", "Cedar",
    "Central", "Coastal", "Copper", "Crescent", "Delta", "Eastside", "Elm Street",
    "Falcon", "Forge", "Granite", "Harbor", "Highland", "Iron", "Lakeside", "Liberty",
    "Lincoln", "Maple", "Meadow", "Mill Valley", "North Shore", "Oak Park", "Pacific",
    "Pine Ridge", "Prairie", "Redwood", "River City", "Riverside", "Rock Island",
    "Summit", "Timber", "Union", "Valley", "West End", "Willow",
]  # fmt: skip
AFFILIATE_PATTERNS = [
    "CrossFit {}",
    "{} CrossFit",
    "CrossFit {} Athletics",
    "{} Strength and Conditioning",
]
TEAM_PATTERNS = ["{}", "Team {}", "{} Competition Team"]
TEAM_IS_AFFILIATE_PROBABILITY = 0.7
FIRST_ATHLETE_ID = 24


def draw_completeness(rows: int, rng: np.random.Generator) -> np.ndarray:
    """Draw a standard normal factor per row; a low value means a complete profile."""
    position = (np.arange(rows) + 0.5) / rows
    position_score = (position - 0.5) * np.sqrt(12.0)  # mean 0, variance 1
    noise = rng.standard_normal(rows)
    return (
        POSITION_CORRELATION * position_score
        + np.sqrt(1 - POSITION_CORRELATION**2) * noise
    )


def draw_presence(
    completeness: np.ndarray, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Draw which values are present, per column, with the real missing shares."""
    rows = len(completeness)
    group_of = {}
    for columns, group_variance in MISSING_GROUPS.values():
        factor = rng.standard_normal(rows)
        for column in columns:
            group_of[column] = (factor, group_variance)

    presence = {}
    rest = np.sqrt(1 - COMPLETENESS_VARIANCE)
    for column in COLUMNS:
        factor, group_variance = group_of.get(column, (None, 0.0))
        own = rest * np.sqrt(1 - group_variance) * rng.standard_normal(rows)
        score = np.sqrt(COMPLETENESS_VARIANCE) * completeness + own
        if factor is not None:
            score = score + rest * np.sqrt(group_variance) * factor
        present_share = 1 - MISSING_SHARE[column]
        if present_share >= 1:
            presence[column] = np.ones(rows, dtype=bool)
        else:
            presence[column] = score < np.quantile(score, present_share)
    return presence


def draw_male(completeness: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Draw each row's gender as a boolean; men are likelier in complete rows."""
    logit = MALE_LOGIT_BASE - MALE_LOGIT_SLOPE * completeness
    return rng.random(len(completeness)) < 1 / (1 + np.exp(-logit))


def by_gender(male: np.ndarray, table: dict[str, float]) -> np.ndarray:
    """Return table["Male"] where male is true and table["Female"] elsewhere."""
    return np.where(male, table["Male"], table["Female"])


def draw_age(rows: int, rng: np.random.Generator) -> np.ndarray:
    """Draw ages in whole years, with a few teens and absurd typos."""
    age = AGE_OFFSET + rng.gamma(AGE_GAMMA_SHAPE, AGE_GAMMA_SCALE, rows)
    kind = rng.random(rows)
    age = np.where(kind < TEEN_SHARE, rng.integers(MIN_AGE, 18, rows), age)
    absurd = (kind >= TEEN_SHARE) & (kind < TEEN_SHARE + ABSURD_AGE_SHARE)
    age = np.where(absurd, rng.integers(80, MAX_AGE + 1, rows), age)
    return np.clip(np.round(age), MIN_AGE, MAX_AGE)


def draw_body(
    male: np.ndarray, age: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Draw true height (in) and weight (lb) per gender, before recording errors."""
    rows = len(male)
    height = np.round(
        by_gender(male, HEIGHT_MEAN_IN)
        + by_gender(male, HEIGHT_STD_IN) * rng.standard_normal(rows)
    )
    log_weight = (
        by_gender(male, LOG_WEIGHT_MEAN)
        + by_gender(male, LOG_WEIGHT_PER_IN)
        * (height - by_gender(male, HEIGHT_MEAN_IN))
        + by_gender(male, LOG_WEIGHT_PER_YEAR) * (age - REFERENCE_AGE)
        + by_gender(male, LOG_WEIGHT_NOISE_STD) * rng.standard_normal(rows)
    )
    weight = np.exp(log_weight)
    to_5 = rng.random(rows) < WEIGHT_ROUND_TO_5_SHARE
    weight = np.where(to_5, np.round(weight / 5) * 5, np.round(weight))
    return height, weight


def add_body_errors(
    height: np.ndarray, weight: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Return height and weight with zeros, other units, absurd values and sentinels."""
    rows = len(height)
    kind = rng.random(rows)
    cut = np.cumsum(
        [
            HEIGHT_ZERO_SHARE,
            HEIGHT_SHORT_SHARE,
            HEIGHT_TALL_SHARE,
            HEIGHT_SENTINEL_SHARE,
        ]
    )
    height = np.select(
        [kind < cut[0], kind < cut[1], kind < cut[2], kind < cut[3]],
        [0.0, rng.integers(1, 49, rows), rng.integers(96, 251, rows), float(SENTINEL)],
        height,
    ).astype(float)

    kind = rng.random(rows)
    light = rng.integers(1, 100, rows)
    absurd = np.round(np.exp(rng.uniform(np.log(1500), np.log(MAX_WEIGHT_LB), rows)))
    weight = np.select(
        [kind < WEIGHT_LIGHT_SHARE, kind < WEIGHT_LIGHT_SHARE + WEIGHT_ABSURD_SHARE],
        [light, absurd],
        weight,
    ).astype(float)
    return height, weight


def encode_ordered(selected: np.ndarray, keys: np.ndarray) -> np.ndarray:
    """Encode each row's selected options, by descending key, as one integer.

    Digit j in base (options + 1) is 1 + the index of the option in place j, and 0
    ends the list.
    """
    rows, options = selected.shape
    base = options + 1
    order = np.argsort(np.where(selected, -keys, np.inf), axis=1, kind="stable")
    count = selected.sum(axis=1)
    code = np.zeros(rows, dtype=np.int64)
    for place in range(options):
        digit = np.where(place < count, order[:, place] + 1, 0)
        code += digit.astype(np.int64) * base**place
    return code


def decode_answers(codes: np.ndarray, options: list[str]) -> np.ndarray:
    """Decode codes from encode_ordered into answer strings, one per row."""
    unique, inverse = np.unique(codes, return_inverse=True)
    base = len(options) + 1
    texts = []
    for code in unique.tolist():
        parts = []
        while code:
            code, digit = divmod(code, base)
            parts.append(options[digit - 1])
        texts.append("".join(parts))
    return np.array(texts, dtype=object)[inverse]


def draw_option_count(
    male: np.ndarray, k_shares: dict[str, list[float]], rng: np.random.Generator
) -> np.ndarray:
    """Draw how many options (not counting DECLINE) each cell takes."""
    uniform = rng.random(len(male))
    counts = {}
    for gender, shares in k_shares.items():
        cumulative = np.cumsum(shares) / np.sum(shares)
        counts[gender] = (
            np.minimum(
                np.searchsorted(cumulative, uniform, side="right"), len(shares) - 1
            )
            + 1
        )
    return np.where(male, counts["Male"], counts["Female"])


def draw_survey_column(
    column: str,
    male: np.ndarray,
    age: np.ndarray,
    decline_uniform: np.ndarray,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """Draw one survey column; return its answers and their total_lift effect (lb)."""
    model = SURVEY_MODEL[column]
    table = np.array(model["options"])
    rows, options = len(male), len(table)

    log_weight = np.where(male[:, None], table[:, 1], table[:, 0])
    log_weight = log_weight + table[:, 2] * ((age[:, None] - REFERENCE_AGE) / 10)
    keys = log_weight + rng.gumbel(size=(rows, options))
    count = draw_option_count(male, model["k_shares"], rng)
    rank = np.argsort(np.argsort(-keys, axis=1), axis=1)
    chosen = rank < count[:, None]
    effect_lb = chosen.astype(float) @ table[:, 3]

    decline_only = decline_uniform < DECLINE_ONLY_SHARE[column]
    decline_combined = ~decline_only & (
        rng.random(rows) < DECLINE_COMBINED_SHARE[column]
    )
    # A decline-only cell hides the drawn options, but their effect on total_lift stays.
    chosen[decline_only] = False
    decline_key = np.log(np.exp(log_weight).mean(axis=1)) + rng.gumbel(size=rows)
    selected = np.column_stack([chosen, decline_only | decline_combined])
    all_keys = np.column_stack([keys, decline_key])

    labels = SURVEY_OPTIONS[column][:-1] + [DECLINE]
    answers = decode_answers(encode_ordered(selected, all_keys), labels)
    return answers, effect_lb


def draw_survey(
    male: np.ndarray, age: np.ndarray, rng: np.random.Generator
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Draw every survey column; return the answers and their total_lift effect."""
    rows = len(male)
    shared = rng.random(rows)
    answers = {}
    effect_lb = np.zeros(rows)
    for column in SURVEY_COLUMNS:
        reuse = rng.random(rows) < DECLINE_SHARED_PROBABILITY
        decline_uniform = np.where(reuse, shared, rng.random(rows))
        answers[column], column_effect = draw_survey_column(
            column, male, age, decline_uniform, rng
        )
        effect_lb = effect_lb + column_effect
    return answers, effect_lb


def draw_lifts(
    male: np.ndarray,
    age: np.ndarray,
    height: np.ndarray,
    weight: np.ndarray,
    survey_effect_lb: np.ndarray,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """Draw total_lift from the fitted linear model and split it into four lifts."""
    rows = len(male)
    expected = (
        by_gender(male, TOTAL_LIFT_INTERCEPT_LB)
        + by_gender(male, TOTAL_LIFT_PER_YEAR_LB) * age
        + by_gender(male, TOTAL_LIFT_PER_IN_LB) * height
        + by_gender(male, TOTAL_LIFT_PER_LB) * weight
        + survey_effect_lb
    )
    noise_std = NOISE_STD_BASE_LB + NOISE_STD_PER_LB * np.maximum(expected, 0)
    t_unit = rng.standard_t(NOISE_T_DF, rows) * np.sqrt((NOISE_T_DF - 2) / NOISE_T_DF)
    total = np.maximum(expected + noise_std * t_unit, MIN_TOTAL_LIFT_LB)

    raw_share = np.column_stack(
        [
            by_gender(male, {g: LIFT_SHARE[g][lift] for g in LIFT_SHARE})
            for lift in LIFTS
        ]
    ) * np.exp(
        rng.standard_normal((rows, len(LIFTS)))
        * np.array([LIFT_LOG_SHARE_STD[lift] for lift in LIFTS])
    )
    share = raw_share / raw_share.sum(axis=1, keepdims=True)

    lifts = {}
    for index, lift in enumerate(LIFTS):
        value = total * share[:, index]
        to_5 = rng.random(rows) < LIFT_ROUND_TO_5_SHARE
        value = np.where(to_5, np.round(value / 5) * 5, np.round(value))
        lifts[lift] = np.maximum(value, 1.0)
    return lifts


def add_lift_errors(
    lifts: dict[str, np.ndarray], rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Return the lifts with zero, tiny, negative, absurd and sentinel values."""
    out = {}
    for lift, value in lifts.items():
        rows = len(value)
        kind = rng.random(rows)
        min_negative = LIFT_MIN_NEGATIVE_LB[lift]
        negative_share = LIFT_NEGATIVE_SHARE if min_negative < 0 else 0.0
        cut = np.cumsum(
            [
                LIFT_ZERO_SHARE,
                LIFT_TINY_SHARE,
                negative_share,
                LIFT_ABSURD_SHARE,
                LIFT_SENTINEL_SHARE,
            ]
        )
        floor = LIFT_ABSURD_FLOOR_LB[lift]
        negative = rng.integers(min(min_negative, -1), 0, rows)
        out[lift] = np.select(
            [kind < cut[0], kind < cut[1], kind < cut[2], kind < cut[3], kind < cut[4]],
            [
                0,
                rng.integers(1, 51, rows),
                negative,
                rng.integers(floor, 10 * floor, rows),
                SENTINEL,
            ],
            value,
        ).astype(float)
    return out


def add_sentinel_rows(
    height: np.ndarray, lifts: dict[str, np.ndarray], rng: np.random.Generator
) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Return height and lifts with the sentinel in every lift of a few rows."""
    chosen = rng.random(len(height)) < SENTINEL_ROW_SHARE
    height = np.where(
        chosen & (rng.random(len(height)) < SENTINEL_ROW_HEIGHT_PROBABILITY),
        float(SENTINEL),
        height,
    )
    lifts = {
        lift: np.where(chosen, float(SENTINEL), value) for lift, value in lifts.items()
    }
    return height, lifts


def draw_benchmarks(
    male: np.ndarray, rng: np.random.Generator
) -> dict[str, np.ndarray]:
    """Draw the benchmark workouts from a fitness factor per row, with sentinels."""
    rows = len(male)
    fitness = rng.standard_normal(rows)
    out = {}
    for column, (female_median, male_median, log_std, direction) in BENCHMARKS.items():
        noise = rng.standard_normal(rows)
        score = (
            np.sqrt(FITNESS_LOADING) * fitness + np.sqrt(1 - FITNESS_LOADING) * noise
        )
        median = np.where(male, male_median, female_median)
        value = np.maximum(np.round(median * np.exp(direction * log_std * score)), 1.0)
        bad = rng.random(rows) < BENCHMARK_SENTINEL_SHARE
        out[column] = np.where(
            bad, PULLUPS_OVERFLOW if column == "pullups" else SENTINEL, value
        ).astype(float)
    return out


def draw_text(male: np.ndarray, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Draw athlete_id, name, region, team and affiliate."""
    rows = len(male)
    athlete_id = FIRST_ATHLETE_ID + np.cumsum(rng.integers(1, 4, rows)).astype(float)

    female_first = np.array(FEMALE_FIRST_NAMES, dtype=object)
    male_first = np.array(MALE_FIRST_NAMES, dtype=object)
    first = np.where(
        male,
        male_first[rng.integers(0, len(male_first), rows)],
        female_first[rng.integers(0, len(female_first), rows)],
    )
    last = np.array(LAST_NAMES, dtype=object)[rng.integers(0, len(LAST_NAMES), rows)]
    name = first + " " + last

    region_weight = np.array([REGION_COUNTS[region] for region in REGIONS], dtype=float)
    region = np.array(REGIONS, dtype=object)[
        rng.choice(len(REGIONS), rows, p=region_weight / region_weight.sum())
    ]

    affiliates = [
        pattern.format(place) for pattern in AFFILIATE_PATTERNS for place in PLACE_NAMES
    ]
    teams = [
        pattern.format(place) for pattern in TEAM_PATTERNS for place in PLACE_NAMES
    ]
    affiliate_index = rng.integers(0, len(affiliates), rows)
    affiliate = np.array(affiliates, dtype=object)[affiliate_index]
    same = rng.random(rows) < TEAM_IS_AFFILIATE_PROBABILITY
    team_from_place = np.array(teams, dtype=object)[rng.integers(0, len(teams), rows)]
    team = np.where(same, affiliate, team_from_place)
    return {
        "athlete_id": athlete_id,
        "name": name,
        "region": region,
        "team": team,
        "affiliate": affiliate,
    }


def draw_gender_labels(male: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Return "Male" or "Female" per row, with a few `--` as in the real file."""
    label = np.where(male, "Male", "Female").astype(object)
    label[rng.random(len(male)) < DASH_GENDER_SHARE] = "--"
    return label


def generate(rows: int, seed: int) -> pd.DataFrame:
    """Generate `rows` SYNTHETIC athletes with the columns of athletes.csv, in order.

    The same rows and seed give the same frame. Missing values are NaN. Raises
    ValueError if rows is below 1.
    """
    if rows < 1:
        raise ValueError(f"rows must be at least 1, got {rows}")
    rng = np.random.default_rng(seed)

    completeness = draw_completeness(rows, rng)
    presence = draw_presence(completeness, rng)
    male = draw_male(completeness, rng)

    age = draw_age(rows, rng)
    height, weight = draw_body(male, age, rng)
    answers, survey_effect_lb = draw_survey(male, age, rng)
    lifts = draw_lifts(male, age, height, weight, survey_effect_lb, rng)

    height, weight = add_body_errors(height, weight, rng)
    lifts = add_lift_errors(lifts, rng)
    height, lifts = add_sentinel_rows(height, lifts, rng)
    values = draw_text(male, rng)
    values.update(draw_benchmarks(male, rng))
    values.update(lifts)
    values.update(answers)
    values.update(
        {
            "gender": draw_gender_labels(male, rng),
            "age": age,
            "height": height,
            "weight": weight,
        }
    )

    frame = {}
    for column in COLUMNS:
        column_values = pd.Series(values[column])
        frame[column] = column_values.where(presence[column])
    return pd.DataFrame(frame, columns=COLUMNS)


def main(argv: list[str] | None = None) -> None:
    """Generate the SYNTHETIC athletes table and write it as CSV."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows",
        type=int,
        default=DEFAULT_ROWS,
        help=f"rows to generate (default {DEFAULT_ROWS})",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=DEFAULT_SEED,
        help=f"random seed (default {DEFAULT_SEED})",
    )
    parser.add_argument(
        "--out", type=Path, required=True, help="path of the CSV file to write"
    )
    args = parser.parse_args(argv)
    if args.rows < 1:
        raise UserError(f"--rows must be at least 1, got {args.rows}")
    if args.seed < 0:
        raise UserError(f"--seed must be 0 or more, got {args.seed}")

    start = time.perf_counter()
    df = generate(args.rows, args.seed)
    write_csv(args.out, df)
    seconds = time.perf_counter() - start
    log.info(
        "wrote %d SYNTHETIC rows (seed %d) to %s, %d bytes, in %.1f s",
        len(df), args.seed, args.out, args.out.stat().st_size, seconds,
    )  # fmt: skip


if __name__ == "__main__":
    from scripts.errors import run_main, setup_logging

    setup_logging()
    run_main(main)
