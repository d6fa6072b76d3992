"""Shared paths and Hypothesis settings for the promocode test suite."""

from __future__ import annotations

import os
import pathlib

from hypothesis import HealthCheck, settings

BINDING = pathlib.Path(__file__).resolve().parents[1]
ROOT = BINDING.parent
VECTORS = ROOT / "core" / "tests" / "vectors"

# Hostile-input properties: enough examples to find crashes, bounded run time.
settings.register_profile(
    "default",
    max_examples=int(os.environ.get("PROMOCODE_HYPOTHESIS_EXAMPLES", "200")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile("default")
