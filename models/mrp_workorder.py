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

    def _prepare_replan_leave_vals(self, op):
        """The slot Replan gives this work order on its work center, as Odoo's
        ``_plan_workorder`` books it: a time off of type "other" on the work center."""
        self.ensure_one()
        return {
            "name": self.display_name,
            "calendar_id": op.workcenter.resource_calendar_id.id,
            "date_from": op.start,
            "date_to": op.end,
            "resource_id": op.workcenter.resource_id.id,
            "time_type": "other",
        }
