# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Close and reopen by quantity: the closure record of a closed order, and the order's
side (closing with what was produced, reopening the rest as a backorder would)."""

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_is_zero
from odoo.tools.misc import clean_context

from .mrp_production import CONFIRMED_STATES


class MrpProductionClosure(models.Model):
    """The unproduced rest of a closed manufacturing order, and how much of it was reopened."""

    _name = "mrp.production.closure"
    _description = "Closure of a manufacturing order"
    _order = "date desc, id desc"
    _rec_name = "production_id"
    _check_company_auto = True

    production_id = fields.Many2one(
        "mrp.production",
        string="Closed Order",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
        check_company=True,
    )
    company_id = fields.Many2one(related="production_id.company_id", store=True, index=True)
    product_id = fields.Many2one(related="production_id.product_id", store=True)
    product_uom_id = fields.Many2one(related="production_id.product_uom_id")
    partner_id = fields.Many2one(related="production_id.partner_id", store=True)
    user_id = fields.Many2one(
        "res.users", string="Closed By", required=True, readonly=True, default=lambda s: s.env.user
    )
    date = fields.Datetime(
        string="Closed On", required=True, readonly=True, default=fields.Datetime.now
    )
    reason_id = fields.Many2one(
        "mrp.production.reason", readonly=True, domain="[('reason_type', '=', 'close')]"
    )
    note = fields.Text(readonly=True)
    qty_closed = fields.Float(
        string="Closed Quantity",
        digits="Product Unit of Measure",
        readonly=True,
        help="What was left to produce when the order was closed, in its unit.",
    )
    reopened_production_ids = fields.One2many(
        "mrp.production", "reopened_closure_id", string="Reopened Orders", readonly=True
    )
    qty_reopened = fields.Float(
        string="Reopened Quantity",
        digits="Product Unit of Measure",
        compute="_compute_qty_reopened",
        store=True,
    )
    qty_balance = fields.Float(
        string="Open Balance",
        digits="Product Unit of Measure",
        compute="_compute_qty_reopened",
        store=True,
        help="Closed quantity that can still be reopened.",
    )

    _sql_constraints = [
        ("qty_closed_positive", "CHECK(qty_closed > 0)", "A closed quantity must be positive."),
        (
            "qty_balance_not_negative",
            "CHECK(qty_balance >= 0)",
            "More than the closed quantity cannot be reopened.",
        ),
    ]

    @api.depends(
        "qty_closed",
        "reopened_production_ids.product_qty",
        "reopened_production_ids.product_uom_id",
        "reopened_production_ids.state",
        "reopened_production_ids.closure_ids",
    )
    def _compute_qty_reopened(self):
        """A reopened order counts until it is cancelled; one cancelled by being closed still
        counts, its unproduced rest now being the balance of its own closure."""
        for closure in self:
            reopened = closure.reopened_production_ids.filtered(
                lambda p: p.state != "cancel" or p.closure_ids
            )._get_qty_in(closure.product_uom_id)
            closure.qty_reopened = reopened
            closure.qty_balance = closure.qty_closed - reopened


class MrpProduction(models.Model):
    _inherit = "mrp.production"

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

    @api.depends("closure_ids.qty_closed", "closure_ids.qty_balance")
    def _compute_qty_closed(self):
        for production in self:
            production.qty_closed = sum(production.closure_ids.mapped("qty_closed"))
            production.qty_closed_balance = sum(production.closure_ids.mapped("qty_balance"))

    def action_open_close(self):
        self._check_closable()
        return self.env["mrp.production.close"]._get_action(production_ids=self.ids)

    def action_open_reopen(self):
        self.ensure_one()
        self._check_mpm_manager()
        if not self.closure_ids.filtered("qty_balance"):
            raise UserError(self.env._("%s has no closed quantity left to reopen.", self.name))
        return self.env["mrp.production.reopen"]._get_action(production_id=self.id)

    def _get_backorder_mo_vals(self):
        """Backorders and split parts still count as reopened from the closure their order
        came from."""
        vals = super()._get_backorder_mo_vals()
        vals["reopened_closure_id"] = self.reopened_closure_id.id
        return vals

    def _close(self, reason, note=False, with_sub_tree=True):
        """End these orders with what they produced so far; record the unproduced rest as
        their closed quantity. Sub-orders that have not started are closed with them."""
        self._check_closable()
        to_close = self
        if with_sub_tree:
            to_close |= self.descendant_ids.filtered(lambda p: p.state == "confirmed")
        to_close._lock_for_update()
        closures = [
            {
                "production_id": production.id,
                "reason_id": reason.id,
                "note": note,
                "qty_closed": production.product_qty - production.qty_producing,
            }
            for production in to_close
        ]
        to_close._end_with_produced()
        self.env["mrp.production.closure"].create(closures)
        for production, vals in zip(to_close, closures, strict=True):
            production._post_closed_message(vals["qty_closed"], reason, note)
        return to_close

    def _check_closable(self):
        self._check_mpm_manager()
        self._check_background_free()
        self.filtered(lambda p: p.state not in CONFIRMED_STATES)._raise_if_any(
            self.env._("Only confirmed or in-progress orders can be closed: %(names)s.")
        )

    def _end_with_produced(self):
        """Mark done what these orders produced, without backorder; cancel those that
        produced nothing (quietly where their parent is closed with them)."""
        produced = self.filtered(
            lambda p: (
                not float_is_zero(p.qty_producing, precision_rounding=p.product_uom_id.rounding)
            )
        )
        cancelled = self - produced
        closed_with_parent = cancelled.filtered(lambda p: p.parent_id in self)
        (cancelled - closed_with_parent).action_cancel()
        closed_with_parent.with_context(skip_activity=True).action_cancel()
        if not produced:
            return
        result = produced.with_context(
            skip_backorder=True, mo_ids_to_backorder=[], skip_consumption=True
        ).button_mark_done()
        if isinstance(result, dict) or produced.filtered(lambda p: p.state != "done"):
            produced._raise_if_any(
                self.env._(
                    "%(names)s could not be closed with what it produced; finish recording "
                    "its production first."
                )
            )

    def _post_closed_message(self, qty_closed, reason, note):
        body = self.env._(
            "%(production)s closed: %(qty)s %(uom)s of %(product)s left unproduced "
            "(%(reason)s%(note)s).",
            production=self.name,
            qty=self._format_qty(qty_closed),
            uom=self.product_uom_id.name,
            product=self.product_id.display_name,
            reason=reason.name or "",
            note=" — " + note if note else "",
        )
        self.message_post(body=body)
        if self.is_sale_line_top:
            self.sale_order_id.message_post(body=body)

    def _reopen(self, closure, qty, date_start=False):
        """Open production again for ``qty`` of ``closure``'s balance: a new order tied to
        the closed one (same product, BoM, sales line, parent, procurement group), with its
        sub-orders rebuilt."""
        self.ensure_one()
        self._check_mpm_manager()
        self._lock_for_update(closure)
        self._check_reopen_qty(closure, qty)
        # The wizard's context holds default_production_id: new moves would get it as theirs.
        # Replaced, not updated: the default_* keys must go.  # pylint: disable=context-overridden
        reopened = self.with_context(clean_context(self.env.context)).create(
            self._prepare_reopen_vals(closure, qty, date_start)
        )
        reopened.with_context(mpm_create_child_productions=True).action_confirm()
        reopened.filtered("parent_id")._schedule_before_parent()
        self._post_reopened_messages(reopened, closure, qty)
        return reopened

    def _check_reopen_qty(self, closure, qty):
        closure.invalidate_recordset(["qty_balance"])
        rounding = self.product_uom_id.rounding
        if float_compare(qty, 0, precision_rounding=rounding) <= 0:
            raise UserError(self.env._("Reopen a positive quantity."))
        if float_compare(qty, closure.qty_balance, precision_rounding=rounding) > 0:
            raise UserError(
                self.env._(
                    "Only %(balance)s %(uom)s of %(production)s can still be reopened, not "
                    "%(qty)s.",
                    balance=self._format_qty(closure.qty_balance),
                    uom=self.product_uom_id.name,
                    production=self.name,
                    qty=self._format_qty(qty),
                )
            )

    def _prepare_reopen_vals(self, closure, qty, date_start):
        """Values of the order reopening ``qty`` of ``closure``: a backorder's values, name
        and sequence, as Odoo's ``_split_productions`` makes them; unlike a backorder, it
        gets its moves and work orders from its BoM. A reopened sub-order feeds what its
        parent still waits for from it; when its parent waits for nothing of it (it ended, or
        got the units elsewhere) it makes for stock, as a top order of no sales line."""
        if not self.backorder_sequence:  # activate backorder naming, as Odoo does
            self.backorder_sequence = 1
        sequence = max(
            self.procurement_group_id.mrp_production_ids.mapped("backorder_sequence"), default=1
        )
        vals = self.copy_data(self._get_backorder_mo_vals())[0]
        for key in ("move_raw_ids", "move_finished_ids", "move_byproduct_ids", "workorder_ids"):
            vals.pop(key, None)
        vals.update(
            {
                "name": self._get_name_backorder(self.name, sequence + 1),
                "backorder_sequence": sequence + 1,
                "product_qty": qty,
                "qty_producing": 0,
                "state": "draft",
                "reopened_closure_id": closure.id,
                "date_start": date_start or fields.Datetime.now(),
                # the closed order's responsible, else (an order made by a procurement has
                # none) the manager who reopens it
                "user_id": self.user_id.id or self.env.user.id,
            }
        )
        if self.parent_id:
            waiting = self.parent_id.move_raw_ids._get_short_of_done_sub_orders().filtered(
                lambda m: m.product_id == self.product_id
            )
            vals["move_dest_ids"] = [Command.link(move.id) for move in waiting]
            if not waiting:
                vals.update(parent_id=False, sale_line_id=False)
        return vals

    def _post_reopened_messages(self, reopened, closure, qty):
        self.message_post(
            body=self.env._(
                "%(qty)s %(uom)s reopened as %(reopened)s; %(balance)s %(uom)s of the closed "
                "quantity remain.",
                qty=self._format_qty(qty),
                uom=self.product_uom_id.name,
                reopened=reopened._get_html_link(),
                balance=self._format_qty(closure.qty_balance),
            )
        )
        reopened.message_post_with_source(
            "mail.message_origin_link",
            render_values={"self": reopened, "origin": self},
            subtype_xmlid="mail.mt_note",
        )
