# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models, tools
from odoo.tools import SQL

# The rules of Odoo's MO Overview (``report.mrp.report_mo_overview`` with mrp_account), on
# the lines an order makes itself: component moves that none of its own sub-orders feeds
# (what they make is counted on them, so that the costs of a tree add up) and its operations.
# A component costs its unit cost (its stock valuation once consumed, else the product's
# cost) times its demand (while the order is open) or what was consumed (once it is done);
# its actual cost is what is picked. Each component line is rounded to the currency.
OWN_COMPONENTS = """
    SELECT m.raw_material_production_id AS production_id, mo.state AS production_state,
           currency.decimal_places AS digits, m.product_uom_qty, m.quantity, m.picked,
           CASE WHEN layer.quantity IS NOT NULL AND layer.quantity != 0
                THEN layer.value / layer.quantity
                ELSE COALESCE((pp.standard_price ->> mo.company_id::text)::float8, 0)
           END * pu.factor / mu.factor AS unit_cost
      FROM stock_move m
      JOIN mrp_production mo ON mo.id = m.raw_material_production_id
      JOIN res_company company ON company.id = mo.company_id
      JOIN res_currency currency ON currency.id = company.currency_id
      JOIN product_product pp ON pp.id = m.product_id
      JOIN product_template pt ON pt.id = pp.product_tmpl_id
      JOIN uom_uom mu ON mu.id = m.product_uom
      JOIN uom_uom pu ON pu.id = pt.uom_id
      LEFT JOIN (
          SELECT stock_move_id, SUM(value) AS value, SUM(quantity) AS quantity
            FROM stock_valuation_layer
           GROUP BY stock_move_id
      ) layer ON layer.stock_move_id = m.id
     WHERE NOT COALESCE(m.scrapped, FALSE)
       AND NOT EXISTS (
           SELECT 1
             FROM stock_move_move_rel rel
             JOIN stock_move orig ON orig.id = rel.move_orig_id
             JOIN mrp_production child ON child.id = orig.production_id
            WHERE rel.move_dest_id = m.id AND child.parent_id = mo.id)
"""

# Operations: expected time and the time recorded, running timers included, at the rate the
# work order recorded, else its work center's. Odoo plans a work order for the quantity being
# produced once there is one (and scales a done part's time to what it produced), so the
# planned cost of what is produced is the components' share of it plus that time.
OPERATIONS = """
    SELECT wo.production_id, mo.state AS production_state, currency.decimal_places AS digits,
           wo.duration_expected, COALESCE(time.duration, 0) AS duration,
           COALESCE(NULLIF(wo.costs_hour, 0), wc.costs_hour, 0) AS rate
      FROM mrp_workorder wo
      JOIN mrp_production mo ON mo.id = wo.production_id
      JOIN res_company company ON company.id = mo.company_id
      JOIN res_currency currency ON currency.id = company.currency_id
      JOIN mrp_workcenter wc ON wc.id = wo.workcenter_id
      LEFT JOIN (
          SELECT workorder_id,
                 SUM(CASE WHEN date_end IS NULL
                          THEN EXTRACT(EPOCH FROM (NOW() AT TIME ZONE 'UTC') - date_start) / 60
                          ELSE duration END) AS duration
            FROM mrp_workcenter_productivity
           GROUP BY workorder_id
      ) time ON time.workorder_id = wo.id
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
            "product_qty", "qty_producing", "root_id", "state",
        ],
        "stock.move": [
            "cost_share", "move_orig_ids", "picked", "product_id", "product_uom",
            "product_uom_qty", "production_id", "quantity", "raw_material_production_id",
            "scrapped",
        ],
        "stock.valuation.layer": ["quantity", "stock_move_id", "value"],
        "mrp.workorder": ["costs_hour", "duration_expected", "production_id", "workcenter_id"],
        "mrp.workcenter.productivity": ["date_end", "date_start", "duration", "workorder_id"],
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
    cost_planned_produced = fields.Monetary(string="Planned for the Produced", readonly=True)
    cost_remaining = fields.Monetary(string="Remaining Planned Cost", readonly=True)
    cost_variance = fields.Monetary(string="Variance", readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                """
            CREATE VIEW %s AS (
            WITH components AS (
                SELECT production_id,
                       SUM(ROUND((unit_cost * CASE WHEN production_state = 'done'
                                                   THEN quantity::float8
                                                   ELSE product_uom_qty::float8 END)::numeric,
                                 digits)) AS planned,
                       SUM(CASE WHEN picked
                                THEN ROUND((unit_cost * quantity::float8)::numeric, digits)
                                ELSE 0 END) AS actual
                  FROM (%s) own
                 WHERE production_state != 'done' OR quantity != 0
                 GROUP BY production_id
            ),
            operations AS (
                SELECT production_id,
                       SUM(CASE WHEN production_state != 'done'
                                THEN ROUND((duration_expected / 60.0 * rate)::numeric, digits)
                                WHEN duration_expected != 0 THEN duration_expected / 60.0 * rate
                                ELSE duration / 60.0 * rate END) AS planned,
                       SUM(duration / 60.0 * rate) AS actual
                  FROM (%s) ops
                 GROUP BY production_id
            ),
            byproducts AS (
                SELECT m.production_id, 1 - SUM(COALESCE(m.cost_share, 0)) / 100.0 AS share
                  FROM stock_move m
                  JOIN mrp_production mo ON mo.id = m.production_id
                 WHERE m.product_id != mo.product_id
                 GROUP BY m.production_id
            ),
            costs AS (
                SELECT mo.id, mo.root_id, mo.product_id, mo.partner_id, mo.company_id,
                       company.currency_id, mo.date_start AS date, mo.state,
                       COALESCE(bom.is_customization, FALSE) AS is_customized, mo.product_qty,
                       COALESCE(b.share, 1) AS share, currency.decimal_places AS digits,
                       CASE WHEN mo.state = 'done' OR mo.product_qty = 0 THEN 1
                            ELSE mo.qty_producing / mo.product_qty END AS produced_share,
                       COALESCE(c.planned, 0) AS components_planned,
                       COALESCE(o.planned, 0) AS operations_planned,
                       COALESCE(c.actual, 0) AS components_actual,
                       COALESCE(o.actual, 0) AS operations_actual
                  FROM mrp_production mo
                  JOIN res_company company ON company.id = mo.company_id
                  JOIN res_currency currency ON currency.id = company.currency_id
                  LEFT JOIN mrp_bom bom ON bom.id = mo.bom_id
                  LEFT JOIN components c ON c.production_id = mo.id
                  LEFT JOIN operations o ON o.production_id = mo.id
                  LEFT JOIN byproducts b ON b.production_id = mo.id
                 WHERE mo.state != 'cancel'
            ),
            totals AS (
                SELECT costs.*,
                       ROUND(((components_planned + operations_planned) * share)::numeric, digits)
                           AS cost_planned,
                       ROUND(((components_actual + operations_actual) * share)::numeric, digits)
                           AS cost_actual
                  FROM costs
            ),
            produced AS (
                SELECT totals.*,
                       ROUND(((components_planned * produced_share
                               + CASE WHEN produced_share > 0 THEN operations_planned ELSE 0 END)
                              * share)::numeric, digits) AS cost_planned_produced
                  FROM totals
            )
            SELECT id, id AS production_id, root_id, product_id, partner_id, company_id,
                   currency_id, date, state, is_customized, product_qty,
                   ROUND(components_planned::numeric, digits) AS components_planned,
                   ROUND(operations_planned::numeric, digits) AS operations_planned,
                   cost_planned,
                   ROUND(components_actual::numeric, digits) AS components_actual,
                   ROUND(operations_actual::numeric, digits) AS operations_actual,
                   cost_actual, cost_planned_produced,
                   cost_planned - cost_planned_produced AS cost_remaining,
                   CASE WHEN cost_actual = 0 THEN 0
                        ELSE cost_actual - cost_planned_produced END AS cost_variance
              FROM produced
            )
            """,
                SQL.identifier(self._table),
                SQL(OWN_COMPONENTS),
                SQL(OPERATIONS),
            )
        )
