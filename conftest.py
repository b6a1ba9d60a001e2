"""Settings shared by every test: plain-Python tests draw with Agg.

Notebooks under nbval choose their own backend (``%matplotlib widget``), and
the browser tests start Voila and JupyterLab without this variable.
"""

import os

os.environ.setdefault("MPLBACKEND", "Agg")
