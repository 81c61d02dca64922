# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class StockRule(models.Model):
    _inherit = "stock.rule"

    def _prepare_mo_vals(
        self, product_id, product_qty, product_uom, location_dest_id, name, origin, company_id,
        values, bom,
    ):  # fmt: skip
        """Link make-to-order productions to the sales order line whose delivery they feed,
        following the chain of moves (pick, pack, ship) down to the customer; the order of
        the line's own product uses the line's customized BoM."""
        res = super()._prepare_mo_vals(
            product_id, product_qty, product_uom, location_dest_id, name, origin, company_id,
            values, bom,
        )  # fmt: skip
        if not res.get("sale_line_id"):
            moves = values.get("move_dest_ids") or self.env["stock.move"]
            res["sale_line_id"] = moves._get_downstream_sale_line().id
        customization = self.env["sale.order.line"].browse(res["sale_line_id"]).customization_id
        if customization:
            res["bom_id"] = (
                self.env["mrp.bom"]
                ._get_demand_boms([(product_id, company_id, self.picking_type_id, customization)])[
                    0
                ]
                .id
            )
        return res
