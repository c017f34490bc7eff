"""Privacy accounting for DP-SGD with dp_accounting's RDP accountant."""

import math

import dp_accounting
from dp_accounting import rdp

ACCOUNTANT = "RDP (dp_accounting.rdp.RdpAccountant)"
POISSON_ASSUMPTION = (
    "Poisson sampling: each example joins each batch independently with "
    "probability batch_size / n; the training loop shuffles instead, so this "
    "value is the customary estimate, not a proven bound for the run"
)
SHUFFLED_ASSUMPTION = (
    "shuffled batches: each example used once per epoch in any order; a bound "
    "that holds for any data order because it takes no credit for sampling"
)


def steps_for(n: int, batch_size: int, epochs: int) -> int:
    """Return the optimizer steps of `epochs` passes over n rows, last batch included."""
    return epochs * math.ceil(n / batch_size)


def poisson_event(n: int, batch_size: int, noise_multiplier: float, steps: int) -> dp_accounting.DpEvent:
    """Return the DP event of `steps` Poisson-sampled Gaussian steps, one example per microbatch."""
    return dp_accounting.SelfComposedDpEvent(
        dp_accounting.PoissonSampledDpEvent(batch_size / n, dp_accounting.GaussianDpEvent(noise_multiplier)),
        steps,
    )


def epsilon_poisson(n: int, batch_size: int, noise_multiplier: float, steps: int, delta: float) -> float:
    """Return epsilon for `steps` Poisson-sampled Gaussian steps, one example per microbatch."""
    accountant = rdp.RdpAccountant()
    accountant.compose(poisson_event(n, batch_size, noise_multiplier, steps))
    return accountant.get_epsilon(delta)


def epsilon_shuffled(noise_multiplier: float, epochs: int, delta: float) -> float:
    """Return epsilon when each example is in exactly one batch per epoch.

    Each epoch touches an example once, through a Gaussian mechanism, so the
    bound composes `epochs` Gaussian mechanisms.
    """
    event = dp_accounting.SelfComposedDpEvent(dp_accounting.GaussianDpEvent(noise_multiplier), epochs)
    accountant = rdp.RdpAccountant()
    accountant.compose(event)
    return accountant.get_epsilon(delta)


def noise_multiplier_for_epsilon(n: int, batch_size: int, epochs: int, target_epsilon: float, delta: float) -> float:
    """Return the noise multiplier that brings the Poisson-sampling epsilon down to target_epsilon.

    dp_accounting's calibration searches with Brent's method and the same RDP
    accountant as epsilon_poisson. The result is within 1e-6 of the smallest
    such noise multiplier, and its epsilon never exceeds target_epsilon.
    """
    steps = steps_for(n, batch_size, epochs)
    return float(
        dp_accounting.calibrate_dp_mechanism(
            rdp.RdpAccountant,
            lambda noise_multiplier: poisson_event(n, batch_size, noise_multiplier, steps),
            target_epsilon,
            delta,
        )
    )


def privacy_report(n: int, batch_size: int, noise_multiplier: float, epochs: int, delta: float | None) -> dict:
    """Return both epsilons with every parameter and assumption behind them."""
    delta = 1.0 / n if delta is None else delta
    steps = steps_for(n, batch_size, epochs)
    return {
        "n_train": n,
        "batch_size": batch_size,
        "epochs": epochs,
        "steps": steps,
        "noise_multiplier": noise_multiplier,
        "delta": delta,
        "delta_rule": "1/n" if math.isclose(delta, 1.0 / n) else "params.yaml",
        "accountant": ACCOUNTANT,
        "adjacency": "add-or-remove-one example",
        "microbatches": "one example per microbatch (per-example clipping)",
        "epsilon_poisson": epsilon_poisson(n, batch_size, noise_multiplier, steps, delta),
        "sampling_poisson": POISSON_ASSUMPTION,
        "epsilon_shuffled": epsilon_shuffled(noise_multiplier, epochs, delta),
        "sampling_shuffled": SHUFFLED_ASSUMPTION,
    }
