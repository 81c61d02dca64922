# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class MrpProductionReplan(models.TransientModel):
    _name = "mrp.production.replan"
    _inherit = ["mrp.production.wizard.mixin"]
    _description = "Replan manufacturing order trees"

    production_ids = fields.Many2many(
        "mrp.production", string="Trees", required=True, readonly=True
    )
    mode = fields.Selection(
        [("forward", "Forward, as soon as possible"), ("backward", "Backward, just in time")],
        required=True,
        default="forward",
        help="Forward: every order as early as the work centers and components allow. "
        "Backward: every order as late as possible so that the tree ends by its deadline.",
    )
    date_start = fields.Datetime(
        string="Start From",
        default=fields.Datetime.now,
        help="The trees start at this date at the earliest; a date in the past means now.",
    )
    date_finish = fields.Datetime(
        string="Finish By",
        help="The trees end by this date. Empty: each tree's deadline, that is its sales "
        "deadline less the security lead times, or its own deadline.",
    )
    timeline = fields.Json(compute="_compute_preview")
    preview = fields.Html(string="Dates", compute="_compute_preview", sanitize=False)
    explanation = fields.Text(compute="_compute_preview")
    is_late = fields.Boolean(string="Late", compute="_compute_preview")

    @api.depends("production_ids", "mode", "date_start", "date_finish")
    def _compute_preview(self):
        for wizard in self:
            productions = wizard.production_ids._origin
            preview = productions._get_replan_preview(wizard.mode, wizard._get_date())
            wizard.timeline = preview["timeline"]
            wizard.preview = preview["table"]
            wizard.explanation = preview["explanation"]
            wizard.is_late = preview["is_late"]

    def action_apply(self):
        self.ensure_one()
        self.production_ids._apply_replan(self.mode, self._get_date())
        return {"type": "ir.actions.act_window_close"}

    def _get_date(self):
        return self.date_start if self.mode == "forward" else self.date_finish
