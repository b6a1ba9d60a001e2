"""Print how fast the core runs: a batched momentum grid and Adam.

Run with ``python benchmarks/bench_core.py``. Targets: one batched momentum
run of 10,000 (alpha, beta) pairs x 100 steps on the skewed quadratic well
under a second; 1000 steps of Adam on a built-in function under 20 ms. The
same two with noisy gradients (``noise=``) show what drawing the noise costs;
the deterministic runs draw nothing.
"""

from __future__ import annotations

import time

import numpy as np

import optlab


def median_seconds(call, repeats: int = 15) -> float:
    call()  # warm up
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def main() -> None:
    alphas, betas = np.meshgrid(np.linspace(0.005, 0.2, 100), np.linspace(0, 0.99, 100))

    def grid(**noise):
        return optlab.momentum(
            "skewed_quadratic",
            [10.0, 1.0],
            alpha=alphas.ravel(),
            beta=betas.ravel(),
            max_its=100,
            **noise,
        )

    seconds = median_seconds(grid, repeats=7)
    print(
        f"momentum, 10,000 (alpha, beta) pairs x 100 steps: {seconds * 1e3:.1f} ms "
        f"(target: well under 1000 ms)"
    )
    for name in ("skewed_quadratic", "ravine_quadratic", "rosenbrock", "tanh_valley"):
        start = optlab.get_function(name).start

        def adam(name=name, start=start):
            return optlab.adam(name, start, alpha=0.01, max_its=1000)

        seconds = median_seconds(adam)
        print(f"adam, 1000 steps on {name}: {seconds * 1e3:.1f} ms (target: < 20 ms)")

    seconds = median_seconds(lambda: grid(noise=1.0, seed=0), repeats=7)
    print(f"the same momentum grid with noise=1: {seconds * 1e3:.1f} ms")

    def noisy_adam():
        return optlab.adam(
            "rosenbrock", [-1.5, 2.0], alpha=0.01, max_its=1000, noise=1.0, seed=0
        )

    seconds = median_seconds(noisy_adam)
    print(f"adam, 1000 steps on rosenbrock with noise=1: {seconds * 1e3:.1f} ms")


if __name__ == "__main__":
    main()
