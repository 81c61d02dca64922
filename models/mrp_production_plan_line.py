# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import float_compare


class MrpProductionPlanLine(models.Model):
    _name = "mrp.production.plan.line"
    _description = "Production Plan Line"
    _order = "plan_id, sequence, date_planned, id"
    _check_company_auto = True

    plan_id = fields.Many2one("mrp.production.plan", required=True, ondelete="cascade", index=True)
    company_id = fields.Many2one(related="plan_id.company_id", store=True, index=True)
    sequence = fields.Integer(default=10)
    product_id = fields.Many2one(
        "product.product",
        required=True,
        check_company=True,
        domain="[('type', '=', 'consu')]",
    )
    product_tmpl_id = fields.Many2one(related="product_id.product_tmpl_id")
    product_qty = fields.Float(
        string="Quantity", required=True, default=1.0, digits="Product Unit of Measure"
    )
    product_uom_category_id = fields.Many2one(related="product_id.uom_id.category_id")
    product_uom_id = fields.Many2one(
        "uom.uom",
        string="Unit",
        compute="_compute_product_uom_id",
        store=True,
        precompute=True,
        readonly=False,
        required=True,
        domain="[('category_id', '=', product_uom_category_id)]",
    )
    date_planned = fields.Datetime(
        string="Planned Date", required=True, default=fields.Datetime.now, index=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer")
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Sales Order Line",
        check_company=True,
        index="btree_not_null",
        domain="[('product_id', '=', product_id), ('state', '=', 'sale')]",
    )
    bom_id = fields.Many2one(
        "mrp.bom",
        string="Bill of Materials",
        check_company=True,
        domain="[('product_tmpl_id', '=', product_tmpl_id), ('type', '=', 'normal'), "
        "'|', ('product_id', '=', False), ('product_id', '=', product_id)]",
        help="Empty: the product's standard bill of materials, or the sales line's "
        "customization. Pick a customization to produce it.",
    )
    priority = fields.Selection([("0", "Normal"), ("1", "Urgent")], default="0", string="Priority")
    note = fields.Char()
    production_ids = fields.One2many(
        "mrp.production", "plan_line_id", string="Manufacturing Orders", readonly=True
    )
    qty_in_production = fields.Float(
        string="In Production",
        compute="_compute_quantities",
        digits="Product Unit of Measure",
        help="Quantity of this line's open manufacturing orders not produced yet.",
    )
    qty_produced = fields.Float(
        string="Produced", compute="_compute_quantities", digits="Product Unit of Measure"
    )
    qty_closed = fields.Float(
        string="Closed", compute="_compute_quantities", digits="Product Unit of Measure"
    )
    background_error = fields.Char(
        compute="_compute_background_error",
        help="Why the plan's work in the background left this line out.",
    )

    @api.constrains("product_qty")
    def _check_product_qty(self):
        for line in self:
            if line.product_qty <= 0:
                raise ValidationError(
                    self.env._(
                        "The quantity of %(product)s in %(plan)s must be greater than zero.",
                        product=line.product_id.display_name,
                        plan=line.plan_id.name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.plan_id.browse(
            {vals["plan_id"] for vals in vals_list if vals.get("plan_id")}
        )._check_background_free()
        return super().create(vals_list)

    def write(self, vals):
        self.plan_id._check_background_free()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_converted(self):
        self.plan_id._check_background_free()
        if self.production_ids:
            raise UserError(
                self.env._(
                    "Lines that created manufacturing orders cannot be deleted: %s.",
                    ", ".join(self.filtered("production_ids").mapped("display_name")),
                )
            )

    @api.depends("product_id")
    def _compute_product_uom_id(self):
        for line in self:
            if line.product_uom_id.category_id != line.product_id.uom_id.category_id:
                line.product_uom_id = line.product_id.uom_id

    @api.depends("production_ids.state", "production_ids.product_qty", "production_ids.qty_closed")
    def _compute_quantities(self):
        productions = self.production_ids
        produced = productions._get_produced_quantities()
        for line in self:
            in_production = done = 0.0
            for production in line.production_ids:
                to_line = production.product_uom_id._compute_quantity
                done += to_line(produced[production], line.product_uom_id, round=False)
                if production.state not in ("done", "cancel"):
                    in_production += to_line(
                        production.product_qty - produced[production],
                        line.product_uom_id,
                        round=False,
                    )
            line.qty_in_production = in_production
            line.qty_produced = done
            line.qty_closed = line.production_ids._get_qty_in(line.product_uom_id, "qty_closed")

    def _compute_background_error(self):
        for line in self:
            failed = line.plan_id.background_job_id.failed_units or {}
            line.background_error = failed.get(str(line.id), False)

    @api.onchange("date_planned")
    def _onchange_date_planned(self):
        if self.date_planned and self.date_planned < fields.Datetime.now():
            return {
                "warning": {
                    "title": self.env._("Date in the past"),
                    "message": self.env._(
                        "The planned date is in the past; the order will be late from the start."
                    ),
                }
            }

    @api.onchange("sale_line_id")
    def _onchange_sale_line_id(self):
        if self.sale_line_id:
            self.partner_id = self.sale_line_id.order_partner_id.commercial_partner_id

    @api.depends("plan_id.name", "product_id", "product_qty")
    def _compute_display_name(self):
        for line in self:
            line.display_name = (
                f"{line.plan_id.name}: {line.product_id.display_name} ({line.product_qty:g})"
            )

    def _get_boms(self):
        """The BoM each of these lines is produced with: its own, its sales line's
        customization, or the product's standard one."""
        found = self.env["mrp.bom"]._get_demand_boms(
            [
                (line.product_id, line.company_id, None, line.sale_line_id.customization_id)
                for line in self
            ]
        )
        return {line: line.bom_id or bom for line, bom in zip(self, found, strict=True)}

    def _get_invalid_lines(self):
        """The lines that cannot be converted."""
        boms = self._get_boms()
        return self.filtered(lambda line: line._get_refusal(boms[line]))

    def _get_refusal(self, bom):
        """Why this line, made with ``bom``, cannot be converted, or False."""
        self.ensure_one()
        name = self.display_name
        if self.company_id != self.plan_id.company_id or (
            self.product_id.company_id and self.product_id.company_id != self.company_id
        ):
            return self.env._("%s: the product belongs to another company.", name)
        if not bom:
            return self.env._(
                "%s: the product is not manufactured (it has no manufacturing bill of materials).",
                name,
            )
        if bom.type != "normal" or bom.product_tmpl_id != self.product_id.product_tmpl_id:
            return self.env._("%s: the bill of materials does not manufacture the product.", name)
        return False

    def _check_convertible(self):
        boms = self._get_boms()
        refusals = [refusal for line in self if (refusal := line._get_refusal(boms[line]))]
        if refusals:
            raise UserError(
                self.env._(
                    "Nothing was converted; correct these lines first (or use 'Convert Valid "
                    "Lines'):\n%s",
                    "\n".join(refusals),
                )
            )

    def _keep_uncovered_sales_demand(self):
        """Re-check, when converting, the sales demand of these lines: what the sales line
        got since the plan was filled (an order made from the sales order, stock reserved)
        is not made twice. A line converts only what its sales line still needs, or nothing.
        Return the lines to convert and a sentence for each line reduced or left out."""
        remaining, notes = {}, []
        kept = self.browse()
        for line in self:
            sale_line = line.sale_line_id
            if not sale_line:
                kept |= line
                continue
            uom = sale_line.product_id.uom_id
            if sale_line not in remaining:
                remaining[sale_line] = sale_line._get_qty_uncovered()
            qty = line.product_uom_id._compute_quantity(line.product_qty, uom, round=False)
            taken = min(qty, remaining[sale_line])
            remaining[sale_line] -= taken
            if float_compare(taken, qty, precision_rounding=uom.rounding) >= 0:
                kept |= line
            elif float_compare(taken, 0.0, precision_rounding=uom.rounding) <= 0:
                notes.append(
                    self.env._(
                        "%(line)s: %(order)s needs nothing more since the plan was filled; "
                        "not converted.",
                        line=line.display_name,
                        order=sale_line.order_id.name,
                    )
                )
            else:
                line.product_qty = uom._compute_quantity(taken, line.product_uom_id)
                notes.append(
                    self.env._(
                        "%(line)s: %(order)s still needs only %(qty)s; converted for that.",
                        line=line.display_name,
                        order=sale_line.order_id.name,
                        qty=self.env["mrp.production"]._format_qty(
                            line.product_qty, line.product_uom_id
                        ),
                    )
                )
                kept |= line
        return kept, notes

    def _prepare_production_vals(self, bom, picking_type):
        self.ensure_one()
        return {
            "product_id": self.product_id.id,
            "product_qty": self.product_qty,
            "product_uom_id": self.product_uom_id.id,
            "bom_id": bom.id,
            "picking_type_id": (bom.picking_type_id or picking_type).id,
            "company_id": self.company_id.id,
            "date_start": self.date_planned,
            "priority": self.priority,
            "origin": self.sale_line_id.order_id.name or self.plan_id.name,
            "sale_line_id": self.sale_line_id.id,
            "plan_line_id": self.id,
        }

    def _create_productions(self):
        """Create and confirm the manufacturing orders of these lines, with their sub-orders
        and sales links, in one batch; those of sales lines planned just in time."""
        if not self:
            return self.env["mrp.production"]
        boms = self._get_boms()
        picking_types = {
            company: self.env["stock.warehouse"]
            .search([("company_id", "=", company.id)], limit=1)
            .manu_type_id
            for company in self.company_id
        }
        productions = self.env["mrp.production"].create(
            [
                line._prepare_production_vals(boms[line], picking_types[line.company_id])
                for line in self
            ]
        )
        productions.with_context(mpm_create_child_productions=True).action_confirm()
        # orders for sales lines are planned as their lines were: backward from the deadline
        from_sales = productions.filtered("sale_line_id")
        for company in from_sales.company_id:
            from_sales.filtered(lambda p, c=company: p.company_id == c)._apply_replan("backward")
        if self.env.context.get("mpm_background_job_id"):
            return productions  # the job tells it when it ends
        for plan in self.plan_id:
            plan.message_post(
                body=self.env._(
                    "Manufacturing orders created: %s",
                    ", ".join(
                        productions.filtered(lambda p, pl=plan: p.plan_id == pl).mapped("name")
                    ),
                )
            )
        return productions

    def action_convert(self):
        return self.plan_id._convert(self)
