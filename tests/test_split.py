# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged
from odoo.tools import float_compare, float_round

from ..models.mrp_production_split import split_quantity
from .common import MpmCommon


@tagged("post_install", "-at_install")
class TestSplitQuantity(MpmCommon):
    @settings(max_examples=300, deadline=None)
    @given(
        total_steps=st.integers(min_value=1, max_value=10**6),
        weights=st.lists(st.integers(min_value=0, max_value=1000), min_size=1, max_size=12).filter(
            any
        ),
        rounding=st.sampled_from([1.0, 0.5, 0.01, 0.001]),
    )
    def test_shares_add_up_and_respect_rounding(self, total_steps, weights, rounding):
        total = float_round(total_steps * rounding, precision_rounding=rounding)
        shares = split_quantity(total, weights, rounding)
        self.assertEqual(float_compare(sum(shares), total, precision_rounding=rounding), 0)
        for share, weight in zip(shares, weights, strict=True):
            self.assertGreaterEqual(share, 0)
            self.assertEqual(float_round(share, precision_rounding=rounding), share)
            if not weight:
                self.assertEqual(share, 0)


@tagged("post_install", "-at_install")
class TestSplitTree(MpmCommon):
    def split(self, production, quantities, line_values=None):
        """Run the wizard as the manufacturing user; ``line_values``: index -> values."""
        line_values = line_values or {}
        form = Form(
            self.env["mrp.production.tree.split"]
            .with_user(self.mrp_user)
            .with_context(default_production_id=production.id)
        )
        form.part_count = len(quantities)
        for index, qty in enumerate(quantities):
            with form.line_ids.edit(index) as line:
                line.quantity = qty
                for field, value in line_values.get(index, {}).items():
                    setattr(line, field, value)
        action = form.save().action_split()
        return self.env["mrp.production"].search(action["domain"], order="id")

    def assert_chained(self, parts):
        for part in parts:
            for child in part.child_ids.filtered(lambda c: c.state != "cancel"):
                finished = child.move_finished_ids.filtered(
                    lambda m, c=child: m.product_id == c.product_id
                )
                dest = finished.move_dest_ids
                self.assertEqual(dest.raw_material_production_id, part)
                self.assertEqual(dest.move_orig_ids, finished)
                self.assertEqual(dest.product_id, child.product_id)
            self.assert_chained(part.child_ids)

    def snapshot(self, root):
        tree = self.tree_of(root)
        return {
            "count": self.env["mrp.production"].search_count([]),
            "quantities": sorted(tree.mapped(lambda p: (p.product_id.id, p.product_qty))),
            "names": sorted(tree.mapped("name")),
            "moves": self.env["stock.move"].search_count([]),
        }

    def test_split_tree_30_30_40(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.env.ref("mrp_production_management.partner_ege_aydinlatma").id,
                "order_line": [Command.create({"product_id": self.sfp.id, "product_uom_qty": 100})],
            }
        )
        order.action_confirm()
        order.order_line.action_create_production()
        sfp = order.order_line.production_ids.filtered("is_sale_line_top")
        # Customized for the customer: 1.5 g of epoxy (grams on a product in units) and
        # three screws a unit.
        form = Form(
            self.env["mrp.bom.customize"]
            .with_user(self.mrp_user)
            .with_context(default_production_id=sfp.id)
        )
        with form.line_ids.new() as line:
            line.product_id = self.epoxy
            line.product_qty = 1.5
            line.product_uom_id = self.uom_gram
        screw_index = [line["product_id"] for line in form.line_ids._records].index(self.screw.id)
        with form.line_ids.edit(screw_index) as line:
            line.product_qty = 3
        form.reason_ids.add(
            self.env.ref("mrp_production_management.reason_customize_customer_request")
        )
        form.save().action_save()
        customization = sfp.bom_id
        self.assertTrue(customization.is_customization)
        before = {p.product_id: p.product_qty for p in self.tree_of(sfp)}
        name = sfp.name
        parts = self.split(sfp, [30, 30, 40])
        self.assertEqual(parts.bom_id, customization)
        for product, total in ((self.epoxy, 150), (self.screw, 300)):
            moves = parts.move_raw_ids.filtered(lambda m, p=product: m.product_id == p)
            shares = [total * 0.3, total * 0.3, total * 0.4]
            self.assertEqual(moves.mapped("product_uom_qty"), shares)
        # The lens assemblies' own epoxy, 0.5 g each, two per OSA: 100 g split 30/30/40.
        lenses = parts.descendant_ids.filtered(lambda p: p.product_id == self.lens)
        lens_epoxy = lenses.move_raw_ids.filtered(lambda m: m.product_id == self.epoxy)
        self.assertEqual(sorted(lens_epoxy.mapped("product_uom_qty")), [30, 30, 40])
        self.assertEqual(len(parts), 3)
        self.assertEqual(parts.mapped("product_qty"), [30, 30, 40])
        self.assertEqual(parts[0], sfp)
        self.assertEqual(parts.mapped("name"), [f"{name}-001", f"{name}-002", f"{name}-003"])
        all_nodes = parts | parts.descendant_ids
        self.assertEqual(len(all_nodes), 12)
        for product, qty in before.items():
            nodes = all_nodes.filtered(lambda p, product=product: p.product_id == product)
            self.assertEqual(len(nodes), 3)
            self.assertEqual(sum(nodes.mapped("product_qty")), qty)
        for part in parts:
            ratio = part.product_qty / 100
            osa = part.child_ids.filtered(lambda c: c.product_id == self.osa)
            self.assertEqual(osa.product_qty, 100 * ratio)
            self.assertEqual(osa.child_ids.product_qty, 200 * ratio)
            self.assertEqual(len(part.child_ids), 2)
            osa_move = part.move_raw_ids.filtered(lambda m: m.product_id == self.osa)
            self.assertEqual(osa_move.product_uom_qty, 100 * ratio)
        self.assert_chained(parts)
        self.assertEqual(all_nodes.sale_line_id, order.order_line)
        self.assertEqual(order.order_line.production_state, "planned")
        self.assertEqual(len(order.order_line.production_ids.filtered("is_sale_line_top")), 3)
        self.assertIn(parts[2].name, sfp.message_ids[0].body)
        self.assertIn(sfp.name, parts[1].message_ids[0].body)

    def proposed_parts(self, production, count):
        form = Form(
            self.env["mrp.production.tree.split"]
            .with_user(self.mrp_user)
            .with_context(default_production_id=production.id)
        )
        form.part_count = count
        return [line["quantity"] for line in form.line_ids._records]

    def test_equal_parts_of_a_unit_product_are_whole_units(self):
        """N equal parts of an order counted in units: the same whole number in every part
        but the last, the nearest to an equal share; the last takes the rest."""
        lamp = self.create_product("Split Lamp")
        self.create_bom(lamp, [(self.screw, 1)])
        for qty, count, parts in (
            (5, 3, [2, 2, 1]),
            (10, 3, [3, 3, 4]),
            (11, 3, [4, 4, 3]),
            (7, 2, [4, 3]),
            (4, 3, [1, 1, 2]),
            (12, 4, [3, 3, 3, 3]),
        ):
            production = self.create_mo(lamp, qty)
            self.assertEqual(self.proposed_parts(production, count), parts, (qty, count))
        # Fewer units than parts: whole units cannot be had, the unit's rounding is used.
        self.assertEqual(self.proposed_parts(self.create_mo(lamp, 2), 3), [0.66, 0.66, 0.68])
        # A product in kilograms is shared to its unit's rounding, the rest on the last part.
        paste = self.create_product("Split Paste", uom_id=self.env.ref("uom.product_uom_kgm").id)
        paste.uom_po_id = paste.uom_id
        self.create_bom(paste, [(self.screw, 1)])
        self.assertEqual(self.proposed_parts(self.create_mo(paste, 5), 3), [1.66, 1.66, 1.68])

    def test_part_starting_after_its_deadline_is_warned(self):
        production = self.create_mo(self.led_driver, 4)
        form = Form(
            self.env["mrp.production.tree.split"]
            .with_user(self.mrp_user)
            .with_context(default_production_id=production.id)
        )
        form.part_count = 3
        self.assertFalse(form.late_warning)
        start = production.date_start
        with form.line_ids.edit(1) as line:
            line.date_start = start + timedelta(days=10)
            line.date_deadline = start + timedelta(days=5)
        self.assertEqual(
            form.late_warning,
            "Part 2 starts after its deadline: move its start earlier or its deadline later.",
        )
        with form.line_ids.edit(1) as line:
            line.cancel = True  # a cancelled part starts nowhere
        self.assertFalse(form.late_warning)
        with form.line_ids.edit(1) as line:
            line.cancel = False
            line.date_deadline = start + timedelta(days=20)
        self.assertFalse(form.late_warning)

    def test_cancel_and_postpone_parts(self):
        sfp = self.create_mo(self.sfp, 10)
        start = sfp.date_start
        later = start + timedelta(days=5)
        deadline = start + timedelta(days=9)
        parts = self.split(
            sfp,
            [3, 3, 4],
            {
                1: {"date_start": later, "date_deadline": deadline, "priority": "1"},
                2: {"cancel": True},
            },
        )
        postponed, cancelled = parts[1], parts[2]
        self.assertEqual(set((cancelled | cancelled.descendant_ids).mapped("state")), {"cancel"})
        self.assertEqual(set((parts[0] | parts[0].descendant_ids).mapped("state")), {"confirmed"})
        self.assertEqual((postponed.date_start, postponed.priority), (later, "1"))
        self.assertEqual(postponed.date_deadline, deadline)
        for child in postponed.descendant_ids:
            self.assertLessEqual(child.date_finished, child.parent_id.date_start)
            self.assertGreater(child.date_start, start)
        self.assertEqual(parts[0].date_start, start)

    def test_uom_rounding_each_sub_order_part_makes_what_its_part_needs(self):
        kg = self.env.ref("uom.product_uom_kgm")
        compound = self.create_product("Potting Compound", uom_id=kg.id, uom_po_id=kg.id)
        screw = self.env.ref("mrp_production_management.raw_screw_m2")
        self.create_bom(compound, [(screw, 1)], product_uom_id=kg.id)
        driver = self.create_product("Potted Driver")
        self.create_bom(driver, [(compound, 333, self.uom_gram)], qty=2)
        production = self.create_mo(driver, 20)
        child = production.child_ids
        self.assertEqual((child.product_qty, child.product_uom_id.name), (3.33, "kg"))
        parts = self.split(production, [7, 7, 6])
        children = parts.child_ids.sorted(lambda c: parts.ids.index(c.parent_id.id))
        # Odoo rounds each part's component move on its own: 1.1655 → 1.17, 0.999 → 1.00;
        # each sub-order part makes just that, not less (it would leave its part short)
        self.assertEqual(children.mapped("product_qty"), [1.17, 1.17, 1.0])
        self.assertEqual(parts._get_tree_problems(), [])
        self.assert_chained(parts)

    def test_partially_produced_splits_only_the_rest(self):
        sfp = self.create_mo(self.sfp, 10)
        for production in sfp.descendant_ids.sorted("tree_level", reverse=True):
            self.produce(production)
        form = Form(sfp)
        form.qty_producing = 4
        form.save()
        wizard = self.env["mrp.production.tree.split"].create({"production_id": sfp.id})
        self.assertEqual((wizard.qty_to_split, wizard.sub_production_count), (6, 0))
        parts = self.split(sfp, [2, 4])
        self.assertEqual(parts.mapped("product_qty"), [6, 4])
        self.assertEqual(parts.mapped("qty_producing"), [4, 0])
        with self.assertRaises(UserError) as refused:
            self.split(parts[0], [2, 4], {0: {"cancel": True}})
        self.assertIn("already produced", str(refused.exception))

    def test_refusals_change_nothing(self):
        sfp = self.create_mo(self.sfp, 10)
        before = self.snapshot(sfp)
        for quantities, message in [
            ([5, 0, 5], "positive multiple"),
            ([11, -1], "positive multiple"),
            ([4, 4], "add up to 8"),
            ([5, 5.5], "add up to 10.5"),
            ([9.995, 0.005], "positive multiple"),
            ([10], "two parts or more"),
        ]:
            with self.assertRaises(UserError) as refused:
                sfp._split_tree(quantities)
            self.assertIn(message, str(refused.exception))
        with self.assertRaises(UserError) as refused:
            self.split(sfp, [5, 5], {0: {"cancel": True}, 1: {"cancel": True}})
        self.assertIn("at least one part", str(refused.exception))
        osa = sfp.child_ids.filtered(lambda c: c.product_id == self.osa)
        with self.assertRaises(UserError) as refused:
            osa._split_tree([5, 5])
        self.assertIn(f"split {sfp.name} instead", str(refused.exception))
        self.assertEqual(self.snapshot(sfp), before)
        sfp.is_suspended = True
        with self.assertRaises(UserError) as refused:
            sfp._split_tree([5, 5])
        self.assertIn("is suspended", str(refused.exception))
        sfp.is_suspended = False
        sfp.action_cancel()
        with self.assertRaises(UserError) as refused:
            sfp._split_tree([5, 5])
        self.assertIn("done or cancelled", str(refused.exception))
        with self.assertRaises(AccessError):
            self.env["mrp.production.tree.split"].with_user(self.sale_user).create(
                {"production_id": sfp.id}
            )

    def test_sales_statuses_follow_the_parts(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.env.ref("mrp_production_management.partner_ege_aydinlatma").id,
                "commitment_date": fields.Datetime.now() + timedelta(days=3),
                "order_line": [Command.create({"product_id": self.sfp.id, "product_uom_qty": 4})],
            }
        )
        order.action_confirm()
        order.order_line.action_create_production()
        sfp = order.order_line.production_ids.filtered("is_sale_line_top")
        late = order.commitment_date + timedelta(days=2)
        parts = self.split(sfp, [2, 2], {1: {"date_start": late}})
        self.assertTrue(order.is_production_late)
        for production in (parts[0].descendant_ids).sorted("tree_level", reverse=True):
            self.produce(production)
        self.produce(parts[0])
        line = order.order_line
        self.assertEqual((line.qty_produced, line.production_state), (2, "partial"))

    @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        branches=st.lists(st.integers(min_value=1, max_value=7), min_size=1, max_size=3),
        qty=st.integers(min_value=2, max_value=60),
        parts=st.integers(min_value=2, max_value=6),
        seed=st.randoms(use_true_random=False),
    )
    def test_property_every_part_makes_what_its_parent_part_needs(self, branches, qty, parts, seed):
        with self.env.cr.savepoint(flush=False) as savepoint:
            raw = self.env.ref("mrp_production_management.raw_screw_m2")
            top = component = None
            for depth, line_qty in enumerate([*branches, 1]):
                product = self.create_product(f"Random level {depth}")
                if component:
                    bom_qty = seed.choice([1, 2, 3])
                    self.create_bom(product, [(component, line_qty), (raw, 1)], qty=bom_qty)
                else:
                    self.create_bom(product, [(raw, line_qty)])
                component, top = product, product
            production = self.create_mo(top, qty)
            tree = self.tree_of(production)
            before = {p.product_id: p.product_qty for p in tree}
            cuts = sorted(seed.sample(range(1, qty), min(parts, qty) - 1))
            quantities = [b - a for a, b in zip([0, *cuts], [*cuts, qty], strict=True)]
            result = production._split_tree(quantities)
            nodes = self.env["mrp.production"].concat(*result.values())
            nodes |= nodes.descendant_ids
            # the top's quantity is conserved exactly; below, each part makes what the
            # component move of its parent's part needs (Odoo rounds each part's moves)
            tops = nodes.filtered(lambda p: p.product_id == top)
            self.assertAlmostEqual(sum(tops.mapped("product_qty")), qty, places=6)
            self.assertEqual(tops._get_tree_problems(), [])
            for product in before:
                same = nodes.filtered(lambda p, product=product: p.product_id == product)
                rounding = same[:1]._get_split_rounding()
                self.assertTrue(all(q >= rounding for q in same.mapped("product_qty")))
            self.assert_chained(self.env["mrp.production"].concat(*result.values()))
            savepoint.rollback()
