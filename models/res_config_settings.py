# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    mo_child_auto_create = fields.Boolean(related="company_id.mo_child_auto_create", readonly=False)
    mo_child_qty_mode = fields.Selection(related="company_id.mo_child_qty_mode", readonly=False)
    mo_customization_auto_apply = fields.Boolean(
        related="company_id.mo_customization_auto_apply", readonly=False
    )
    mo_sheet_show_costs = fields.Boolean(related="company_id.mo_sheet_show_costs", readonly=False)
    mo_sheet_show_barcodes = fields.Boolean(
        related="company_id.mo_sheet_show_barcodes", readonly=False
    )
    mo_sheet_tree_depth = fields.Integer(related="company_id.mo_sheet_tree_depth", readonly=False)
    mo_background_threshold = fields.Integer(
        related="company_id.mo_background_threshold", readonly=False
    )
