"""How often the build's process looks for garbage in reference cycles.

Python's cycle collector runs after every 700 new container objects by default. A cold build at
one report made 546 young and 4 full collections that way, 0.24-0.31 CPU s of about 4 (the
plain export built by MkDocs + Material: 157 and 1, 0.05-0.07 s); a warm one 0.16-0.20 s. At 50
reports a warm build made 15 full collections, 1.2-1.6 CPU s. After every 10,000 new
containers: 0.08-0.13 s cold and 0.06-0.08 s warm at one report, and 1 full collection, 0.3 s,
at 50. Garbage in cycles waits longer to be freed: peak memory grew by 2-3% (a cold build at
one report 166 to 170 MB, with the build cache's change beside it; a warm one at 50 reports
710 to 728 MB).
"""

from __future__ import annotations

import gc

YOUNG_COLLECTION_AFTER = 10_000


def collect_less_often() -> None:
    """Collect the youngest generation after ``YOUNG_COLLECTION_AFTER`` new containers; the
    older generations' thresholds are kept."""
    gc.set_threshold(YOUNG_COLLECTION_AFTER, *gc.get_threshold()[1:])
