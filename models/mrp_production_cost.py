# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Cost of an order and of its tree: planned (BoM and operations) against actual
(consumed components, time spent), and the BoM cost beside the standard BoM's."""

from odoo import api, fields, models
from odoo.tools import SQL


class MrpProduction(models.Model):
    _inherit = "mrp.production"

    company_currency_id = fields.Many2one(related="company_id.currency_id", string="Currency")
    bom_cost = fields.Monetary(
        string="BoM Cost",
        compute="_compute_bom_cost",
        currency_field="company_currency_id",
        help="Planned cost of this order's quantity from its bill of materials: components "
        "at cost, sub-assemblies rolled up, operations at work-center rates.",
    )
    standard_bom_cost = fields.Monetary(
        string="Standard BoM Cost",
        compute="_compute_bom_cost",
        currency_field="company_currency_id",
    )
    bom_cost_difference = fields.Monetary(
        string="Customization Cost Difference",
        compute="_compute_bom_cost",
        currency_field="company_currency_id",
    )
    cost_planned = fields.Monetary(
        string="Planned Cost",
        compute="_compute_costs",
        currency_field="company_currency_id",
        help="As Odoo's MO Overview counts the MO cost, on this order's own lines: its "
        "components at cost (sub-assemblies its sub-orders make are counted there), for "
        "the quantity to produce while it is open and what was consumed once done, and its "
        "work orders' expected time at the work centers' rates.",
    )
    cost_planned_produced = fields.Monetary(
        string="Planned for the Produced",
        compute="_compute_costs",
        currency_field="company_currency_id",
        help="The planned cost of what is produced so far, what the actual cost is compared "
        "with: the components of the quantity being produced (all of it once done) and the "
        "operations' expected time, which Odoo plans for that quantity.",
    )
    cost_remaining = fields.Monetary(
        string="Remaining Planned Cost",
        compute="_compute_costs",
        currency_field="company_currency_id",
        help="The planned cost of what is still to produce.",
    )
    cost_actual = fields.Monetary(
        string="Actual Cost",
        compute="_compute_costs",
        currency_field="company_currency_id",
        help="As Odoo's MO Overview counts the real cost: the components picked, at their "
        "stock valuation once consumed (sub-assemblies of its sub-orders are counted there), "
        "and the time recorded on its work orders at the work centers' rates.",
    )
    cost_variance = fields.Monetary(
        string="Cost Variance",
        compute="_compute_costs",
        currency_field="company_currency_id",
        help="Actual cost less the planned cost of what is produced so far.",
    )
    cost_variance_percent = fields.Float(string="Variance (%)", compute="_compute_costs")
    cost_planned_unit = fields.Monetary(
        string="Planned Unit Cost", compute="_compute_costs", currency_field="company_currency_id"
    )
    cost_actual_unit = fields.Monetary(
        string="Actual Unit Cost",
        compute="_compute_costs",
        currency_field="company_currency_id",
        help="Actual cost over the quantity produced (or being produced).",
    )
    tree_cost_planned = fields.Monetary(
        string="Planned Cost of the Tree",
        compute="_compute_costs",
        currency_field="company_currency_id",
    )
    tree_cost_actual = fields.Monetary(
        string="Actual Cost of the Tree",
        compute="_compute_costs",
        currency_field="company_currency_id",
    )
    tree_cost_variance = fields.Monetary(
        string="Cost Variance of the Tree",
        compute="_compute_costs",
        currency_field="company_currency_id",
        help="Actual cost of the tree less the planned cost of what its orders produced.",
    )

    def _compute_costs(self):
        nodes = self._origin._get_with_descendants()
        report = self.env["mrp.production.cost.report"]
        for model, fnames in report._depends.items():
            self.env[model].flush_model(fnames)
        # the report's query for these orders only (its view computes every order)
        self.env.cr.execute(
            SQL(
                "SELECT production_id, cost_planned, cost_planned_produced, cost_actual "
                "FROM (%s) costs",
                report._get_query(nodes.ids),
            )
        )
        costs = {
            production_id: (float(planned), float(produced), float(actual))
            for production_id, planned, produced, actual in self.env.cr.fetchall()
        }
        zero = (0.0, 0.0, 0.0)
        paths = [(node.id, node.parent_path) for node in nodes]
        produced_qty = self._get_produced_quantities()
        for production in self:
            own_id, path = production._origin.id, production._origin.parent_path
            planned, produced, actual = costs.get(own_id, zero)
            tree = [costs.get(own_id, zero)] + [
                costs.get(node_id, zero)
                for node_id, node_path in paths
                if path and node_id != own_id and node_path.startswith(path)
            ]
            made = (
                produced_qty[production] if production.state == "done" else production.qty_producing
            )
            production.cost_planned = planned
            production.cost_planned_produced = produced
            production.cost_remaining = planned - produced
            production.cost_actual = actual
            production.cost_variance = actual - produced if actual else 0.0
            production.cost_variance_percent = (
                100.0 * production.cost_variance / produced if produced else 0.0
            )
            production.cost_planned_unit = (
                production.product_qty and planned / production.product_qty
            )
            production.cost_actual_unit = made and actual / made
            production.tree_cost_planned = sum(node[0] for node in tree)
            production.tree_cost_actual = sum(node[2] for node in tree)
            production.tree_cost_variance = (
                production.tree_cost_actual - sum(node[1] for node in tree)
                if production.tree_cost_actual
                else 0.0
            )

    @api.depends("bom_id", "product_qty", "product_uom_id")
    def _compute_bom_cost(self):
        for production in self:
            bom = production.bom_id
            standard = bom.origin_bom_id or bom
            qty = production.product_uom_id._compute_quantity(
                production.product_qty, bom.product_uom_id or production.product_uom_id
            )
            production.bom_cost = bom and bom._get_cost(qty, production.product_id)["total"]
            production.standard_bom_cost = (
                standard and standard._get_cost(qty, production.product_id)["total"]
            )
            production.bom_cost_difference = production.bom_cost - production.standard_bom_cost
