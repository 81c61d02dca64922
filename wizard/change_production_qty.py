# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models


class ChangeProductionQty(models.TransientModel):
    """Odoo's *Change Quantity To Produce*: the order's open sub-tree follows, each sub-order
    resized to the component move it feeds."""

    _inherit = "change.production.qty"

    sub_order_preview = fields.Html(
        string="Sub-orders",
        compute="_compute_sub_order_preview",
        sanitize=False,
        help="What the open sub-orders will make after the change, before it is applied.",
    )

    @api.depends("mo_id", "product_qty")
    def _compute_sub_order_preview(self):
        for wizard in self:
            production = wizard.mo_id
            wizard.sub_order_preview = production._render_tree_preview(
                [
                    (order, order._format_qty(old), order._format_qty(new, order.product_uom_id))
                    for order, old, new in production._get_quantity_preview(wizard.product_qty)
                ]
            )

    def change_prod_qty(self):
        """The open sub-tree follows; a large one in the background."""
        self.mo_id._check_background_free()
        if len(self) == 1:
            job = self.mo_id._queue_quantity_change(self.product_qty)
            if job:
                return job._get_queued_notification()
        res = super().change_prod_qty()
        self.mo_id._follow_quantity()
        return res

    @api.model
    def _need_quantity_propagation(self, move, qty):
        """A sub-order resized with its parent keeps one finished move, the one that feeds
        the parent's component move; Odoo would add a second one, sent to stock."""
        if self.env.context.get("mpm_follow_parent") and move.production_id.parent_id:
            return False
        return super()._need_quantity_propagation(move, qty)
