"""The slide figures: one command makes every figure the README shows."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_one_command_makes_every_figure_of_the_readme(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "figures" / "make_figures.py"),
            "--out",
            str(tmp_path),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    made = {path.name for path in tmp_path.iterdir()}
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"\(figures/([\w.]+\.png)\)", readme))
    assert shown, "the README shows no figure"
    assert shown <= made, f"not made by the command: {shown - made}"
    for png in shown:
        assert f"{png[:-4]}.svg" in made
        assert (tmp_path / png).stat().st_size > 10_000  # a real picture
    committed = {path.name for path in (ROOT / "figures").glob("*.png")}
    assert committed == {name for name in made if name.endswith(".png")}, (
        "figures/ differs from what the command makes: run figures/make_figures.py"
    )


def test_slide_figures_are_sharp_and_carry_no_live_only_legend(tmp_path):
    from PIL import Image

    subprocess.run(
        [
            sys.executable,
            str(ROOT / "figures" / "make_figures.py"),
            "--out",
            str(tmp_path),
            "convergence_map",
            "adaptive_step_lengths",
        ],
        check=True,
        capture_output=True,
    )
    for png in tmp_path.glob("*.png"):
        dpi = Image.open(png).info["dpi"]
        assert min(dpi) >= 199, (png.name, dpi)
    svg = (tmp_path / "convergence_map.svg").read_text(encoding="utf-8")
    assert "explorer" not in svg
