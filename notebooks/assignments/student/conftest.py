"""Student versions raise NotImplementedError until completed: not for nbval.

``pytest --nbval notebooks/`` checks the instructor versions; a completed
student notebook is checked with ``python -m optlab.assignments check``.
"""

collect_ignore_glob = ["*.ipynb"]
