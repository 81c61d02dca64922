# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class MrpWorkorder(models.Model):
    _inherit = "mrp.workorder"

    production_is_suspended = fields.Boolean(
        related="production_id.is_suspended", string="Order Suspended"
    )

    def button_start(self, raise_on_invalid_state=False):
        self.production_id._check_not_suspended()
        return super().button_start(raise_on_invalid_state=raise_on_invalid_state)

    def button_finish(self):
        self.production_id._check_not_suspended()
        return super().button_finish()

    def button_done(self):
        self.production_id._check_not_suspended()
        return super().button_done()
