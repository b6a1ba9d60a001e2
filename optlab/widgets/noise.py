"""Noise and schedule controls of the path explorers, and their clouds of runs.

``explore`` and ``compare`` get the same controls from :func:`noise_controls`:

* ``noise``: sigma, the standard deviation of the Gaussian noise added to
  each gradient component (0 is the exact gradient);
* ``new_noise``: a button that draws again with another seed;
* ``runs``: how many noisy runs to draw at once. With more than one, each run
  is drawn faintly, the path drawn in full is their mean point at each step,
  and the cost curve drawn in full is their median cost, all drawn by
  :mod:`optlab.plot.cloud` (as the static clouds of the lessons are);
* ``schedule`` with its parameters ``tau``, ``every`` and ``rate``: the
  learning rate alpha of the sliders becomes the first value of a schedule
  (:mod:`optlab.schedules`); the cosine schedule decays over the K steps.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace

import ipywidgets as widgets
import numpy as np
from matplotlib.axes import Axes

from .. import schedules
from ..history import History
from ..optimizers import MethodInfo
from ..plot import CostArtists, FaintRuns, PathArtists, cloud_summary, faint_runs
from ..plot.cloud import FAINT, mean_points
from .controls import LABEL_WIDTH, SLIDER_WIDTH, row

__all__ = [
    "FAINT",
    "NOISE_MAX",
    "NoiseControls",
    "NoisyRuns",
    "SCHEDULES",
    "noise_controls",
    "noise_note",
    "noise_rows",
    "run_noisy",
    "schedule_from",
    "show_schedule_controls",
]

#: Largest sigma on the noise slider.
NOISE_MAX = 10.0
#: Most runs drawn at once.
MAX_RUNS = 30
#: The schedules on the dropdown: label -> (key, controls it uses).
SCHEDULES = {
    "constant": ("constant", ()),
    "1/k": ("inverse_time", ("tau",)),
    "1/sqrt(k)": ("inverse_sqrt", ("tau",)),
    "step decay (halve every n)": ("step", ("every",)),
    "exponential": ("exponential", ("rate",)),
    "cosine over K": ("cosine", ()),
    "linear warmup, n steps": ("warmup", ("every",)),
}
_SCHEDULE_PARAMETERS = ("tau", "every", "rate")


def noise_controls() -> dict[str, widgets.Widget]:
    """The noise, cloud and schedule controls, keyed by name."""
    style = {"description_width": LABEL_WIDTH}
    slider = {"width": SLIDER_WIDTH, "min_width": SLIDER_WIDTH}
    return {
        "noise": widgets.FloatSlider(
            value=0.0,
            min=0.0,
            max=NOISE_MAX,
            step=0.05,
            description="σ noise",
            readout_format=".2f",
            style=style,
            layout=widgets.Layout(**slider),
        ),
        "new_noise": widgets.Button(
            description="new noise",
            icon="refresh",
            tooltip="draw the noise again (another seed)",
            layout=widgets.Layout(width="9em"),
        ),
        "runs": widgets.IntSlider(
            value=1,
            min=1,
            max=MAX_RUNS,
            description="runs",
            tooltip="noisy runs drawn at once: each faint, their mean path in full",
            style=style,
            layout=widgets.Layout(**slider),
        ),
        "schedule": widgets.Dropdown(
            options=[(label, key) for label, (key, _) in SCHEDULES.items()],
            value="constant",
            description="α schedule",
            style=style,
            layout=widgets.Layout(width="24em"),
        ),
        "tau": widgets.FloatLogSlider(
            value=10.0,
            base=10,
            min=0,
            max=3,
            step=0.05,
            description="τ",
            readout_format=".3g",
            style=style,
            layout=widgets.Layout(**slider),
        ),
        "every": widgets.IntSlider(
            value=20,
            min=1,
            max=500,
            description="n steps",
            style=style,
            layout=widgets.Layout(**slider),
        ),
        "rate": widgets.FloatSlider(
            value=0.99,
            min=0.9,
            max=0.999,
            step=0.001,
            description="rate",
            readout_format=".3f",
            style=style,
            layout=widgets.Layout(**slider),
        ),
    }


def noise_rows(controls: dict[str, widgets.Widget]) -> list[widgets.Box]:
    """The two rows of the layout: noise and runs, schedule and its parameters."""
    c = controls
    return [
        row([c["noise"], c["new_noise"], c["runs"]]),
        row([c["schedule"], c["tau"], c["every"], c["rate"]]),
    ]


def show_schedule_controls(controls: dict[str, widgets.Widget]) -> None:
    """Show the parameters the chosen schedule uses, hide the others."""
    key = controls["schedule"].value
    used = next(names for k, names in SCHEDULES.values() if k == key)
    for name in _SCHEDULE_PARAMETERS:
        controls[name].layout.display = None if name in used else "none"


def schedule_from(
    controls: dict[str, widgets.Widget], alpha: float, max_its: int
) -> float | schedules.Schedule:
    """The learning rate the controls describe: ``alpha`` or a schedule from it."""
    key = controls["schedule"].value
    tau = float(controls["tau"].value)
    every = int(controls["every"].value)
    made = {
        "constant": lambda: alpha,
        "inverse_time": lambda: schedules.InverseTime(alpha, tau=tau),
        "inverse_sqrt": lambda: schedules.InverseSqrt(alpha, tau=tau),
        "step": lambda: schedules.StepDecay(alpha, factor=0.5, every=every),
        "exponential": lambda: schedules.ExponentialDecay(
            alpha, rate=float(controls["rate"].value)
        ),
        "cosine": lambda: schedules.Cosine(alpha, steps=max_its),
        "warmup": lambda: schedules.Warmup(alpha, steps=every),
    }
    return made[key]()


def run_noisy(
    info: MethodInfo,
    function,
    w0,
    *,
    max_its: int,
    params: dict,
    noise: float,
    seed: int,
    runs: int,
    record_state: bool = False,
) -> tuple[History, list[History]]:
    """Run a method with noise: the run to draw in full and the faint ones.

    With ``noise == 0`` or one run, that run and no faint ones. With several,
    one batched call; the run drawn in full has, at each step, the mean point
    of the runs (and their mean recorded state) and their median cost
    (:func:`optlab.plot.cloud_summary`; it diverges where the first run does,
    as their mean then does).
    """
    if noise == 0 or runs == 1:
        extra = {"noise": noise, "seed": seed} if noise > 0 else {}
        one = info.run(
            function, w0, max_its=max_its, record_state=record_state, **params, **extra
        )
        return one, []
    starts = np.repeat(np.reshape(np.asarray(w0, dtype=float), (-1, 1)), runs, axis=1)
    batch = info.run(
        function,
        starts,
        max_its=max_its,
        record_state=record_state,
        noise=noise,
        seed=seed,
        **params,
    )
    members = batch.runs()
    summary = cloud_summary(members)
    if function.n_inputs == 1:  # a plain number per step, as a single run has
        summary = replace(summary, w=summary.w[:, 0])
    return summary, members


def noise_note(history: History, runs: int) -> str:
    """What a readout adds for a schedule, noise or a cloud of runs."""
    alpha = history.params.get("alpha")
    note = f" · {alpha}" if isinstance(alpha, schedules.Schedule) else ""
    if runs > 1:
        note += f" · mean path and median cost of {runs} runs"
    return note


@dataclass
class NoisyRuns:
    """The faint paths and cost curves of the clouds of runs, one per group.

    A group is one method of an explorer; its runs are drawn by
    :func:`optlab.plot.faint_runs` when their number changes and moved in
    place otherwise. The path and cost drawn in full are the explorer's own,
    from :func:`optlab.plot.cloud_summary` (see :func:`run_noisy`).

    ``animate`` and ``forget`` are the explorer's: the faint artists move at
    every change, so they are drawn over the cached background, and are taken
    off that list when removed.
    """

    main: Axes
    cost: Axes
    log: bool = False
    animate: Callable[..., None] | None = None
    forget: Callable[..., None] | None = None
    clouds: dict[str, FaintRuns] = field(default_factory=dict)
    sizes: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def paths(self) -> dict[str, list[PathArtists]]:
        """The faint paths of each group."""
        return {group: cloud.paths for group, cloud in self.clouds.items()}

    @property
    def costs(self) -> dict[str, CostArtists | None]:
        """The faint cost curves of each group."""
        return {group: cloud.costs for group, cloud in self.clouds.items()}

    def show(
        self,
        group: str,
        members: list[History],
        color: str,
        step: int | None,
        mean: PathArtists | None = None,
    ) -> None:
        """Draw ``members`` faintly in ``color`` up to ``step`` (all if None).

        ``mean``, the group's path drawn in full, gets the smaller points of a
        cloud's mean path while there are faint runs, its own size otherwise.
        """
        if mean is not None:
            full = self.sizes.setdefault(group, mean.points.get_sizes().copy())
            mean_points(mean, full, cloud=bool(members))
        cloud = self.clouds.get(group)
        if cloud is not None and len(cloud) != len(members):
            self.clear(group)
            cloud = None
        if not members:
            return
        if cloud is None:
            cloud = faint_runs(members, self.main, self.cost, color=color, log=self.log)
            self.clouds[group] = cloud
            if self.animate is not None:
                self.animate(*cloud.artists())
        elif cloud.color != color:  # the explorer's method changed
            cloud.restyle(color)
        cloud.update(members, step)

    def clear(self, group: str | None = None) -> None:
        """Remove the faint artists of ``group`` (of every group if None)."""
        for name in [group] if group is not None else list(self.clouds):
            cloud = self.clouds.pop(name, None)
            if cloud is not None:
                if self.forget is not None:
                    self.forget(*cloud.artists())
                cloud.remove()


class NoiseControls:
    """What ``explore`` and ``compare`` add for noise: the controls, wired so
    that every change reruns all runs, the seed, and the noisy run itself.

    Mixed into a :class:`~optlab.widgets._path_explorer.PathExplorer`.
    """

    seed: int = 0

    def _add_noise_controls(self) -> None:
        c = self.controls
        c.update(noise_controls())
        for name in ("noise", "runs", "schedule", *_SCHEDULE_PARAMETERS):
            self._watch(c[name], "run")
        c["schedule"].observe(lambda change: show_schedule_controls(c), "value")
        show_schedule_controls(c)
        c["new_noise"].on_click(lambda button: self.new_noise())

    def new_noise(self) -> None:
        """Draw the noise again, with the next seed."""
        self.seed += 1
        self._request("run")

    def _run_noisy(
        self, info: MethodInfo, params: dict, record_state: bool = False
    ) -> tuple[History, list[History]]:
        """The method run as the controls say: schedule, noise, seed, runs."""
        c = self.controls
        max_its = c["max_its"].value
        if "alpha" in params:
            params = {**params, "alpha": schedule_from(c, params["alpha"], max_its)}
        return run_noisy(
            info,
            self.function,
            self.w0,
            max_its=max_its,
            params=params,
            noise=float(c["noise"].value),
            seed=self.seed,
            runs=int(c["runs"].value),
            record_state=record_state,
        )
