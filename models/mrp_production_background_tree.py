# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import fields, models


class MrpProduction(models.Model):
    """Changes of a whole tree (split, Change Quantity, a customization, adopting trees at
    installation) run in the background above the company's size. A tree changes in one
    transaction, all or nothing, as it does at once: its job has one unit, the order."""

    _inherit = ["mrp.production", "mrp.production.background.mixin"]
    _name = "mrp.production"

    def _get_background_key(self):
        """Jobs work on a whole tree: every order of it shows the job and waits for it."""
        self.ensure_one()
        return (self.root_id or self).id

    def _get_open_tree_size(self):
        """How many not-done orders this order's change reaches: it and its sub-orders."""
        self.ensure_one()
        return self.search_count(
            [("id", "child_of", self.id), ("state", "not in", ("done", "cancel"))]
        )

    def _action_split_tree(self, parts):
        """Split now, or in the background for a large tree; the action for the user."""
        self.ensure_one()
        self._check_split_parts(parts)
        self._check_tree_split([part["quantity"] for part in parts])
        job = self._queue_background_job(
            "tree_split",
            self.ids,
            size=self._get_open_tree_size() * len(parts),
            payload={
                "parts": [
                    {
                        key: fields.Datetime.to_string(value) if key.startswith("date_") else value
                        for key, value in part.items()
                    }
                    for part in parts
                ]
            },
            name=self.env._("Split %s", self.name),
        )
        if job:
            return job._get_queued_notification()
        name = self.name
        return self._split_tree_into(parts)._get_list_action(self.env._("Parts of %s", name))

    def _background_tree_split(self, job, production_ids):
        parts = [
            {
                key: fields.Datetime.to_datetime(value) if key.startswith("date_") else value
                for key, value in part.items()
            }
            for part in job.payload["parts"]
        ]
        production = self.browse(production_ids)
        name = production.name
        records = production._split_tree_into(parts)
        job.payload = {**job.payload, "name": name, "part_ids": records.ids}

    def _background_tree_split_end(self, job):
        parts = self.browse(job.payload.get("part_ids", [])).exists()
        return self.env._(
            "%(name)s was split with its sub-orders into: %(parts)s.",
            name=job.payload.get("name", ""),
            parts=", ".join(parts.mapped("name")),
        )

    def _queue_quantity_change(self, product_qty):
        """Change Quantity of an order whose open sub-tree is large: in the background."""
        self.ensure_one()
        if not self.child_ids or not self._is_tree_followed():
            return self.env["mrp.production.background.job"]
        return self._queue_background_job(
            "tree_resize",
            self.ids,
            size=self._get_open_tree_size(),
            payload={"product_qty": product_qty},
            name=self.env._("Change the quantity of %s", self.name),
        )

    def _background_tree_resize(self, job, production_ids):
        wizard = self.env["change.production.qty"].create(
            {"mo_id": production_ids[0], "product_qty": job.payload["product_qty"]}
        )
        wizard.change_prod_qty()

    def _apply_bom_or_queue(self, bom):
        """Switch this order to ``bom`` now, or in the background for a large open tree.
        Return the job (empty when done now)."""
        self.ensure_one()
        job = self._queue_background_job(
            "tree_customize",
            self.ids,
            size=self._get_open_tree_size(),
            payload={"bom_id": bom.id},
            name=self.env._("Change the bill of materials of %s", self.name),
        )
        if not job:
            self._apply_bom(bom)
        return job

    def _background_tree_customize(self, job, production_ids):
        production = self.browse(production_ids)
        production._check_customizable()
        production._apply_bom(self.env["mrp.bom"].browse(job.payload["bom_id"]))

    def _background_tree_adopt(self, job, production_ids):
        self.browse(production_ids).exists().filtered(
            lambda p: not p.parent_id and p.state in ("confirmed", "progress", "to_close")
        )._adopt_trees()

    def _adopt_trees(self):
        """Existing orders (installing the addon on a database that has some): the orders
        Odoo's make-to-order procurement created for their components become their
        sub-orders, and each tree serves the sales order line its product is delivered for."""
        self._adopt_child_productions()
        for root in self.filtered(lambda p: not p.parent_id and not p.sale_line_id):
            line = root.move_finished_ids.move_dest_ids._get_downstream_sale_line()
            if line:
                root._link_sale_line(line)
