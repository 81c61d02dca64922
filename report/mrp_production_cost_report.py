# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models, tools
from odoo.tools import SQL

# Component moves of an order that none of its own sub-orders feeds: what its sub-orders
# make is counted on them, so that the costs of a tree add up.
OWN_MOVES = """
    SELECT m.id, m.raw_material_production_id AS production_id, m.state, m.product_qty,
           m.quantity / mu.factor * pu.factor AS quantity_done,
           COALESCE((pp.standard_price ->> mo.company_id::text)::numeric, 0) AS price
      FROM stock_move m
      JOIN mrp_production mo ON mo.id = m.raw_material_production_id
      JOIN product_product pp ON pp.id = m.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN uom_uom mu ON mu.id = m.product_uom
      JOIN uom_uom pu ON pu.id = pt.uom_id
     WHERE m.state != 'cancel'
       AND NOT EXISTS (
           SELECT 1
             FROM stock_move_move_rel rel
             JOIN stock_move orig ON orig.id = rel.move_orig_id
             JOIN mrp_production child ON child.id = orig.production_id
            WHERE rel.move_dest_id = m.id AND child.parent_id = mo.id)
"""


class MrpProductionCostReport(models.Model):
    """Planned and actual cost of each manufacturing order, read in one query for any
    number of orders: the cost tab of the order and the analysis both read it."""

    _name = "mrp.production.cost.report"
    _description = "Manufacturing Order Costs"
    _auto = False
    _order = "date desc, production_id desc"
    _rec_name = "production_id"
    _depends = {
        "mrp.production": [
            "bom_id", "company_id", "date_start", "parent_id", "partner_id", "product_id",
            "product_qty", "root_id", "state",
        ],
        "stock.move": [
            "move_orig_ids", "product_id", "product_qty", "product_uom", "production_id",
            "quantity", "raw_material_production_id", "state",
        ],
        "stock.valuation.layer": ["stock_move_id", "value"],
        "mrp.workorder": ["duration_expected", "production_id", "workcenter_id"],
        "mrp.workcenter.productivity": ["duration", "workorder_id"],
        "mrp.workcenter": ["costs_hour"],
    }  # fmt: skip

    production_id = fields.Many2one("mrp.production", string="Manufacturing Order", readonly=True)
    root_id = fields.Many2one("mrp.production", string="Top Order", readonly=True)
    product_id = fields.Many2one("product.product", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one("res.currency", readonly=True)
    date = fields.Datetime(string="Start", readonly=True)
    state = fields.Selection(
        lambda self: self.env["mrp.production"]._fields["state"].selection, readonly=True
    )
    is_customized = fields.Boolean(string="Customized BoM", readonly=True)
    product_qty = fields.Float(string="Quantity", readonly=True, aggregator="sum")
    components_planned = fields.Monetary(string="Planned Components", readonly=True)
    operations_planned = fields.Monetary(string="Planned Operations", readonly=True)
    cost_planned = fields.Monetary(string="Planned Cost", readonly=True)
    components_actual = fields.Monetary(string="Actual Components", readonly=True)
    operations_actual = fields.Monetary(string="Actual Operations", readonly=True)
    cost_actual = fields.Monetary(string="Actual Cost", readonly=True)
    cost_variance = fields.Monetary(string="Variance", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %s AS (
            WITH own AS (%s),
            components AS (
                SELECT own.production_id,
                       SUM(own.product_qty * own.price) AS planned,
                       SUM(CASE WHEN own.state != 'done' THEN 0
                                WHEN layer.value IS NOT NULL THEN -layer.value
                                ELSE own.quantity_done * own.price END) AS actual
                  FROM own
                  LEFT JOIN (
                      SELECT stock_move_id, SUM(value) AS value
                        FROM stock_valuation_layer
                       GROUP BY stock_move_id
                  ) layer ON layer.stock_move_id = own.id
                 GROUP BY own.production_id
            ),
            operations AS (
                SELECT wo.production_id,
                       SUM(wo.duration_expected / 60.0 * wc.costs_hour) AS planned,
                       SUM(COALESCE(time.duration, 0) / 60.0 * wc.costs_hour) AS actual
                  FROM mrp_workorder wo
                  JOIN mrp_workcenter wc ON wc.id = wo.workcenter_id
                  LEFT JOIN (
                      SELECT workorder_id, SUM(duration) AS duration
                        FROM mrp_workcenter_productivity
                       GROUP BY workorder_id
                  ) time ON time.workorder_id = wo.id
                 GROUP BY wo.production_id
            ),
            costs AS (
                SELECT mo.id, mo.root_id, mo.product_id, mo.partner_id, mo.company_id,
                       company.currency_id, mo.date_start AS date, mo.state,
                       COALESCE(bom.is_customization, FALSE) AS is_customized, mo.product_qty,
                       ROUND(COALESCE(c.planned, 0)::numeric, currency.decimal_places)
                           AS components_planned,
                       ROUND(COALESCE(o.planned, 0)::numeric, currency.decimal_places)
                           AS operations_planned,
                       ROUND(COALESCE(c.actual, 0)::numeric, currency.decimal_places)
                           AS components_actual,
                       ROUND(COALESCE(o.actual, 0)::numeric, currency.decimal_places)
                           AS operations_actual
                  FROM mrp_production mo
                  JOIN res_company company ON company.id = mo.company_id
                  JOIN res_currency currency ON currency.id = company.currency_id
                  LEFT JOIN mrp_bom bom ON bom.id = mo.bom_id
                  LEFT JOIN components c ON c.production_id = mo.id
                  LEFT JOIN operations o ON o.production_id = mo.id
                 WHERE mo.state != 'cancel'
            )
            SELECT id, id AS production_id, root_id, product_id, partner_id, company_id,
                   currency_id, date, state, is_customized, product_qty,
                   components_planned, operations_planned,
                   components_planned + operations_planned AS cost_planned,
                   components_actual, operations_actual,
                   components_actual + operations_actual AS cost_actual,
                   CASE WHEN components_actual + operations_actual = 0 THEN 0
                        ELSE components_actual + operations_actual
                             - components_planned - operations_planned END AS cost_variance
              FROM costs
            )
            """,
                SQL.identifier(self._table),
                SQL(OWN_MOVES),
            )
        )
