# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Print how many of an addon's tests Odoo's own runner would run (``--test-enable
--test-tags /<addon>``, at and post install), without a database or running them.

    python count_odoo_tests.py <addon> --addons-path=...
"""

import sys

import odoo


def main():
    addon, args = sys.argv[1], sys.argv[2:]
    odoo.tools.config.parse_config(
        [*args, "--test-enable", f"--test-tags=/{addon}", "--log-level=warn"]
    )
    odoo.modules.module.initialize_sys_path()
    # (Odoo's test framework is imported once the configuration says tests are enabled)
    from odoo.tests.loader import make_suite  # pylint: disable=import-outside-toplevel

    count = sum(
        make_suite([addon], position).countTestCases()
        for position in ("at_install", "post_install")
    )
    print(count)


if __name__ == "__main__":
    main()
