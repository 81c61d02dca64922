# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Helpers shared by the benchmarks: open the database given on the command line, measure
wall time and SQL queries of a function inside a savepoint that is rolled back."""

import argparse
import statistics
import time
from contextlib import contextmanager

import odoo
from odoo.api import SUPERUSER_ID, Environment
from odoo.tools import config


def parse_args(description):
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--database", required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("odoo_args", nargs="*", help="options passed to Odoo's configuration")
    args = parser.parse_args()
    config.parse_config(["-d", args.database, *args.odoo_args])
    return args


@contextmanager
def environment(database):
    registry = odoo.modules.registry.Registry(database)
    config["test_enable"] = True  # after loading: Odoo's Form helper, driving its wizards, wants it
    with registry.cursor() as cr:
        env = Environment(cr, SUPERUSER_ID, {"tracking_disable": True})
        try:
            yield env
        finally:
            cr.rollback()


def measure(env, func, repeat):
    """Run ``func(env)`` ``repeat`` times, each in a savepoint rolled back afterwards;
    return the median seconds, the median query count and the last result."""
    times, queries, result = [], [], None
    for _ in range(repeat):
        env.flush_all()
        with env.cr.savepoint(flush=False) as savepoint:
            start_count, start = env.cr.sql_log_count, time.perf_counter()
            result = func(env)
            env.flush_all()
            times.append(time.perf_counter() - start)
            queries.append(env.cr.sql_log_count - start_count)
            savepoint.rollback()
        env.invalidate_all()
    return statistics.median(times), int(statistics.median(queries)), result


def report(title, rows, baseline):
    """Print one line per measured way and the ratio of each to ``baseline``."""
    print(f"\n{title}")
    print(f"{'way':<44}{'seconds':>10}{'queries':>10}{'time ratio':>12}{'query ratio':>13}")
    base_time, base_queries = rows[baseline][:2]
    for name, (seconds, queries, *_rest) in rows.items():
        print(
            f"{name:<44}{seconds:>10.3f}{queries:>10}"
            f"{seconds / base_time:>12.2f}{queries / base_queries:>13.2f}"
        )
