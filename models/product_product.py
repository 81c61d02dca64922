# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import models


class ProductProduct(models.Model):
    _inherit = "product.product"

    def action_view_bom(self):
        """The product's bills of materials open on the standard ones; a filter shows the
        customizations."""
        action = super().action_view_bom()
        action["context"] = dict(action["context"], search_default_standard=1)
        return action
