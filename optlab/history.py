"""The record of one run (or a batch of runs) of an optimizer."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

__all__ = ["History"]


@dataclass(frozen=True, eq=False)
class History:
    """Weights and costs of a run, with the settings that produced them.

    Unpacks as ``w_hist, cost_hist = run``.

    Attributes
    ----------
    method : str
        Name of the optimizer, e.g. ``"momentum"``.
    function : str
        Display name of the cost function.
    w : ndarray
        Weights ``w^0 ... w^K``: shape ``(K + 1,) + w0.shape`` for one run,
        ``(K + 1, N) + batch`` for a batch (a function of one input given a
        plain number as ``w0`` has no N axis).
    cost : ndarray
        ``g(w^0) ... g(w^K)``: shape ``(K + 1,)`` or ``(K + 1,) + batch``.
    params : mapping
        The hyperparameters used (as given: numbers, arrays or a schedule).
        A run with noisy gradients also records ``noise``, ``seed`` and
        ``batch_size``; a deterministic run records none of them.
    diverged_at : int, ndarray or None
        For one run: None, or the first step ``k`` whose weights or cost left
        the finite numbers or the divergence bound. For a batch: an integer
        array of the batch shape, ``-1`` where a run did not diverge. From that
        step on, ``w`` and ``cost`` repeat the last point inside the bound, so
        no NaN or infinity is ever stored.
    state : mapping
        With ``record_state=True``: the rule's internal quantities at each
        step (gradient ``"grad"``, averaged direction ``"d"``, squared-gradient
        average ``"h"``, effective learning rate per component
        ``"effective_lr"``, ...), each of
        shape ``(K,) + ...``; entry ``k - 1`` belongs to step ``k``. Entries
        from a run's divergence on are NaN.
    """

    method: str
    function: str
    w: np.ndarray
    cost: np.ndarray
    params: Mapping[str, Any]
    diverged_at: int | np.ndarray | None
    state: Mapping[str, np.ndarray] = field(default_factory=dict)

    def __iter__(self) -> Iterator[np.ndarray]:
        return iter((self.w, self.cost))

    @property
    def max_its(self) -> int:
        """Number of steps K."""
        return self.cost.shape[0] - 1

    @property
    def diverged(self) -> bool | np.ndarray:
        """Whether the run (each run of a batch) diverged."""
        if self.diverged_at is None:
            return False
        if isinstance(self.diverged_at, np.ndarray):
            return self.diverged_at >= 0
        return True

    @property
    def final_cost(self) -> float | np.ndarray:
        """Cost after the last step (the last point inside the bound if diverged)."""
        return self.cost[-1]

    def steps_to(self, tol: float) -> int | np.ndarray:
        """First step whose cost is at most ``tol``; -1 where none is.

        A diverged run counts only the steps before its divergence.
        """
        reached = self.cost <= tol
        if isinstance(self.diverged_at, np.ndarray):
            steps = np.arange(self.max_its + 1).reshape(
                (-1,) + (1,) * (reached.ndim - 1)
            )
            reached &= (self.diverged_at < 0) | (steps < self.diverged_at)
        elif self.diverged_at is not None:
            reached[self.diverged_at :] = False
        first = np.argmax(reached, axis=0)
        return (
            np.where(reached.any(axis=0), first, -1)
            if reached.ndim > 1
            else (int(first) if reached.any() else -1)
        )

    def runs(self) -> list[History]:
        """The runs of a batch, each as its own History (one-run list for one run).

        A batch of shape ``(B1, B2, ...)`` is taken in row-major order;
        hyperparameters given as arrays are split with it, so each run keeps
        its own settings (e.g. to draw a cloud of noisy runs with
        ``plot.paths(f, history.runs())``).
        """
        batch = self.cost.shape[1:]
        if not batch:
            return [self]
        count = int(np.prod(batch))
        w = self.w.reshape(self.w.shape[: self.w.ndim - len(batch)] + (count,))
        cost = self.cost.reshape(-1, count)
        diverged_at = np.asarray(self.diverged_at).reshape(count)
        states = {
            k: v.reshape(v.shape[: v.ndim - len(batch)] + (count,))
            for k, v in self.state.items()
        }

        def setting(value, i):
            if isinstance(value, np.ndarray) and value.ndim:
                return np.broadcast_to(value, batch).reshape(count)[i].item()
            return value

        return [
            History(
                method=self.method,
                function=self.function,
                w=w[..., i],
                cost=cost[:, i],
                params={k: setting(v, i) for k, v in self.params.items()},
                diverged_at=int(diverged_at[i]) if diverged_at[i] >= 0 else None,
                state={k: v[..., i] for k, v in states.items()},
            )
            for i in range(count)
        ]

    @property
    def label(self) -> str:
        """Method and settings for legends, e.g. ``momentum (alpha=0.1, beta=0.7)``."""
        name = self.method.replace("_", " ").replace(" gd", " descent")
        if isinstance(self.params.get("norm"), str):
            name += f", {self.params['norm']}"
        shown = [
            f"{key}={value:.3g}"
            for key, value in self.params.items()
            if isinstance(value, (int, float, np.floating))
            and not isinstance(value, bool)
        ]
        return f"{name} ({', '.join(shown)})" if shown else name
