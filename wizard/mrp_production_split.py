# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class MrpProductionSplit(models.TransientModel):
    """Odoo's own *Split* (gear menu): an order with sub-orders is split with its whole
    sub-tree, as the addon's split does; a sub-order alone is refused."""

    _inherit = "mrp.production.split"

    def action_split(self):
        return super(MrpProductionSplit, self.with_context(mpm_split_tree=True)).action_split()
