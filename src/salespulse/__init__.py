"""salespulse: sales performance, explained and turned into coaching.

import salespulse
ws = salespulse.open("salespulse-workspace")
ws.import_file("deals", "deals.csv")
"""

from __future__ import annotations

from salespulse.errors import UserError
from salespulse.workspace import Workspace, init, open

__version__ = "0.1.0"
__all__ = ["UserError", "Workspace", "__version__", "init", "open"]
