# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from collections import defaultdict

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.osv.expression import AND

STRUCTURE_FIELDS = {"bom_line_ids", "operation_ids", "byproduct_ids", "product_qty"}


class MrpBom(models.Model):
    """Customizations are bills of materials of their own, versioned per customer; and the
    one place that decides which bill of materials serves a demand."""

    _inherit = "mrp.bom"

    is_customization = fields.Boolean(
        string="Customization",
        readonly=True,
        index=True,
        help="A bill of materials changed for one customer's order. It is never chosen by "
        "default for the product and never changes the standard bill of materials.",
    )
    origin_bom_id = fields.Many2one(
        "mrp.bom",
        string="Standard BoM",
        readonly=True,
        index="btree_not_null",
        help="The standard bill of materials this customization was made from.",
    )
    previous_customization_id = fields.Many2one(
        "mrp.bom",
        string="Previous Version",
        readonly=True,
        help="The customization this version replaces for new orders.",
    )
    customization_version = fields.Integer(string="Customization Version", readonly=True, default=1)
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        tracking=True,
        index="btree_not_null",
        domain="[('parent_id', '=', False)]",
        help="The customer this customization was made for.",
    )
    customization_reason_ids = fields.Many2many(
        "mrp.production.reason",
        string="Reasons",
        domain="[('reason_type', '=', 'customize')]",
    )
    customization_note = fields.Text(string="Why", tracking=True)
    customization_user_id = fields.Many2one("res.users", string="Customized By", readonly=True)
    date_customization = fields.Datetime(string="Customized On", readonly=True)
    production_ids = fields.One2many("mrp.production", "bom_id", string="Manufacturing Orders")
    sale_line_ids = fields.One2many(
        "sale.order.line", "customization_id", string="Sales Order Lines"
    )
    production_count = fields.Integer(string="Orders Count", compute="_compute_production_count")

    _sql_constraints = [
        (
            "customization_origin",
            "CHECK(NOT is_customization OR origin_bom_id IS NOT NULL)",
            "A customization always keeps the standard bill of materials it was made from.",
        ),
    ]

    def _compute_production_count(self):
        counts = dict(
            self.env["mrp.production"]._read_group(
                [("bom_id", "in", self.ids)], ["bom_id"], ["__count"]
            )
        )
        for bom in self:
            bom.production_count = counts.get(bom, 0)

    def write(self, vals):
        if not vals.get("is_customization", True) and self.filtered("is_customization"):
            raise UserError(
                self.env._(
                    "A customization cannot become a standard bill of materials. Create "
                    "a new bill of materials for the product instead."
                )
            )
        if not STRUCTURE_FIELDS & set(vals):
            return super().write(vals)
        self._check_customization_history()
        before = {bom: bom._get_structure_summary() for bom in self.filtered("is_customization")}
        res = super().write(vals)
        for bom, summary in before.items():
            bom._log_structure_changes(summary)
        return res

    def action_view_productions(self):
        self.ensure_one()
        return self.production_ids._get_list_action(self.env._("Orders of %s", self.display_name))

    @api.model
    def _bom_find_domain(self, products, picking_type=None, company_id=False, bom_type=False):
        """Customizations are only used where they were chosen, never found for a product."""
        return AND(
            [
                super()._bom_find_domain(products, picking_type, company_id, bom_type),
                [("is_customization", "=", False)],
            ]
        )

    @api.model
    def _get_demand_boms(self, demands):
        """The bill of materials that serves each demand, in the order of ``demands``:
        (product, company, operation type, chosen BoM) tuples. The chosen BoM (a sales
        line's customization, say) when it makes the product, else the standard one that
        Odoo's manufacture rule finds, with one ``_bom_find`` per company and operation type."""
        products = defaultdict(lambda: self.env["product.product"])
        for product, company, picking_type, _chosen in demands:
            products[company, picking_type] |= product
        found = {
            key: self._bom_find(
                key_products, picking_type=key[1], company_id=key[0].id, bom_type="normal"
            )
            for key, key_products in products.items()
        }
        return [
            chosen if chosen._makes(product) else found[company, picking_type][product]
            for product, company, picking_type, chosen in demands
        ]

    def _makes(self, product):
        """Whether this bill of materials manufactures ``product``."""
        return bool(self) and (
            self.product_id == product
            or (not self.product_id and self.product_tmpl_id == product.product_tmpl_id)
        )

    def _get_customizations(self, partners, products):
        """Earlier customizations of ``products`` for ``partners``' companies, latest first,
        by (commercial partner, product), read in one query."""
        result = defaultdict(self.browse)
        partners = partners.commercial_partner_id
        if not partners or not products:
            return result
        boms = self.search(
            [
                ("is_customization", "=", True),
                ("partner_id", "in", partners.ids),
                ("product_tmpl_id", "in", products.product_tmpl_id.ids),
            ],
            order="date_customization desc, id desc",
        )
        for product in products:
            for bom in boms.filtered(lambda b, p=product: b._makes(p)):
                result[bom.partner_id, product] |= bom
        return result

    def _save_customization(self, structure, production=None, sale_line=None):
        """The customization made of ``structure`` (see ``_check_customization_structure``)
        from this bill of materials, for ``production`` or ``sale_line``: this one edited in
        place when only they use it, else a new version of it."""
        self.ensure_one()
        self._check_customization_structure(structure)
        production = production or self.env["mrp.production"]
        sale_line = sale_line or self.env["sale.order.line"]
        # Manufacturing users may not change bills of materials; they change only the
        # customization of their order, whose structure was checked above.
        source = self.sudo()
        bom = (
            source
            if source._is_own_customization(production, sale_line)
            else source._copy_customization(structure["partner"])
        )
        # Each line and operation of the source against its copy (itself when edited in place).
        line_map = dict(zip(source.bom_line_ids, bom.bom_line_ids, strict=True))
        operation_map = dict(zip(source.operation_ids, bom.operation_ids.sorted(), strict=True))
        bom.write(
            {
                "partner_id": structure["partner"].id,
                "customization_reason_ids": [Command.set(structure["reasons"].ids)],
                "customization_note": structure["note"],
                "operation_ids": _prepare_commands(structure["operations"], operation_map),
            }
        )
        bom.write({"bom_line_ids": _prepare_commands(structure["lines"], line_map)})
        return bom.sudo(False)

    @api.model
    def _check_customization_structure(self, structure):
        """Refuse an edited structure that cannot be produced, with a clear message.
        ``structure``: partner, reasons, note, product, company, and the edited ``lines``
        and ``operations`` as (record of this BoM or empty, values) pairs."""
        if not structure["reasons"]:
            raise UserError(self.env._("Give at least one reason for the customization."))
        if not structure["lines"]:
            raise UserError(self.env._("A bill of materials needs at least one component."))
        company = structure["company"]
        for _line, vals in structure["lines"]:
            component = self.env["product.product"].browse(vals["product_id"])
            name = component.display_name
            if component.product_tmpl_id == structure["product"].product_tmpl_id:
                raise UserError(self.env._("%s cannot be a component of itself.", name))
            if vals["product_qty"] <= 0:
                raise UserError(self.env._("The quantity of %s must be greater than zero.", name))
            if component.company_id not in (company, self.env["res.company"]):
                raise UserError(
                    self.env._(
                        "%(product)s belongs to %(company)s; it cannot be used by %(ours)s.",
                        product=name,
                        company=component.company_id.name,
                        ours=company.name,
                    )
                )
        for _operation, vals in structure["operations"]:
            if vals.get("time_cycle_manual", 0.0) < 0:
                raise UserError(self.env._("The duration of %s cannot be negative.", vals["name"]))
            workcenter = self.env["mrp.workcenter"].browse(vals["workcenter_id"])
            if workcenter.company_id not in (company, self.env["res.company"]):
                raise UserError(
                    self.env._("Work center %s belongs to another company.", workcenter.name)
                )

    def _is_own_customization(self, production, sale_line):
        """A customization used only by ``production`` (or ``sale_line``), by no finished order."""
        if not self.is_customization or "done" in self.production_ids.mapped("state"):
            return False
        others = (self.production_ids - production).filtered(lambda p: p.state != "cancel")
        return not others and not (self.sale_line_ids - sale_line)

    def _copy_customization(self, partner):
        """A new customization version of this bill of materials for ``partner``."""
        standard = self.origin_bom_id or self
        version = self.customization_version + 1 if self.is_customization else 1
        return self.copy(
            {
                "is_customization": True,
                "origin_bom_id": standard.id,
                "previous_customization_id": self.is_customization and self.id,
                "customization_version": version,
                "code": self.env._(
                    "%(customer)s v%(version)s",
                    customer=partner.name or self.env._("Customization"),
                    version=version,
                ),
                "customization_user_id": self.env.uid,
                "date_customization": fields.Datetime.now(),
                "sequence": 1000,
            }
        )

    def _get_structure_summary(self):
        """Components and operations of this BoM, one readable line each."""
        return [
            f"{line.product_id.display_name}: {line.product_qty:g} {line.product_uom_id.name}"
            for line in self.bom_line_ids
        ] + [
            f"{op.name} ({op.workcenter_id.name}): {op.time_cycle:g} min"
            for op in self.operation_ids
        ]

    def _log_structure_changes(self, before):
        """Post on the chatter what changed in the components and operations."""
        after = self._get_structure_summary()
        removed = [item for item in before if item not in after]
        added = [item for item in after if item not in before]
        if not removed and not added:
            return
        body = Markup("<ul>%s%s</ul>") % (
            Markup("").join(
                Markup("<li>%s</li>") % self.env._("Removed: %s", item) for item in removed
            ),
            Markup("").join(
                Markup("<li>%s</li>") % self.env._("Added: %s", item) for item in added
            ),
        )
        self.message_post(body=self.env._("Components or operations changed:") + body)

    def _check_customization_history(self):
        """Refuse to change a customization that done orders were produced with."""
        used = self.filtered(
            lambda b: b.is_customization and "done" in b.production_ids.mapped("state")
        )
        if used:
            raise UserError(
                self.env._(
                    "%(bom)s was used by finished manufacturing orders; changing it would "
                    "rewrite their history. Use 'Customize BoM' on the order to make a new "
                    "version instead.",
                    bom=used[0].display_name,
                )
            )


def _prepare_commands(rows, mapping):
    """Commands turning the records of ``mapping`` (source record: record to change) into
    the edited ``rows``, (source record or empty, values) pairs."""
    kept = {mapping[source]: vals for source, vals in rows if source}
    commands = [Command.delete(record.id) for record in mapping.values() if record not in kept]
    commands += [Command.update(record.id, vals) for record, vals in kept.items()]
    commands += [Command.create(vals) for source, vals in rows if not source]
    return commands
