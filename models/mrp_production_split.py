# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Tree split: an order and its whole open sub-tree split into parts in proportion, each
sub-order part chained to its parent's part, on top of Odoo's ``_split_productions``."""

from odoo import Command, fields, models
from odoo.exceptions import UserError
from odoo.tools import float_compare, float_round
from odoo.tools.misc import clean_context


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

    is_split_part = fields.Boolean(
        string="Split Part",
        readonly=True,
        copy=False,
        help="This order was created by splitting another order.",
    )

    def action_open_split_tree(self):
        self.ensure_one()
        self._check_tree_split_state()
        return self.env["mrp.production.tree.split"]._get_action(production_id=self.id)

    def _get_qty_to_split(self):
        """What is left to produce: the quantity not yet recorded as produced."""
        self.ensure_one()
        return self.product_qty - self.qty_producing

    def _get_split_rounding(self):
        """Smallest part of this order: its unit's rounding, or the decimal precision of
        quantities when that is coarser."""
        digits = self.env["decimal.precision"].precision_get("Product Unit of Measure")
        return max(self.product_uom_id.rounding, 10**-digits)

    def _get_equal_whole_parts(self, total, count):
        """``count`` equal parts of ``total`` in whole units for an order counted in units
        (its unit of measure is of Odoo's *Unit* category): every part but the last gets the
        same whole number, the nearest to an equal share, and the last one the rest, never
        less than one unit: 5 in 3 parts is 2 + 2 + 1, 10 in 3 parts is 3 + 3 + 4. Empty
        for other units, for a total that is not whole, or when the parts cannot all get a
        unit."""
        self.ensure_one()
        unit_category = self.env.ref("uom.product_uom_categ_unit", raise_if_not_found=False)
        if (
            count < 2
            or self.product_uom_id.category_id != unit_category
            or float_compare(total, round(total), precision_digits=6)
        ):
            return []
        total = round(total)
        each = max(int(total / count + 0.5), 1)  # half up: 7 in 2 parts is 4 + 3
        if each * (count - 1) >= total:
            each = total // count
        if each < 1:
            return []
        return [float(each)] * (count - 1) + [float(total - each * (count - 1))]

    def _check_tree_split(self, quantities):
        """Refuse a split of this order into ``quantities`` that cannot be done as asked."""
        self.ensure_one()
        self._check_tree_split_state()
        self._check_split_quantities(quantities)

    def _check_tree_split_state(self):
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

    def _check_split_quantities(self, quantities):
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
                    total=self._format_qty(sum(quantities)),
                    uom=self.product_uom_id.name,
                    remaining=self._format_qty(remaining),
                    production=self.name,
                )
            )

    def _split_productions(self, amounts=False, cancel_remaining_qty=False, set_consumed_qty=False):
        """Odoo's split wizard on an order of a tree splits the tree (``mpm_split_tree``)."""
        in_tree = len(self) == 1 and (self.parent_id or self._get_open_children())
        if self.env.context.get("mpm_split_tree") and amounts and in_tree:
            context = clean_context(dict(self.env.context, mpm_split_tree=False))
            # Replaced, not updated: the default_* keys must go.  # pylint: disable=context-overridden
            parts = self.with_context(context)._split_tree(amounts[self])
            return self.browse().concat(*(parts[i] for i in sorted(parts)))
        productions = super()._split_productions(amounts, cancel_remaining_qty, set_consumed_qty)
        if not amounts:  # backorders of what was produced (a tree split rewires its parts)
            (productions - self).filtered("parent_id")._schedule_before_parent()
            productions._get_open_children()._reparent_to_fed_orders()
        return productions

    def _reparent_to_fed_orders(self):
        """After their parent was split (a backorder, say), each of these sub-orders hangs
        under, and feeds only, the open order whose component move it feeds."""
        for child in self:
            finished = child._get_product_moves().filtered(
                lambda m: m.state not in ("done", "cancel")
            )
            dests = finished.move_dest_ids.filtered(
                lambda m: m.raw_material_production_id and m.state not in ("done", "cancel")
            )
            owner = (dests.raw_material_production_id - child.parent_id) or child.parent_id
            if len(owner) == 1 and owner != child.parent_id:
                child.parent_id = owner
                child._schedule_before_parent()
                finished.move_dest_ids = [
                    Command.set(
                        dests.filtered(lambda m, o=owner: m.raw_material_production_id == o).ids
                    )
                ]

    def _split_tree_into(self, parts):
        """Split this order and its sub-tree into ``parts``, dicts of ``quantity`` and the
        part's ``date_start``, ``date_deadline``, ``priority`` and ``cancel``; tell it on
        each order and cancel the parts asked for. Return the parts."""
        self.ensure_one()
        self._check_mpm_user()
        if parts and all(part.get("cancel") for part in parts):
            raise UserError(
                self.env._("Keep at least one part; to stop the whole order, cancel it.")
            )
        if parts[:1] and parts[0].get("cancel") and self.qty_producing:
            raise UserError(
                self.env._(
                    "The first part stays with %(production)s, which has already produced "
                    "%(qty)s %(uom)s: it cannot be cancelled.",
                    production=self.name,
                    qty=self._format_qty(self.qty_producing),
                    uom=self.product_uom_id.name,
                )
            )
        original_name = self.name
        # The wizard's context holds default_production_id: new moves would get it as theirs.
        # Replaced, not updated: the default_* keys must go.  # pylint: disable=context-overridden
        production = self.with_context(clean_context(self.env.context))
        split = production._split_tree([part["quantity"] for part in parts])
        for index, part in enumerate(parts):
            split[index]._apply_split_values(part)
        records = self.browse().concat(*split.values())
        production._post_split_messages(original_name, records)
        self.browse().concat(
            *(split[i] for i, part in enumerate(parts) if part.get("cancel"))
        ).action_cancel_tree()
        return records

    def _apply_split_values(self, values):
        """Give this part its priority and dates; its sub-orders move with its start."""
        self.ensure_one()
        self.priority = values.get("priority") or self.priority
        date_deadline, date_start = values.get("date_deadline"), values.get("date_start")
        if date_deadline and date_deadline != self.date_deadline:
            self.move_finished_ids.date_deadline = date_deadline
        if date_start and date_start != self.date_start:
            self.date_start = date_start  # its sub-tree follows

    def _post_split_messages(self, original_name, parts):
        summary = ", ".join(f"{p.name} ({p._format_qty(p.product_qty)})" for p in parts)
        self.message_post(
            body=self.env._(
                "%(name)s was split with its sub-orders into: %(parts)s.",
                name=original_name,
                parts=summary,
            )
        )
        for part in parts - self:
            part.message_post_with_source(
                "mail.message_origin_link",
                render_values={"self": part, "origin": self},
                subtype_xmlid="mail.mt_note",
            )

    def _split_tree(self, quantities):
        """Split this order's unproduced quantity into parts of ``quantities`` and every
        sub-order that is not done with it, each sub-order part chained to the part of its
        parent with the same index. Return, per part index, the part of this order.

        Odoo's ``_split_productions`` splits each level of the tree in one batch (moves,
        reservations, work orders), top down: a sub-order is split into what the component
        moves of its parent's parts then need, as Odoo rounded each part's moves and kept a
        reservation with its first part. The first part stays with the original order, with
        what it produced."""
        self._check_tree_split(quantities)
        levels = self._get_open_tree_levels()
        feeding = self._unchain_sub_orders(self.browse().concat(*levels[1:]))
        shares = list(quantities)
        shares[0] += self.qty_producing
        parts, resized = self._split_level({self: shares})
        for level in levels[1:]:
            level_parts, level_resized = self._split_level(
                level._get_tree_split_shares(parts, feeding)
            )
            parts.update(level_parts)
            resized |= level_resized
        new_parts = self.browse(
            {p.id for by_index in parts.values() for p in by_index.values()}
        ) - self.browse().concat(*levels)
        new_parts.is_split_part = True
        self._rewire_tree_parts(parts, feeding)
        new_parts.filtered("parent_id").sorted("tree_level")._schedule_before_parent()
        resized.parent_id.sorted("tree_level").with_context(mpm_follow_tree=True)._follow_quantity()
        return parts[self]

    def _get_open_tree_levels(self):
        """This order, then its open sub-orders level by level."""
        levels = [self]
        while children := levels[-1]._get_open_children():
            levels.append(children)
        return levels

    def _split_level(self, shares):
        """Split each order of ``shares`` (order: what it makes for each part, 0 where it
        makes nothing for that part; the first part keeps what it produced) in one batch.
        Return, per order, its parts by index, and the orders that went whole to one part
        but should make another quantity there."""
        amounts, indexes = {}, {}
        for production, production_shares in shares.items():
            indexes[production] = [i for i, share in enumerate(production_shares) if share]
            amounts[production] = [production_shares[i] for i in indexes[production]]
            amounts[production][0] = max(amounts[production][0], production.qty_producing)
        to_split = self.browse(p.id for p in shares if len(amounts[p]) > 1)
        # the parts make what their parents' parts need: more or less than before
        split = to_split and to_split.with_context(allow_more=True)._split_productions(
            {p: amounts[p] for p in to_split}, cancel_remaining_qty=True
        )
        parts, position = {}, 0
        resized = self.browse()
        for production in shares:
            if production in to_split:
                count = len(amounts[production])
                records = split[position : position + count]
                position += count
            else:
                records = production
                if float_compare(
                    amounts[production][0],
                    production.product_qty,
                    precision_rounding=production.product_uom_id.rounding,
                ):
                    resized |= production
            parts[production] = dict(zip(indexes[production], records, strict=True))
        return parts, resized

    def _get_tree_split_shares(self, parts, feeding):
        """Each of these sub-orders (one level of the tree) with its share of each part of
        its parent: what the copy, in that part, of the component move it fed still needs
        (``feeding``), shared in order among the sub-orders that fed the same move; in
        proportion to the parent's parts when it fed none."""
        shares = {}
        for parent in self.parent_id:
            parent_parts = parts[parent]
            count = max(parent_parts) + 1
            parent_shares = [0.0] * count
            for index, part in parent_parts.items():
                parent_shares[index] = part._get_qty_to_split()
            children = self.filtered(lambda c, parent=parent: c.parent_id == parent)
            for chained in {feeding[c] for c in children}:
                group = children.filtered(lambda c, chained=chained: feeding[c] == chained)
                if not chained:
                    for child in group:
                        shares[child] = split_quantity(
                            child._get_qty_to_split(), parent_shares, child._get_split_rounding()
                        )
                        first = next(i for i, share in enumerate(shares[child]) if share)
                        shares[child][first] += child.qty_producing
                    continue
                needs = [0.0] * count
                for index, part in parent_parts.items():
                    needs[index] = part._get_part_move(chained)._get_qty_unreserved()
                for position, child in enumerate(group):
                    shares[child] = child._take_split_needs(needs, last=position == len(group) - 1)
                    if not any(shares[child]):  # no part needs it: it stays with the first
                        shares[child][min(parent_parts)] = child.product_qty
        return shares

    def _take_split_needs(self, needs, last):
        """Take this sub-order's shares from ``needs`` (per part, in the product's unit,
        reduced in place): as much as it makes, or all that is left when it is the ``last``
        one; in its unit."""
        self.ensure_one()
        product_uom, uom = self.product_id.uom_id, self.product_uom_id
        left = uom._compute_quantity(self.product_qty, product_uom, round=False)
        shares = []
        for index, need in enumerate(needs):
            taken = max(need, 0.0) if last else min(max(need, 0.0), left)
            needs[index] -= taken
            left -= taken
            shares.append(
                float_round(
                    product_uom._compute_quantity(taken, uom, round=False),
                    precision_rounding=uom.rounding,
                )
            )
        return shares

    def _unchain_sub_orders(self, orders):
        """Unchain the sub-orders among ``orders`` (not this order) from the component moves
        they feed, before splitting: Odoo's split would copy every link to every part, and
        the date propagation along that mesh grows with the square of the parts. Return
        the move each one fed."""
        feeding, finished_moves = {}, self.env["stock.move"]
        for child in orders:
            if child != self:
                finished = child._get_product_moves()
                feeding[child] = finished.move_dest_ids[:1]
                finished_moves |= finished
        finished_moves.write({"move_dest_ids": [Command.clear()]})
        return feeding

    def _rewire_tree_parts(self, parts, feeding):
        """After a split, make each sub-order part the child of its parent's part of the same
        index and feed the copy, in that part, of the component move it fed before."""
        fed = self.env["stock.move"]
        for child, chained in feeding.items():
            parent_parts = parts[child.parent_id]
            for index, child_part in parts[child].items():
                parent_part = parent_parts[index]
                child_part.parent_id = parent_part
                dest = parent_part._get_part_move(chained)
                child_part._get_product_moves().move_dest_ids = [Command.set(dest.ids)]
                fed |= dest
        fed._recompute_state()

    def _get_part_move(self, move):
        """This part's copy of ``move``, a component move of the order it was split from:
        the move itself in the first part."""
        self.ensure_one()
        candidates = self.move_raw_ids.filtered(
            lambda m: (
                m.product_id == move.product_id
                and m.bom_line_id == move.bom_line_id
                and m.procure_method == "make_to_order"
                and m.state not in ("done", "cancel")
            )
        )
        return (candidates & move) or candidates[:1]
