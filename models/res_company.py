# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    mo_child_auto_create = fields.Boolean(
        string="Create Sub-orders on Confirmation",
        help="When a manufacturing order is confirmed, create a sub-order for every "
        "component that has its own manufacturing bill of materials, down the whole "
        "product tree. Off: Odoo's standard behaviour; sub-orders can still be created "
        "with the 'Create Sub-orders' button.",
    )
    mo_child_qty_mode = fields.Selection(
        [
            ("full", "Full required quantity"),
            ("shortage", "Only the shortage after free stock"),
        ],
        string="Sub-order Quantity",
        default="full",
        required=True,
        help="Full: each sub-order builds everything its parent needs of that component. "
        "Shortage: the free stock is used first and sub-orders build only the rest.",
    )
    mo_customization_auto_apply = fields.Boolean(
        string="Reuse Customer Customizations",
        help="A new sales order line of a product the customer had customized gets that "
        "customer's latest customization automatically; otherwise it is only offered.",
    )
    mo_sheet_show_costs = fields.Boolean(
        string="Costs on the Order Sheet",
        help="Print the planned and actual cost on the manufacturing order sheet.",
    )
    mo_sheet_show_barcodes = fields.Boolean(
        string="Barcodes on the Order Sheet",
        default=True,
        help="Print barcodes of the order and of its operations, for the shop floor.",
    )
    mo_sheet_tree_depth = fields.Integer(
        string="Tree Depth on the Order Sheet",
        help="How many levels of sub-orders the sheet lists; 0 lists the whole tree.",
    )
    mo_background_threshold = fields.Integer(
        string="Background Work Above",
        default=100,
        help="Converting more plan lines than this, filling a plan from more sales lines, "
        "and splitting, resizing or customizing a tree of more orders (times its parts, for "
        "a split), or adopting more existing orders at installation, runs in the background "
        "in batches, with its progress on the record; smaller work is done at once. "
        "0: always at once.",
    )
