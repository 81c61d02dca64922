# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class StockScrap(models.Model):
    _inherit = "stock.scrap"

    def do_scrap(self):
        """A scrapped sub-assembly that an order's open sub-order makes is made again by
        it: the sub-order follows what its parent now needs."""
        res = super().do_scrap()
        self.production_id._follow_quantity()
        return res
