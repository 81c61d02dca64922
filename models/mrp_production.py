# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

import psycopg2
from dateutil.relativedelta import relativedelta

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, float_compare, float_is_zero, float_round

NOT_STARTED_STATES = ("draft", "confirmed")


def split_quantity(total, weights, rounding):
    """Share ``total`` between parts in proportion to ``weights``, each share a multiple of
    ``rounding`` (rounded down); the last weighted part takes the remainder, so the shares
    add up to ``total`` exactly. Parts of weight 0 get 0."""
    weight_sum = sum(weights)
    last = max(i for i, weight in enumerate(weights) if weight > 0)
    shares = [
        0.0
        if i == last
        else float_round(
            total * weight / weight_sum, precision_rounding=rounding, rounding_method="DOWN"
        )
        for i, weight in enumerate(weights)
    ]
    shares[last] = float_round(total - sum(shares), precision_rounding=rounding)
    return shares


class MrpProduction(models.Model):
    _inherit = "mrp.production"
    _parent_store = True

    parent_id = fields.Many2one(
        "mrp.production",
        string="Parent Order",
        index=True,
        copy=False,
        readonly=True,
        ondelete="set null",
        check_company=True,
        help="The manufacturing order this sub-order supplies with its finished product.",
    )
    child_ids = fields.One2many("mrp.production", "parent_id", string="Sub-orders", readonly=True)
    parent_path = fields.Char(index=True)
    root_id = fields.Many2one(
        "mrp.production",
        string="Root Order",
        compute="_compute_root_id",
        store=True,
        index=True,
        recursive=True,
        help="The top manufacturing order of this order's tree.",
    )
    tree_level = fields.Integer(
        string="Level",
        compute="_compute_tree_level",
        store=True,
        recursive=True,
        help="0 for a top order, 1 for its sub-orders, and so on.",
    )
    child_count = fields.Integer(string="Sub-orders Count", compute="_compute_child_count")
    descendant_ids = fields.Many2many(
        "mrp.production",
        string="All Sub-orders",
        compute="_compute_tree_rollup",
        help="Every sub-order below this order, at any level.",
    )
    tree_production_count = fields.Integer(string="Orders in Tree", compute="_compute_tree_rollup")
    tree_done_count = fields.Integer(string="Done", compute="_compute_tree_rollup")
    tree_progress_count = fields.Integer(string="In Progress", compute="_compute_tree_rollup")
    tree_waiting_count = fields.Integer(string="Not Started", compute="_compute_tree_rollup")
    tree_progress = fields.Float(
        string="Tree Progress",
        compute="_compute_tree_rollup",
        help="Average share produced of the planned quantity over this order and "
        "all its sub-orders that are not cancelled.",
    )

    sale_line_id = fields.Many2one(
        index="btree_not_null",
        tracking=True,
        readonly=True,
        check_company=True,
        help="The sales order line this order, or the order at the top of its tree, produces for.",
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        related="sale_line_id.order_id",
        store=True,
        index="btree_not_null",
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        related="sale_line_id.order_id.partner_id",
        store=True,
        index="btree_not_null",
    )
    date_commitment = fields.Datetime(
        string="Sales Deadline",
        compute="_compute_date_commitment",
        store=True,
        help="When the customer expects the goods: the sales order's delivery date, or its "
        "order date plus the line's lead time.",
    )
    is_sale_line_top = fields.Boolean(
        compute="_compute_is_sale_line_top",
        help="This order serves its sales order line itself, not through its parent order.",
    )
    is_sale_late = fields.Boolean(
        string="Late for Sales",
        compute="_compute_is_sale_late",
        store=True,
        help="This order is planned to finish after the sales deadline it serves.",
    )

    is_split_part = fields.Boolean(
        string="Split Part",
        readonly=True,
        copy=False,
        help="This order was created by splitting another order.",
    )
    plan_line_id = fields.Many2one(
        "mrp.production.plan.line",
        string="Production Plan Line",
        readonly=True,
        index="btree_not_null",
        help="The line of the production plan this order was created for; its parts, "
        "backorders and reopened orders keep it.",
    )
    plan_id = fields.Many2one(
        related="plan_line_id.plan_id", string="Production Plan", store=True, index="btree_not_null"
    )
    is_customized = fields.Boolean(
        related="bom_id.is_customization",
        string="Customized BoM",
        help="This order is produced with a bill of materials customized for its customer.",
    )
    customization_suggestion_id = fields.Many2one(
        "mrp.bom",
        string="Earlier Customization",
        compute="_compute_customization_suggestion_id",
        help="The latest customization of this product for this customer, when the order "
        "does not use it yet.",
    )
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
        help="This order's own components at cost (sub-assemblies its sub-orders make are "
        "counted there) and its work orders' expected time at the work centers' rates.",
    )
    cost_actual = fields.Monetary(
        string="Actual Cost",
        compute="_compute_costs",
        currency_field="company_currency_id",
        help="Consumed components at their stock valuation (sub-assemblies of its sub-orders "
        "are counted there) and the time recorded on its work orders at the work centers' rates.",
    )
    cost_variance = fields.Monetary(
        string="Cost Variance", compute="_compute_costs", currency_field="company_currency_id"
    )
    cost_variance_percent = fields.Float(string="Variance (%)", compute="_compute_costs")
    cost_planned_unit = fields.Monetary(
        string="Planned Unit Cost", compute="_compute_costs", currency_field="company_currency_id"
    )
    cost_actual_unit = fields.Monetary(
        string="Actual Unit Cost",
        compute="_compute_costs",
        currency_field="company_currency_id",
        help="Actual cost over the produced quantity.",
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
    )

    is_suspended = fields.Boolean(
        string="Suspended", readonly=True, copy=False, index=True, tracking=True
    )
    suspension_reason_id = fields.Many2one(
        "mrp.production.reason",
        string="Suspension Reason",
        readonly=True,
        copy=False,
        tracking=True,
        domain="[('reason_type', '=', 'suspend')]",
    )
    suspension_note = fields.Text(readonly=True, copy=False)
    date_resume = fields.Date(
        string="Resume On",
        readonly=True,
        copy=False,
        tracking=True,
        help="A daily scheduled action resumes the order on this date.",
    )
    closure_ids = fields.One2many("mrp.production.closure", "production_id", string="Closures")
    qty_closed = fields.Float(
        string="Closed Quantity",
        compute="_compute_qty_closed",
        store=True,
        digits="Product Unit of Measure",
    )
    qty_closed_balance = fields.Float(
        string="Closed Balance",
        compute="_compute_qty_closed",
        store=True,
        digits="Product Unit of Measure",
        help="Closed quantity that has not been reopened yet.",
    )
    reopened_closure_id = fields.Many2one(
        "mrp.production.closure",
        string="Reopened From",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The closure of the order this one reopens.",
    )

    @api.depends("parent_id.root_id")
    def _compute_root_id(self):
        for production in self:
            production.root_id = production.parent_id.root_id or production

    @api.depends("parent_id.tree_level")
    def _compute_tree_level(self):
        for production in self:
            production.tree_level = (
                production.parent_id.tree_level + 1 if production.parent_id else 0
            )

    @api.depends(
        "sale_line_id.order_id.commitment_date",
        "sale_line_id.order_id.date_order",
        "sale_line_id.customer_lead",
    )
    def _compute_date_commitment(self):
        for production in self:
            line = production.sale_line_id
            production.date_commitment = line._get_date_commitment() if line else False

    @api.depends("sale_line_id", "parent_id.sale_line_id")
    def _compute_is_sale_line_top(self):
        for production in self:
            production.is_sale_line_top = (
                bool(production.sale_line_id)
                and production.parent_id.sale_line_id != production.sale_line_id
            )

    @api.depends("date_finished", "date_commitment", "state")
    def _compute_is_sale_late(self):
        for production in self:
            production.is_sale_late = bool(
                production.date_commitment
                and production.state not in ("done", "cancel")
                and production.date_finished
                and production.date_finished > production.date_commitment
            )

    @api.depends("closure_ids.qty_closed", "closure_ids.qty_balance")
    def _compute_qty_closed(self):
        for production in self:
            production.qty_closed = sum(production.closure_ids.mapped("qty_closed"))
            production.qty_closed_balance = sum(production.closure_ids.mapped("qty_balance"))

    @api.depends("child_ids")
    @api.depends("partner_id", "product_id", "bom_id", "state")
    def _compute_customization_suggestion_id(self):
        open_productions = self.filtered(lambda p: p.state not in ("done", "cancel"))
        customizations = self.env["mrp.bom"]._get_customizations(
            open_productions.partner_id, open_productions.product_id
        )
        for production in self:
            latest = customizations[
                production.partner_id.commercial_partner_id, production.product_id
            ][:1]
            production.customization_suggestion_id = (
                production in open_productions and latest != production.bom_id and latest
            )

    def _compute_costs(self):
        nodes = self._origin._get_with_descendants()
        costs = {
            production: (planned, actual)
            for production, planned, actual in self.env["mrp.production.cost.report"]._read_group(
                [("production_id", "in", nodes.ids)],
                ["production_id"],
                ["cost_planned:sum", "cost_actual:sum"],
            )
        }
        produced = self._get_produced_quantities()
        for production in self:
            planned, actual = costs.get(production._origin, (0.0, 0.0))
            path = production._origin.parent_path
            tree = [
                costs.get(node, (0.0, 0.0))
                for node in nodes
                if path and node != production._origin and node.parent_path.startswith(path)
            ]
            production.cost_planned = planned
            production.cost_actual = actual
            production.cost_variance = actual - planned if actual else 0.0
            production.cost_variance_percent = (
                100.0 * production.cost_variance / planned if planned else 0.0
            )
            production.cost_planned_unit = (
                production.product_qty and planned / production.product_qty
            )
            production.cost_actual_unit = produced[production] and actual / produced[production]
            production.tree_cost_planned = planned + sum(node[0] for node in tree)
            production.tree_cost_actual = actual + sum(node[1] for node in tree)
            production.tree_cost_variance = (
                production.tree_cost_actual - production.tree_cost_planned
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

    def _compute_child_count(self):
        for production in self:
            production.child_count = len(production.child_ids)

    @api.depends("child_ids.state", "child_ids.qty_produced", "state", "qty_produced")
    def _compute_tree_rollup(self):
        for production in self:
            if not production.id:
                production.descendant_ids = False
                production.tree_production_count = production.tree_done_count = 0
                production.tree_progress_count = production.tree_waiting_count = 0
                production.tree_progress = 0.0
                continue
            tree = self.search([("id", "child_of", production.id)])
            nodes = tree.filtered(lambda p: p.state != "cancel")
            states = nodes.mapped("state")
            production.descendant_ids = tree - production
            production.tree_production_count = len(nodes)
            production.tree_done_count = states.count("done")
            production.tree_progress_count = sum(states.count(s) for s in ("progress", "to_close"))
            production.tree_waiting_count = sum(states.count(s) for s in NOT_STARTED_STATES)
            production.tree_progress = (
                100.0
                * sum(
                    1.0 if p.state == "done" else min(p.qty_produced / p.product_qty, 1.0)
                    for p in nodes
                    if p.product_qty
                )
                / len(nodes)
                if nodes
                else 0.0
            )

    def action_confirm(self):
        to_expand = self.filtered(lambda p: p.state == "draft")
        res = super().action_confirm()
        to_expand._adopt_child_productions()
        force = self.env.context.get("mpm_create_child_productions")
        to_expand.filtered(
            lambda p: force or p.company_id.mo_child_auto_create
        )._create_child_productions()
        return res

    def action_create_child_productions(self):
        """Button: adopt and create the missing sub-orders of confirmed orders."""
        self._check_mpm_user()
        refused = self.filtered(lambda p: p.state not in ("confirmed", "progress", "to_close"))
        if refused:
            raise UserError(
                self.env._(
                    "Sub-orders can only be created for confirmed or in-progress "
                    "manufacturing orders: %(names)s.",
                    names=", ".join(refused.mapped("name")),
                )
            )
        before = self.search_count([("id", "child_of", self.ids)])
        self._adopt_child_productions()
        self.with_context(mpm_create_child_productions=True)._create_child_productions()
        created = self.search_count([("id", "child_of", self.ids)]) - before
        message = (
            self.env._("%(count)s sub-order(s) added to the tree.", count=created)
            if created
            else self.env._("Every component with a bill of materials already has its sub-order.")
        )
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success" if created else "info",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }

    def _get_children(self):
        """Odoo's "Child MO" button finds make-to-order children through procurement and
        skips orders of the same origin; sub-orders here carry their tree's origin."""
        return super()._get_children() | self.child_ids

    def _get_sources(self):
        """Odoo's "Source MO" button, for the same reason."""
        return super()._get_sources() | self.parent_id

    def action_view_parent_production(self):
        self.ensure_one()
        return self._get_tree_action(self.parent_id, self.env._("Parent Order"))

    def action_view_child_productions(self):
        self.ensure_one()
        return self._get_tree_action(self.child_ids, self.env._("Sub-orders of %s", self.name))

    def action_view_production_tree(self):
        """Open the whole tree of this order in the hierarchy view, from its root."""
        self.ensure_one()
        action = self._get_tree_action(
            self.root_id.descendant_ids | self.root_id, self.env._("Tree of %s", self.root_id.name)
        )
        action.update(
            view_mode="hierarchy,list,form",
            views=[(False, "hierarchy"), (False, "list"), (False, "form")],
            context={"hierarchy_res_id": self.root_id.id, "create": False},
        )
        return action

    def _get_tree_action(self, productions, name):
        action = {
            "type": "ir.actions.act_window",
            "res_model": "mrp.production",
            "name": name,
        }
        if len(productions) == 1:
            action.update(view_mode="form", res_id=productions.id, views=[(False, "form")])
        else:
            action.update(
                view_mode="list,form",
                views=[(False, "list"), (False, "form")],
                domain=[("id", "in", productions.ids)],
            )
        return action

    def action_open_split_tree(self):
        self.ensure_one()
        return self._get_wizard_action(
            "mrp.production.tree.split", self.env._("Split %s", self.name), production_id=self.id
        )

    def action_open_cancel_tree(self):
        """Cancel button of an order with sub-orders: ask whether they go too."""
        self.ensure_one()
        return self._get_wizard_action(
            "mrp.production.tree.cancel", self.env._("Cancel %s", self.name), production_id=self.id
        )

    def action_open_suspend(self):
        return self._get_wizard_action(
            "mrp.production.suspend",
            self.env._("Suspend Manufacturing Orders"),
            production_ids=self.ids,
        )

    def action_open_close(self):
        return self._get_wizard_action(
            "mrp.production.close",
            self.env._("Close Manufacturing Orders"),
            production_ids=self.ids,
        )

    def action_open_reopen(self):
        self.ensure_one()
        return self._get_wizard_action(
            "mrp.production.reopen", self.env._("Reopen %s", self.name), production_id=self.id
        )

    def _get_wizard_action(self, res_model, name, **defaults):
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": res_model,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {f"default_{key}": value for key, value in defaults.items()},
        }

    def action_cancel_tree(self):
        """Cancel these orders and every sub-order below them that has not started."""
        not_started = self.descendant_ids.filtered(lambda p: p.state in NOT_STARTED_STATES)
        return (self | not_started).action_cancel()

    def _adopt_child_productions(self):
        """Make the orders that Odoo's make-to-order procurement created for our component
        moves our sub-orders, so that they are never created a second time."""
        for production in self:
            orphans = production.move_raw_ids.move_orig_ids.production_id - production
            orphans = orphans.filtered(lambda c: not c.parent_id)
            if not orphans:
                continue
            orphans.write({"parent_id": production.id})
            orphans.filtered(lambda c: not c.sale_line_id).sale_line_id = production.sale_line_id
            production.message_post(
                body=self.env._(
                    "Sub-orders adopted from make-to-order procurement: %s",
                    ", ".join(orphans.mapped("name")),
                )
            )

    def _get_child_candidate_moves(self):
        """Component moves that nothing supplies yet and that could get a sub-order."""
        return self.move_raw_ids.filtered(
            lambda m: (
                m.state not in ("draft", "done", "cancel")
                and not m.move_orig_ids
                and not m.picked
                and m.procure_method == "make_to_stock"
                and m.rule_id.procure_method != "mts_else_mto"
                and float_compare(m.product_uom_qty, 0, precision_rounding=m.product_uom.rounding)
                > 0
            )
        )

    def _find_child_boms(self, moves):
        """Manufacturing BoM of each move's product, found as Odoo's manufacture rule would."""
        boms = {}
        by_key = defaultdict(lambda: self.env["stock.move"])
        for move in moves:
            production = move.raw_material_production_id
            by_key[(production.company_id, production.picking_type_id)] |= move
        for (company, picking_type), key_moves in by_key.items():
            found = self.env["mrp.bom"]._bom_find(
                key_moves.product_id,
                picking_type=picking_type,
                company_id=company.id,
                bom_type="normal",
            )
            for move in key_moves:
                if found[move.product_id]:
                    boms[move] = found[move.product_id]
        return boms

    def _check_tree_cycle(self, moves):
        """Refuse a component that is already produced higher in its own tree."""
        for move in moves:
            production = move.raw_material_production_id
            ancestors = self.browse(int(i) for i in production.parent_path.split("/")[:-1])
            if move.product_id not in ancestors.product_id:
                continue
            products = [a.product_id for a in ancestors] + [move.product_id]
            start = products.index(move.product_id)
            raise UserError(
                self.env._(
                    "The bills of materials form a cycle: %(cycle)s. A product cannot be a "
                    "component of itself; correct the bill of materials of %(product)s "
                    "before confirming %(production)s.",
                    cycle=" → ".join(p.display_name for p in products[start:]),
                    product=production.product_id.display_name,
                    production=production.root_id.name,
                )
            )

    def _child_quantities(self, moves):
        """Quantity (in product UoM) each move needs from a sub-order, per company setting:
        the full demand, or only what reservation and free stock do not cover."""
        need = {}
        free = {}
        shortage_moves = moves.filtered(lambda m: m.company_id.mo_child_qty_mode == "shortage")
        for location in shortage_moves.location_id:
            products = shortage_moves.filtered(
                lambda m, loc=location: m.location_id == loc
            ).product_id
            for product in products.with_context(location=location.id):
                free[product.id, location.id] = max(product.free_qty, 0.0)
        for move in moves:
            qty = move.product_qty
            if move in shortage_moves:
                reserved = move.product_uom._compute_quantity(
                    move.quantity, move.product_id.uom_id, round=False
                )
                key = (move.product_id.id, move.location_id.id)
                from_stock = min(qty - reserved, free[key])
                free[key] -= from_stock
                qty -= reserved + from_stock
            if not float_is_zero(qty, precision_rounding=move.product_id.uom_id.rounding):
                need[move] = qty
        return need

    def _prepare_child_production_vals(self, move, bom, product_qty):
        """Values of the sub-order that supplies ``move`` (of ``self``) with ``product_qty``
        (product UoM); scheduled to end when its parent starts, as Odoo's manufacture rule
        schedules make-to-order productions."""
        self.ensure_one()
        date_start = self.date_start - relativedelta(days=bom.produce_delay)
        if date_start == self.date_start:
            date_start -= relativedelta(hours=1)
        picking_type = bom.picking_type_id or self.picking_type_id
        return {
            "parent_id": self.id,
            "product_id": move.product_id.id,
            "product_qty": move.product_id.uom_id._compute_quantity(
                product_qty, bom.product_uom_id
            ),
            "product_uom_id": bom.product_uom_id.id,
            "bom_id": bom.id,
            "picking_type_id": picking_type.id,
            "location_src_id": picking_type.default_location_src_id.id,
            "location_dest_id": move.location_id.id,
            "company_id": self.company_id.id,
            "origin": self.origin or self.name,
            "priority": self.priority,
            "user_id": self.user_id.id,
            "date_start": date_start,
            "date_deadline": self.date_start,
            "move_dest_ids": [Command.link(move.id)],
            "sale_line_id": self.sale_line_id.id,
        }

    def _create_child_productions(self):
        """Create a sub-order for every component move whose product has a manufacturing BoM
        and that nothing supplies yet, chain its finished move to that component move, and
        confirm it (which recurses down the product tree)."""
        candidates = self._get_child_candidate_moves()
        boms = self._find_child_boms(candidates)
        moves = candidates.filtered(lambda m: m in boms)
        if not moves:
            return self.browse()
        self._check_tree_cycle(moves)
        need = self._child_quantities(moves)
        whole = moves.filtered(
            lambda m: (
                m in need
                and float_compare(
                    need[m], m.product_qty, precision_rounding=m.product_id.uom_id.rounding
                )
                >= 0
            )
        )
        whole.filtered("quantity")._do_unreserve()
        split_vals, split_from = [], []
        for move in moves.filtered(lambda m: m in need) - whole:
            vals_list = move._split(need[move])
            split_vals += vals_list
            split_from += [move] * len(vals_list)
        split_moves = self.env["stock.move"].create(split_vals)
        # The new component moves leave recomputations pending on their production; run them
        # now, or they would be applied to the sub-orders created below and drop their moves.
        split_moves.raw_material_production_id.flush_recordset()
        targets = [(move, boms[move], need[move]) for move in whole]
        targets += [
            (new, boms[orig], need[orig]) for new, orig in zip(split_moves, split_from, strict=True)
        ]
        children = self.env["mrp.production"].create(
            [
                move.raw_material_production_id._prepare_child_production_vals(move, bom, qty)
                for move, bom, qty in targets
            ]
        )
        (whole | split_moves).write({"procure_method": "make_to_order"})
        whole._recompute_state()
        split_moves._action_confirm(merge=False)
        children._schedule_before_parent()
        children.action_confirm()
        children._post_run_manufacture([])
        for parent in children.parent_id:
            parent.message_post(
                body=self.env._(
                    "Sub-orders created: %s",
                    ", ".join(
                        children.filtered(lambda c, p=parent: c.parent_id == p).mapped("name")
                    ),
                )
            )
        return children

    def _shift_tree_dates(self, delta):
        """Move these orders and their open sub-orders by ``delta``; sub-orders still end
        before their parent starts."""
        descendants = self.descendant_ids.filtered(lambda p: p.state not in ("done", "cancel"))
        for production in self | descendants:
            production.date_start += delta
        descendants.sorted("tree_level")._schedule_before_parent()

    def _schedule_before_parent(self):
        """Move sub-orders earlier where their operations would end after the parent starts."""
        for child in self:
            if child.date_finished > child.parent_id.date_start:
                child.date_start -= child.date_finished - child.parent_id.date_start

    def action_start(self):
        self._check_not_suspended()
        return super().action_start()

    def button_mark_done(self):
        self._check_not_suspended()
        res = super().button_mark_done()
        for production in self.filtered(lambda p: p.state == "done" and p.is_sale_line_top):
            production.sale_order_id.message_post(
                body=self.env._(
                    "%(production)s produced %(qty)s %(uom)s of %(product)s for this order.",
                    production=production.name,
                    qty=production.qty_produced,
                    uom=production.product_uom_id.name,
                    product=production.product_id.display_name,
                )
            )
        return res

    def action_unlink_sale_line(self):
        """Detach these orders, with their sub-orders, from the sales order line they serve."""
        self._check_mpm_user()
        refused = self.filtered(lambda p: not p.is_sale_line_top)
        if refused:
            raise UserError(
                self.env._(
                    "Only an order linked to a sales order line by itself can be unlinked; "
                    "%(names)s follow their parent order.",
                    names=", ".join(refused.mapped("name")),
                )
            )
        for production in self:
            line = production.sale_line_id
            production._get_with_descendants().filtered(
                lambda p, line=line: p.sale_line_id == line
            ).sale_line_id = False
            body = self.env._(
                "%(production)s was unlinked from %(order)s (%(product)s).",
                production=production.name,
                order=line.order_id.name,
                product=line.product_id.display_name,
            )
            production.message_post(body=body)
            line.order_id.message_post(body=body)
        return True

    def _get_produced_quantities(self):
        """Produced quantity of each of these orders, in its unit, read in one query
        (Odoo's ``qty_produced`` reads the moves order by order)."""
        groups = self.env["stock.move"]._read_group(
            [
                ("production_id", "in", self.ids),
                ("state", "=", "done"),
                ("scrapped", "=", False),
                ("byproduct_id", "=", False),
            ],
            ["production_id", "product_uom"],
            ["quantity:sum"],
        )
        produced = dict.fromkeys(self, 0.0)
        for production, uom, quantity in groups:
            produced[production] += uom._compute_quantity(
                quantity, production.product_uom_id, round=False
            )
        return produced

    def _check_mpm_user(self):
        if not self.env.user.has_group("mrp_production_management.group_mpm_user"):
            raise AccessError(
                self.env._("Only manufacturing users can change manufacturing orders.")
            )

    def _link_sale_line(self, line):
        """Make these orders, and their sub-orders, serve ``line``."""
        self._get_with_descendants().sale_line_id = line

    def _get_backorder_mo_vals(self):
        """Backorders (and split parts) stay in the tree, under the same parent, and still
        count as reopened from the closure their order came from."""
        vals = super()._get_backorder_mo_vals()
        vals["parent_id"] = self.parent_id.id
        vals["reopened_closure_id"] = self.reopened_closure_id.id
        return vals

    def _get_qty_to_split(self):
        """What is left to produce: the quantity not yet recorded as produced."""
        self.ensure_one()
        return self.product_qty - self.qty_producing

    def _get_split_rounding(self):
        """Smallest part of this order: its unit's rounding, or the decimal precision of
        quantities when that is coarser."""
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        return max(self.product_uom_id.rounding, 10**-digits)

    def _check_tree_split(self, quantities):
        self.ensure_one()
        if self.state in ("done", "cancel"):
            raise UserError(
                self.env._(
                    "%(production)s is done or cancelled and cannot be split.",
                    production=self.name,
                )
            )
        if self.is_suspended:
            raise UserError(
                self.env._("%(production)s is suspended: resume it first.", production=self.name)
            )
        if self.parent_id and self.parent_id.state not in ("done", "cancel"):
            raise UserError(
                self.env._(
                    "%(production)s is a sub-order of %(parent)s: split %(root)s instead, its "
                    "sub-orders are split with it and stay chained to their parent parts.",
                    production=self.name,
                    parent=self.parent_id.name,
                    root=self.root_id.name,
                )
            )
        rounding = self._get_split_rounding()
        if len(quantities) < 2:
            raise UserError(self.env._("Split %s into two parts or more.", self.name))
        for qty in quantities:
            if float_compare(qty, rounding, precision_rounding=rounding) < 0 or float_compare(
                float_round(qty, precision_rounding=rounding), qty, precision_digits=6
            ):
                raise UserError(
                    self.env._(
                        "Each part must be a positive multiple of %(rounding)s %(uom)s; "
                        "%(qty)s is not.",
                        rounding=rounding,
                        uom=self.product_uom_id.name,
                        qty=qty,
                    )
                )
        remaining = self._get_qty_to_split()
        if float_compare(sum(quantities), remaining, precision_rounding=rounding):
            raise UserError(
                self.env._(
                    "The parts add up to %(total)s %(uom)s, but %(remaining)s %(uom)s of "
                    "%(production)s remain to be produced.",
                    total=float_round(sum(quantities), precision_rounding=rounding),
                    uom=self.product_uom_id.name,
                    remaining=remaining,
                    production=self.name,
                )
            )

    def _split_tree(self, quantities):
        """Split this order's unproduced quantity into parts of ``quantities`` and every
        sub-order that is not done in proportion, each sub-order part chained to the part of
        its parent with the same index. Return, per part index, the part of this order.

        Odoo's ``_split_productions`` splits all the orders in one batch (moves, reservations,
        work orders); the first part stays with the original order, with what it produced."""
        self._check_tree_split(quantities)
        shares = {self: list(quantities)}
        nodes = self
        while nodes:
            children = nodes.child_ids.filtered(lambda c: c.state not in ("done", "cancel"))
            for child in children:
                shares[child] = split_quantity(
                    child._get_qty_to_split(), shares[child.parent_id], child._get_split_rounding()
                )
            nodes = children
        # the component move of its parent that each sub-order feeds
        feeding, finished_moves = {}, self.env["stock.move"]
        for child in shares:
            if child != self:
                finished = child.move_finished_ids.filtered(
                    lambda m, c=child: m.product_id == c.product_id
                )
                feeding[child] = finished.move_dest_ids[:1]
                finished_moves |= finished
        amounts, indexes = {}, {}
        for production, production_shares in shares.items():
            indexes[production] = [i for i, share in enumerate(production_shares) if share]
            amounts[production] = [production_shares[i] for i in indexes[production]]
            amounts[production][0] += production.qty_producing
        to_split = self.browse(p.id for p in shares if len(amounts[p]) > 1)
        # Unchain before splitting: Odoo's split would copy every link to every part, and the
        # date propagation along that mesh grows with the square of the parts.
        finished_moves.write({"move_dest_ids": [Command.clear()]})
        split = to_split._split_productions(
            {p: amounts[p] for p in to_split}, set_consumed_qty=False
        )
        parts, position = {}, 0
        for production in shares:
            if production in to_split:
                count = len(amounts[production])
                records = split[position : position + count]
                position += count
            else:
                records = production
            parts[production] = dict(zip(indexes[production], records, strict=True))
        split.filtered(lambda p: p not in shares).is_split_part = True
        self._rewire_tree_parts(parts, feeding)
        return parts[self]

    def _rewire_tree_parts(self, parts, feeding):
        """After a split, make each sub-order part the child of its parent's part of the same
        index and feed the copy, in that part, of the component move it fed before."""
        fed = self.env["stock.move"]
        for child, chained in feeding.items():
            parent_parts = parts[child.parent_id]
            for index, child_part in parts[child].items():
                parent_part = parent_parts[index]
                child_part.parent_id = parent_part
                candidates = parent_part.move_raw_ids.filtered(
                    lambda m, chained=chained: (
                        m.product_id == chained.product_id
                        and m.bom_line_id == chained.bom_line_id
                        and m.procure_method == "make_to_order"
                        and m.state not in ("done", "cancel")
                    )
                )
                dest = (candidates & chained) or candidates[:1]
                child_part.move_finished_ids.filtered(
                    lambda m, product=child.product_id: m.product_id == product
                ).move_dest_ids = [Command.set(dest.ids)]
                fed |= dest
        fed._recompute_state()

    # Suspend, resume, close and reopen

    def _lock_for_update(self, records=None):
        """Lock the rows of ``records`` (these orders by default) so that two users cannot
        change them at the same moment: the second one is told to try again."""
        records = records if records is not None else self
        if not records:
            return
        try:
            with self.env.cr.savepoint(flush=False):
                self.env.cr.execute(
                    SQL(
                        "SELECT id FROM %s WHERE id IN %s FOR UPDATE NOWAIT",
                        SQL.identifier(records._table),
                        tuple(records.ids),
                    )
                )
        except psycopg2.errors.LockNotAvailable as error:
            raise UserError(
                self.env._(
                    "%(names)s is being changed by another user right now; try again in a moment.",
                    names=", ".join(records.mapped("display_name")),
                )
            ) from error

    def _check_not_suspended(self):
        suspended = self.filtered("is_suspended")
        if suspended:
            raise UserError(
                self.env._(
                    "%(names)s is suspended: resume it before recording production.",
                    names=", ".join(suspended.mapped("name")),
                )
            )

    def _suspend(self, reason, note=False, date_resume=False, release_reservations=False):
        """Suspend these orders (already checked and expanded to their sub-tree by the caller)."""
        refused = self.filtered(lambda p: p.state in ("done", "cancel") or p.is_suspended)
        if refused:
            raise UserError(
                self.env._(
                    "Only orders that are neither done, cancelled, closed nor already suspended "
                    "can be suspended: %(names)s.",
                    names=", ".join(refused.mapped("name")),
                )
            )
        self._lock_for_update()
        self.write(
            {
                "is_suspended": True,
                "suspension_reason_id": reason.id,
                "suspension_note": note,
                "date_resume": date_resume,
            }
        )
        if release_reservations:
            self.filtered(lambda p: p.state != "draft").do_unreserve()
        for production in self:
            production.message_post(
                body=self.env._(
                    "Suspended: %(reason)s%(note)s%(resume)s.",
                    reason=reason.name or "",
                    note=" — " + note if note else "",
                    resume=self.env._(", to resume on %s", date_resume) if date_resume else "",
                )
            )

    def action_resume(self):
        self._check_mpm_user()
        not_suspended = self.filtered(lambda p: not p.is_suspended)
        if not_suspended:
            raise UserError(
                self.env._(
                    "%(names)s is not suspended.", names=", ".join(not_suspended.mapped("name"))
                )
            )
        self._lock_for_update()
        self.write(
            {
                "is_suspended": False,
                "suspension_reason_id": False,
                "suspension_note": False,
                "date_resume": False,
            }
        )
        for production in self:
            production.message_post(body=self.env._("Resumed."))
        return True

    @api.model
    def _cron_resume_productions(self):
        """Resume the suspended orders whose resume date has come and tell their responsible."""
        due = self.search(
            [("is_suspended", "=", True), ("date_resume", "<=", fields.Date.context_today(self))]
        )
        due.action_resume()
        for production in due:
            production.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=self.env._("Resumed on its planned date"),
                user_id=(production.user_id or self.env.user).id,
            )
        return due

    def _close(self, reason, note=False, with_sub_tree=True):
        """End these orders with what they produced so far; record the unproduced rest as
        their closed quantity. Sub-orders that have not started are closed with them."""
        self._check_mpm_manager()
        refused = self.filtered(lambda p: p.state not in ("confirmed", "progress", "to_close"))
        if refused:
            raise UserError(
                self.env._(
                    "Only confirmed or in-progress orders can be closed: %(names)s.",
                    names=", ".join(refused.mapped("name")),
                )
            )
        to_close = self
        if with_sub_tree:
            to_close |= self.descendant_ids.filtered(lambda p: p.state == "confirmed")
        to_close._lock_for_update()
        closures = []
        for production in to_close:
            qty_closed = production.product_qty - production.qty_producing
            closures.append(
                {
                    "production_id": production.id,
                    "reason_id": reason.id,
                    "note": note,
                    "qty_closed": qty_closed,
                }
            )
        produced = to_close.filtered(
            lambda p: (
                not float_is_zero(p.qty_producing, precision_rounding=p.product_uom_id.rounding)
            )
        )
        (to_close - produced).action_cancel()
        if produced:
            result = produced.with_context(
                skip_backorder=True, mo_ids_to_backorder=[], skip_consumption=True
            ).button_mark_done()
            if isinstance(result, dict) or produced.filtered(lambda p: p.state != "done"):
                raise UserError(
                    self.env._(
                        "%(names)s could not be closed with what it produced; finish recording "
                        "its production first.",
                        names=", ".join(produced.mapped("name")),
                    )
                )
        self.env["mrp.production.closure"].create(closures)
        for production, vals in zip(to_close, closures, strict=True):
            body = self.env._(
                "%(production)s closed: %(qty)s %(uom)s of %(product)s left unproduced "
                "(%(reason)s%(note)s).",
                production=production.name,
                qty=vals["qty_closed"],
                uom=production.product_uom_id.name,
                product=production.product_id.display_name,
                reason=reason.name or "",
                note=" — " + note if note else "",
            )
            production.message_post(body=body)
            if production.is_sale_line_top:
                production.sale_order_id.message_post(body=body)
        return to_close

    def _reopen(self, closure, qty, date_start=False):
        """Open production again for ``qty`` of ``closure``'s balance: a new order tied to
        the closed one (same product, BoM, sales line, parent, procurement group), with its
        sub-orders rebuilt."""
        self.ensure_one()
        self._check_mpm_manager()
        self._lock_for_update(closure)
        closure.invalidate_recordset(["qty_balance"])
        rounding = self.product_uom_id.rounding
        if float_compare(qty, 0, precision_rounding=rounding) <= 0:
            raise UserError(self.env._("Reopen a positive quantity."))
        if float_compare(qty, closure.qty_balance, precision_rounding=rounding) > 0:
            raise UserError(
                self.env._(
                    "Only %(balance)s %(uom)s of %(production)s can still be reopened, not "
                    "%(qty)s.",
                    balance=closure.qty_balance,
                    uom=self.product_uom_id.name,
                    production=self.name,
                    qty=qty,
                )
            )
        if not self.backorder_sequence:
            self.backorder_sequence = 1
        sequence = max(self.procurement_group_id.mrp_production_ids.mapped("backorder_sequence"))
        vals = self.copy_data(self._get_backorder_mo_vals())[0]
        # unlike a backorder, the reopened order gets its moves and work orders from its BoM
        for key in ("move_raw_ids", "move_finished_ids", "move_byproduct_ids", "workorder_ids"):
            vals.pop(key, None)
        vals.update(
            {
                "name": self._get_name_backorder(self.name, sequence + 1),
                "backorder_sequence": sequence + 1,
                "product_qty": qty,
                "qty_producing": 0,
                "state": "draft",
                "parent_id": self.parent_id.id,
                "reopened_closure_id": closure.id,
                "date_start": date_start or fields.Datetime.now(),
            }
        )
        reopened = self.create(vals)
        reopened.with_context(mpm_create_child_productions=True).action_confirm()
        body = self.env._(
            "%(qty)s %(uom)s reopened as %(reopened)s; %(balance)s %(uom)s of the closed "
            "quantity remain.",
            qty=qty,
            uom=self.product_uom_id.name,
            reopened=reopened._get_html_link(),
            balance=closure.qty_balance,
        )
        self.message_post(body=body)
        reopened.message_post_with_source(
            "mail.message_origin_link",
            render_values={"self": reopened, "origin": self},
            subtype_xmlid="mail.mt_note",
        )
        return reopened

    def _check_mpm_manager(self):
        if not self.env.user.has_group("mrp_production_management.group_mpm_manager"):
            raise AccessError(
                self.env._("Only manufacturing order managers can close and reopen orders.")
            )

    def action_open_customize_bom(self):
        self.ensure_one()
        self._check_customizable()
        return self._get_wizard_action(
            "mrp.bom.customize", self.env._("Customize BoM"), production_id=self.id
        )

    def action_apply_customization_suggestion(self):
        """One click: produce with the customer's latest customization of this product."""
        self.ensure_one()
        bom = self.customization_suggestion_id
        if not bom:
            raise UserError(self.env._("%s has no earlier customization to apply.", self.name))
        self._apply_bom(bom)
        return True

    def action_reset_bom_to_standard(self):
        self.ensure_one()
        if not self.is_customized:
            raise UserError(self.env._("%s already uses a standard bill of materials.", self.name))
        self._apply_bom(self.bom_id.origin_bom_id)
        return True

    def _check_customizable(self):
        """Refuse to change the bill of materials of orders whose production has begun."""
        self._check_mpm_user()
        for production in self:
            if production.state in ("done", "cancel"):
                raise UserError(
                    self.env._(
                        "%s is done or cancelled; its bill of materials cannot change.",
                        production.name,
                    )
                )
            started = production.move_raw_ids.filtered(
                lambda m: m.state == "done" or m.picked
            ) or production.workorder_ids.filtered(
                lambda w: w.state in ("progress", "done") or w.duration
            )
            if started or production.qty_producing:
                raise UserError(
                    self.env._(
                        "Production of %s has already begun (components consumed, quantity "
                        "produced or work recorded); its bill of materials cannot change. "
                        "Split off the rest and customize that part instead.",
                        production.name,
                    )
                )

    def _apply_bom(self, bom):
        """Switch these orders to ``bom``: component moves and work orders are rebuilt the
        way Odoo does when the BoM of an order changes (moves of the same component are
        kept with their reservations and chaining), and sub-orders follow: a removed
        component cancels its sub-order, a changed quantity resizes it, a new component
        gets one when the order builds its sub-orders."""
        self._check_customizable()
        for production in self:
            old_bom = production.bom_id
            if production.state == "draft":
                production.bom_id = bom
                production._compute_move_raw_ids()
                production._compute_workorder_ids()
            else:
                production._rebuild_for_bom(bom)
            production.message_post(
                body=self.env._(
                    "Bill of materials changed from %(old)s to %(new)s.",
                    old=old_bom._get_html_link(old_bom.display_name),
                    new=bom._get_html_link(bom.display_name),
                )
            )

    def _rebuild_for_bom(self, bom):
        self.ensure_one()
        old_moves = self.move_raw_ids.filtered(lambda m: m.state != "cancel" and m.bom_line_id)
        old_qty = {move: move.product_qty for move in old_moves}
        old_demand = {move.id: move.product_uom_qty for move in old_moves}
        had_children = bool(self.child_ids)
        self.bom_id = bom
        commands, kept = [], self.env["stock.move"]
        for vals in self._get_moves_raw_values():
            move = (old_moves - kept).filtered(
                lambda m, v=vals: m.product_id.id == v["product_id"]
            )[:1]
            if not move:
                commands.append(Command.create(vals))
                continue
            kept |= move
            commands.append(
                Command.update(
                    move.id,
                    {
                        key: vals[key]
                        for key in ("bom_line_id", "product_uom_qty", "product_uom", "operation_id")
                    },
                )
            )
        removed = old_moves - kept
        children = self.child_ids.filtered(lambda c: c.state != "cancel")
        fed = {move: move.move_orig_ids.production_id & children for move in old_moves}
        orphans = self.browse().union(*(fed[move] for move in removed))
        if orphans.filtered(lambda c: c.state not in NOT_STARTED_STATES):
            raise UserError(
                self.env._(
                    "The sub-orders %(names)s of %(production)s have started; their "
                    "components cannot be removed from its bill of materials.",
                    names=", ".join(orphans.mapped("name")),
                    production=self.name,
                )
            )
        orphans.action_cancel_tree()
        removed._action_cancel()
        operations = bom.operation_ids.filtered(
            lambda o: not o._skip_operation_line(self.product_id)
        )
        # Without procurement: Odoo would turn the moves that sub-orders feed to stock moves
        # and procure their difference again; the sub-orders are resized below instead.
        self.with_context(no_procurement=True).write(
            {
                "move_raw_ids": commands + [Command.delete(move.id) for move in removed],
                "workorder_ids": [Command.delete(wo.id) for wo in self.workorder_ids]
                + [
                    Command.create(
                        {
                            "name": operation.name,
                            "workcenter_id": operation.workcenter_id.id,
                            "product_uom_id": self.product_uom_id.id,
                            "operation_id": operation.id,
                            "state": "pending",
                        }
                    )
                    for operation in operations
                ],
            }
        )
        kept.filtered(lambda m: not fed[m])._run_procurement(old_demand)
        for move in kept:
            if fed[move] and float_compare(
                move.product_qty, old_qty[move], precision_rounding=move.product_uom.rounding
            ):
                fed[move]._resize_tree(move.product_qty / old_qty[move])
        self._adopt_child_productions()
        if had_children or self.company_id.mo_child_auto_create:
            self._create_child_productions()

    def _resize_tree(self, factor):
        """Scale these orders and their open sub-orders by ``factor`` with Odoo's own
        quantity change."""
        for production in (
            self._get_with_descendants()
            .filtered(lambda p: p.state not in ("done", "cancel"))
            .sorted("tree_level")
        ):
            self.env["change.production.qty"].with_context(no_procurement=True).create(
                {
                    "mo_id": production.id,
                    "product_qty": float_round(
                        production.product_qty * factor,
                        precision_rounding=production.product_uom_id.rounding,
                    ),
                }
            ).change_prod_qty()

    def _get_with_descendants(self):
        """These orders and every sub-order below them, in one query."""
        return self.search([("id", "child_of", self.ids)])

    def action_view_requirements(self):
        """Material requirements of these orders and their sub-orders."""
        productions = self._get_with_descendants()
        rows = self.env["mrp.production.requirement"]._compute_for(productions)
        name = (
            self.env._("Requirements of %s", self.name)
            if len(self) == 1
            else self.env._("Requirements of %s orders", len(self))
        )
        return rows._get_action(name)
