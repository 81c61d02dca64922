# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestTours(HttpCase):
    def test_tour_open_manufacturing(self):
        self.start_tour("/odoo", "mpm_open_manufacturing", login="admin")

    def test_tour_navigate_tree(self):
        root = self.env.ref("mrp_production_management.mrp_production_led_module")
        self.start_tour(
            f"/odoo/action-mrp.mrp_production_action/{root.id}", "mpm_navigate_tree", login="admin"
        )
