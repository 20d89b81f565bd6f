"""What the reliability tests (model-based state machine, fuzzing) share: their budget and their statistics.

In CI they run a small, bounded number of examples. Under the ``campaign`` Hypothesis profile (registered in
``conftest.py``; ``python -m pytest --hypothesis-profile=campaign ...``) they take the profile's budget
instead. Set ``CODEARTIFACT_MOCK_STATS_DIR`` to a directory to get, per test, a JSON file of what was tried
(steps, inputs, outcomes), rewritten after every example so an interrupted campaign still reports.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path
from typing import Any, Optional

from hypothesis import HealthCheck, settings

CAMPAIGN_PROFILE = "campaign"
_QUIET = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much]


def in_campaign() -> bool:
    current = getattr(settings, "get_current_profile_name", None)
    name = current() if current is not None else getattr(settings, "_current_profile", None)
    return bool(name == CAMPAIGN_PROFILE)


def budget(campaign_examples: Optional[int] = None, **ci: Any) -> settings:
    """Settings for a reliability test: ``ci`` (``max_examples``...) normally; in a campaign the profile's,
    or ``campaign_examples`` for a test run once per operation, so that every operation gets its share."""
    if in_campaign():
        more: dict[str, Any] = {} if campaign_examples is None else {"max_examples": campaign_examples}
        return settings(deadline=None, suppress_health_check=_QUIET, **more)
    return settings(deadline=None, suppress_health_check=_QUIET, **ci)


class Tally:
    """Counts for one test, written to ``$CODEARTIFACT_MOCK_STATS_DIR/<name>.json`` when that is set."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.counts: Counter[str] = Counter()

    def add(self, key: str, amount: int = 1) -> None:
        self.counts[key] += amount

    def flush(self) -> None:
        directory = os.environ.get("CODEARTIFACT_MOCK_STATS_DIR")
        if not directory:
            return
        path = Path(directory) / f"{self.name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_text(json.dumps(dict(sorted(self.counts.items())), indent=1) + "\n")
        os.replace(partial, path)  # readers never see half a file
