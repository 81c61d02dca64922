# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""pytest plugin of scripts/test (-p pytest_no_skip): with MPM_NO_SKIP set, as the test
command sets it, a skipped test fails, so that tours never pass silently without Chromium."""

import os

import pytest


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if os.environ.get("MPM_NO_SKIP") and report.skipped:
        report.outcome = "failed"
        report.longrepr = f"Skipped, which the test command forbids: {report.longrepr}"
