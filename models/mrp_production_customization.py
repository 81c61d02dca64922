# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Per-order customization of the bill of materials: the suggestion of the customer's
earlier customization, applying one, resetting to the standard BoM."""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import clean_context

from .mrp_production import NOT_STARTED_STATES


class MrpProduction(models.Model):
    _inherit = "mrp.production"

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

    is_bom_customizable = fields.Boolean(
        string="BoM Can Be Customized",
        compute="_compute_is_bom_customizable",
        help="Nothing of this order is produced, consumed or worked on yet: its bill of "
        "materials can still change.",
    )

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

    @api.depends(
        "state",
        "qty_producing",
        "move_raw_ids.state",
        "move_raw_ids.picked",
        "workorder_ids.state",
        "workorder_ids.duration",
    )
    def _compute_is_bom_customizable(self):
        """What _check_customizable refuses, for the form to hide the buttons that would."""
        for production in self:
            production.is_bom_customizable = not production._get_customize_refusal()

    def action_open_customize_bom(self):
        self.ensure_one()
        self._check_customizable()
        return self.env["mrp.bom.customize"]._get_action(production_id=self.id)

    def action_apply_customization_suggestion(self):
        """One click: produce with the customer's latest customization of this product."""
        self.ensure_one()
        bom = self.customization_suggestion_id
        if not bom:
            raise UserError(self.env._("%s has no earlier customization to apply.", self.name))
        self._check_customizable()
        self._apply_bom(bom)
        return True

    def action_reset_bom_to_standard(self):
        self.ensure_one()
        if not self.is_customized:
            raise UserError(self.env._("%s already uses a standard bill of materials.", self.name))
        self._check_customizable()
        self._apply_bom(self.bom_id.origin_bom_id)
        return True

    def _check_customizable(self):
        """Refuse to change the bill of materials of orders whose production has begun."""
        self._check_mpm_user()
        for production in self:
            refusal = production._get_customize_refusal()
            if refusal:
                raise UserError(refusal)

    def _get_customize_refusal(self):
        """Why this order's bill of materials cannot change any more, or False."""
        self.ensure_one()
        if self.state in ("done", "cancel"):
            return self.env._(
                "%s is done or cancelled; its bill of materials cannot change.", self.name
            )
        started = self.move_raw_ids.filtered(
            lambda m: m.state == "done" or m.picked
        ) or self.workorder_ids.filtered(lambda w: w.state in ("progress", "done") or w.duration)
        if started or self.qty_producing:
            return self.env._(
                "Production of %s has already begun (components consumed, quantity "
                "produced or work recorded); its bill of materials cannot change. "
                "Split off the rest and customize that part instead.",
                self.name,
            )
        return False

    def _customize_bom(self, bom, structure=False):
        """Produce this order with ``bom``, or with the customization of ``bom`` made of the
        edited ``structure`` (see ``mrp.bom._save_customization``): all or nothing."""
        self.ensure_one()
        self._check_customizable()
        # The editor's context holds default_production_id: new moves would get it as theirs.
        # Replaced, not updated: the default_* keys must go.  # pylint: disable=context-overridden
        production = self.with_context(clean_context(self.env.context))
        bom = bom.with_env(production.env)
        with self.env.cr.savepoint():
            customization = structure and bom._save_customization(structure, production=production)
            if customization or bom != production.bom_id:
                production._apply_bom(customization or bom)

    def _apply_bom(self, bom):
        """Switch these orders to ``bom`` the way Odoo updates an order to a changed BoM
        (``_link_bom``: components and operations that stay keep their moves, reservations
        and chaining), and their sub-orders follow: a removed component cancels its
        sub-order, a changed quantity resizes it, a new component gets one."""
        for production in self:
            old_bom = production.bom_id
            if production.state == "draft":  # Odoo's computes rebuild a draft order
                production.bom_id = bom
                production._compute_move_raw_ids()
                production._compute_workorder_ids()
            else:
                production._relink_bom(bom)
            production.message_post(
                body=self.env._(
                    "Bill of materials changed from %(old)s to %(new)s.",
                    old=old_bom._get_html_link(old_bom.display_name),
                    new=bom._get_html_link(bom.display_name),
                )
            )

    def _relink_bom(self, bom):
        """``_link_bom`` on a confirmed order, with its sub-orders kept right."""
        self.ensure_one()
        moves = self.move_raw_ids.filtered(lambda m: m.state != "cancel")
        children = self.child_ids.filtered(lambda c: c.state != "cancel")
        fed = {move: move.move_orig_ids.production_id & children for move in moves}
        orphans = self.browse().union(*(fed[move] for move in self._get_moves_removed_by(bom)))
        started = orphans.filtered(lambda c: c.state not in NOT_STARTED_STATES)
        if started:
            raise UserError(
                self.env._(
                    "The sub-orders %(names)s of %(production)s have started; their "
                    "components cannot be removed from its bill of materials.",
                    names=", ".join(started.mapped("name")),
                    production=self.name,
                )
            )
        old_demand = {move.id: move.product_uom_qty for move in moves}
        orphans.action_cancel_tree()
        # Without procurement: Odoo would turn the moves that sub-orders feed to stock moves
        # and procure their difference again; the sub-orders are resized below instead.
        self.with_context(no_procurement=True)._link_bom(bom)
        # Procured as Odoo would; sub-orders follow the moves they feed.
        (moves.exists() & self.move_raw_ids).with_context(mpm_follow_tree=True)._run_procurement(
            old_demand
        )
        self._adopt_child_productions()
        if children or self.company_id.mo_child_auto_create:
            self._create_child_productions()

    def _get_moves_removed_by(self, bom):
        """Component moves of this order that ``_link_bom`` removes when it switches to
        ``bom``: those whose product ``bom`` does not consume."""
        products = bom.bom_line_ids.filtered(
            lambda line: not line._skip_bom_line(self.product_id)
        ).product_id
        return self.move_raw_ids.filtered(
            lambda m: m.state != "cancel" and m.product_id not in products
        )
