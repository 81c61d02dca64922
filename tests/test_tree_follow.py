# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""The tree follows its orders on Odoo's own paths: Change Quantity, a form edit of the
start, the star, the responsible."""

from datetime import timedelta

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged
from odoo.tools import format_datetime

from .common import MpmCommon


@tagged("post_install", "-at_install")
class TestTreeFollow(MpmCommon):
    def change_quantity(self, production, qty):
        """Odoo's *Change Quantity To Produce*, as the button opens it."""
        form = Form(
            self.env["change.production.qty"]
            .with_user(self.mrp_user)
            .with_context(active_model="mrp.production", active_id=production.id)
        )
        form.product_qty = qty
        form.save().change_prod_qty()

    def exception_activities(self, tree):
        return tree.activity_ids.filtered(lambda a: "Exception" in (a.note or ""))

    def test_change_quantity_resizes_the_sub_tree(self):
        sfp = self.create_mo(self.sfp, 10)
        tree = self.tree_of(sfp)
        per_unit = {node: node.product_qty / 10 for node in tree}
        for qty in (15, 4):
            self.change_quantity(sfp, qty)
            self.assertEqual(self.tree_of(sfp), tree)
            for node in tree:
                self.assertAlmostEqual(node.product_qty, per_unit[node] * qty)
                finished = node.move_finished_ids.filtered(
                    lambda m, n=node: m.product_id == n.product_id
                )
                self.assertEqual(len(finished), 1, f"{node.name} keeps one finished move")
            self.assertEqual(sfp._get_tree_problems(), [])
            self.assertFalse(self.exception_activities(tree))

    def test_change_quantity_previews_the_sub_orders(self):
        sfp = self.create_mo(self.sfp, 10)
        osa = sfp.child_ids.filtered(lambda c: c.product_id == self.osa)
        form = Form(
            self.env["change.production.qty"]
            .with_user(self.mrp_user)
            .with_context(active_model="mrp.production", active_id=sfp.id)
        )
        form.product_qty = 15
        self.assertIn(osa.name, form.sub_order_preview)
        self.assertIn("10.00 → 15.00 Units", form.sub_order_preview)
        self.assertEqual(osa.product_qty, 10, "nothing changes before it is applied")
        lens = osa.child_ids
        self.assertFalse(lens.child_ids)
        leaf = Form(
            self.env["change.production.qty"]
            .with_user(self.mrp_user)
            .with_context(active_model="mrp.production", active_id=lens.id)
        )
        self.assertFalse(leaf.sub_order_preview, "no sub-orders, nothing to preview")

    def test_change_quantity_of_a_dozen_based_tree(self):
        module = self.create_mo(self.led_module, 3)
        tree = self.tree_of(module)
        self.change_quantity(module, 5)
        self.assertEqual(module._get_tree_problems(), [])
        array = module.child_ids.filtered(lambda c: c.product_id == self.led_array)
        self.assertEqual(array.product_qty, 5)
        self.assertFalse(self.exception_activities(tree))

    def test_moving_the_start_moves_the_sub_tree(self):
        sfp = self.create_mo(self.sfp, 10)
        tree = self.tree_of(sfp)
        before = {node: node.date_start for node in tree}
        form = Form(sfp.with_user(self.mrp_user))
        form.date_start = sfp.date_start - timedelta(days=5)
        form.save()
        self.assertEqual(sfp._get_tree_problems(), [])
        for node in tree - sfp:
            self.assertLessEqual(node.date_finished, node.parent_id.date_start)
            self.assertLessEqual(node.date_start, before[node] - timedelta(days=5))
        # later: the sub-orders stay just in time, moved by as much
        earlier = {node: node.date_start for node in tree}
        sfp.with_user(self.mrp_user).date_start += timedelta(days=8)
        for node in tree:
            self.assertEqual(node.date_start, earlier[node] + timedelta(days=8))
        self.assertEqual(sfp._get_tree_problems(), [])

    def test_moving_the_start_previews_the_sub_orders(self):
        sfp = self.create_mo(self.sfp, 10)
        new_start = sfp.date_start - timedelta(days=5)
        form = Form(sfp.with_user(self.mrp_user))
        self.assertFalse(form.sub_order_date_preview)
        form.date_start = new_start
        preview = str(form.sub_order_date_preview)
        planned = dict(sfp._get_dates_preview(new_start))
        self.assertEqual(set(planned), set(sfp.descendant_ids))
        for node, date_start in planned.items():
            self.assertIn(node.name, preview)
            self.assertIn(format_datetime(self.env(user=self.mrp_user), date_start), preview)
        form.save()
        self.assertEqual({node: node.date_start for node in sfp.descendant_ids}, planned)

    def test_star_and_responsible_flow_down(self):
        sfp = self.create_mo(self.sfp, 2)
        tree = self.tree_of(sfp)
        form = Form(sfp.with_user(self.mrp_user))
        form.priority = "1"
        form.user_id = self.mrp_manager
        form.save()
        self.assertEqual(set(tree.mapped("priority")), {"1"})
        self.assertEqual(tree.user_id, self.mrp_manager)
        self.assertEqual(sfp._get_tree_problems(), [])

    def test_tree_check_names_what_is_broken(self):
        sfp = self.create_mo(self.sfp, 2)
        osa = sfp.child_ids.filtered(lambda c: c.product_id == self.osa)
        osa.with_context(mpm_from_parent=True).priority = "1"
        osa.move_finished_ids.move_dest_ids.with_context(no_procurement=True).product_uom_qty = 3
        problems = sfp._get_tree_problems()
        self.assertIn(f"{osa.name} makes 2.00 Units but {sfp.name} needs 3.00.", problems)
        self.assertIn(f"{osa.name} does not have the priority of {sfp.name}.", problems)

    def test_tree_check_names_a_lost_suspension(self):
        sfp = self.create_mo(self.sfp, 2)
        reason = self.env.ref("mrp_production_management.reason_suspend_material_shortage")
        sfp.with_user(self.mrp_user)._suspend(reason)
        self.assertEqual(sfp._get_tree_problems(), [])
        sfp.is_suspended = False  # as an import would, not through Resume
        osa = sfp.child_ids.filtered(lambda c: c.product_id == self.osa)
        self.assertIn(
            f"{osa.name} was suspended with {sfp.name}, which has been resumed.",
            sfp._get_tree_problems(),
        )

    def test_tree_check_names_a_sales_line_covered_beyond_its_need(self):
        customer = self.env.ref("mrp_production_management.partner_ege_aydinlatma")
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [Command.create({"product_id": self.sfp.id, "product_uom_qty": 2})],
            }
        )
        order.action_confirm()
        sfp = self.create_mo(self.sfp, 2)
        sfp.with_user(self.mrp_user)._link_to_sale_line(order.order_line)
        self.assertEqual(sfp._get_tree_problems(), [])
        self.change_quantity(sfp, 3)
        self.assertEqual(
            sfp._get_tree_problems(),
            [
                (
                    f"{sfp.name} make 3.00 Units of {self.sfp.display_name} for {order.name}, "
                    "which orders 2.00."
                )
            ],
        )
        # linked on purpose with 'Accept Over-production': not a problem
        more = self.create_mo(self.sfp, 1)
        more.with_user(self.mrp_user)._link_to_sale_line(order.order_line, True)
        self.assertEqual(sfp._get_tree_problems(), [])

    def odoo_split(self, production, parts):
        """Odoo's own Split, from the gear menu, into ``parts`` equal parts."""
        action = production.with_user(self.mrp_user).action_split()
        form = Form(
            self.env[action["res_model"]].with_user(self.mrp_user).with_context(**action["context"])
        )
        form.counter = parts
        form.save().action_split()

    def test_odoo_split_splits_the_tree(self):
        sfp = self.create_mo(self.sfp, 10)
        per_unit = {node.product_id: node.product_qty / 10 for node in self.tree_of(sfp)}
        self.odoo_split(sfp, 2)
        parts = self.env["mrp.production"].search(
            [("procurement_group_id", "=", sfp.procurement_group_id.id), ("parent_id", "=", False)]
        )
        self.assertEqual(parts.mapped("product_qty"), [5, 5])
        for part in parts:
            self.assertEqual(part._get_tree_problems(), [])
            for node in self.tree_of(part):
                self.assertEqual(node.product_qty, per_unit[node.product_id] * 5)

    def test_odoo_split_of_a_sub_order_is_refused(self):
        sfp = self.create_mo(self.sfp, 10)
        osa = sfp.child_ids.filtered(lambda c: c.product_id == self.osa)
        with self.assertRaisesRegex(UserError, f"{osa.name} is a sub-order of {sfp.name}"):
            self.odoo_split(osa, 2)
        self.assertEqual(osa.product_qty, 10)

    def test_merge_in_trees_is_refused(self):
        first, second = self.create_mo(self.sfp, 2), self.create_mo(self.sfp, 3)
        with self.assertRaisesRegex(UserError, "cannot be merged"):
            (first | second).with_user(self.mrp_user).action_merge()
        self.assertEqual((first.state, second.state), ("confirmed", "confirmed"))

    def test_resume_brings_back_the_sub_tree(self):
        sfp = self.create_mo(self.sfp, 2)
        tree = self.tree_of(sfp)
        reason = self.env.ref("mrp_production_management.reason_suspend_material_shortage")
        self.env["mrp.production.suspend"].with_user(self.mrp_user).create(
            {"production_ids": [Command.set(sfp.ids)], "reason_id": reason.id}
        ).action_suspend()
        self.assertEqual(set(tree.mapped("is_suspended")), {True})
        sfp.with_user(self.mrp_user).action_resume()
        self.assertEqual(set(tree.mapped("is_suspended")), {False})

    def test_cancelling_a_tree_leaves_no_exception_activities(self):
        sfp = self.create_mo(self.sfp, 2)
        tree = self.tree_of(sfp)
        sfp.with_user(self.mrp_user).action_cancel_tree()
        self.assertEqual(set(tree.mapped("state")), {"cancel"})
        self.assertFalse(self.exception_activities(tree))

    def produce_with_backorder(self, production, qty):
        """Produce ``qty`` the standard way and let Odoo make a backorder of the rest."""
        form = Form(production.with_user(self.mrp_user))
        form.qty_producing = qty
        production = form.save()
        production.move_raw_ids.picked = True
        action = production.button_mark_done()
        Form(
            self.env["mrp.production.backorder"].with_context(**action["context"])
        ).save().action_backorder()
        return production.procurement_group_id.mrp_production_ids.filtered(
            lambda p: p.product_id == production.product_id and p.state != "done"
        )

    def test_backorders_of_sub_orders_hang_under_the_backorder_they_feed(self):
        sfp = self.create_mo(self.sfp, 10)
        osa = sfp.child_ids.filtered(lambda c: c.product_id == self.osa)
        lens = osa.child_ids
        lens_rest = self.produce_with_backorder(lens, lens.product_qty * 2 / 5)
        self.assertEqual(lens_rest.parent_id, osa)
        osa_rest = self.produce_with_backorder(osa, 4)
        self.assertEqual(osa_rest.product_qty, 6)
        self.assertEqual(lens_rest.parent_id, osa_rest)
        self.assertEqual(lens_rest._get_fed_moves().raw_material_production_id, osa_rest, "fed 1:1")
        self.assertEqual(
            [p for p in sfp._get_tree_problems() if osa_rest.name in p or lens_rest.name in p],
            [],
        )

    def test_a_sub_order_no_longer_needed_is_cancelled(self):
        sfp = self.create_mo(self.sfp, 10)
        osa = sfp.child_ids.filtered(lambda c: c.product_id == self.osa)
        lens_rest = self.produce_with_backorder(osa.child_ids, osa.child_ids.product_qty / 2)
        # half the lenses are made and reserved for OSA: half the order needs no more
        self.change_quantity(sfp, 5)
        self.assertEqual(lens_rest.state, "cancel")
        self.assertFalse(self.exception_activities(self.tree_of(sfp)))
        self.assertEqual(sfp._get_tree_problems(), [])

    def test_a_scrapped_sub_assembly_is_made_again_by_its_open_sub_order(self):
        sfp = self.create_mo(self.sfp, 10)
        osa = sfp.child_ids.filtered(lambda c: c.product_id == self.osa)
        lens = osa.child_ids
        lens_rest = self.produce_with_backorder(lens, lens.product_qty / 2)
        before = lens_rest.product_qty
        scrap = (
            self.env["stock.scrap"]
            .with_user(self.mrp_user)
            .create(
                {
                    "production_id": osa.id,
                    "product_id": self.lens.id,
                    "scrap_qty": 1,
                    "location_id": osa.location_src_id.id,
                }
            )
        )
        scrap.do_scrap()
        # Odoo would unchain the component move; here it stays fed and the rest grows by 1
        self.assertEqual(lens_rest.product_qty, before + 1)
        self.assertEqual(lens_rest._get_fed_moves().raw_material_production_id, osa)
        self.assertEqual(sfp._get_tree_problems(), [])

    def test_untracked_sub_assemblies_split_after_a_backorder(self):
        """Products whose stock is not tracked: Odoo marks their moves available at once and
        links a done part to every part of the move it fed; it counts once."""
        raw = self.create_product("Untracked raw", is_storable=False)
        sub = self.create_product("Untracked sub", is_storable=False)
        mid = self.create_product("Untracked mid", is_storable=False)
        top = self.create_product("Untracked top", is_storable=False)
        for product, component, qty in ((sub, raw, 4), (mid, sub, 3), (top, mid, 2)):
            self.create_bom(product, [(component, qty)])
        production = self.create_mo(top, 10)
        sub_order = production.child_ids.child_ids
        rest = self.produce_with_backorder(sub_order, 20)
        self.assertEqual(rest.product_qty, 40)
        self.assertEqual(production._get_tree_problems(), [])
        parts = production.with_user(self.mrp_user)._split_tree([5, 5])
        mids = parts[0].child_ids | parts[1].child_ids
        self.assertEqual(mids.mapped("product_qty"), [10, 10])
        # the 20 done went to the first part: its sub-order makes 10 more, the other 30
        self.assertEqual(
            [mid.child_ids.filtered(lambda c: c.state != "done").product_qty for mid in mids],
            [10, 30],
        )
        tops = self.env["mrp.production"].concat(*parts.values())
        self.assertEqual(tops._get_tree_problems(), [])

    def test_a_scrap_taking_another_orders_sub_assembly_is_made_again(self):
        sfp = self.create_mo(self.sfp, 10)
        osa = sfp.child_ids.filtered(lambda c: c.product_id == self.osa)
        lens_rest = self.produce_with_backorder(osa.child_ids, osa.child_ids.product_qty / 2)
        before = lens_rest.product_qty
        lens_move = osa.move_raw_ids.filtered(lambda m: m.product_id == self.lens)
        self.assertEqual(lens_move.quantity, before)  # the done half is reserved for OSA
        # a scrap from stock, for no order: Odoo takes the units reserved for OSA
        self.env["stock.scrap"].with_user(self.mrp_user).create(
            {"product_id": self.lens.id, "scrap_qty": 1, "location_id": osa.location_src_id.id}
        ).do_scrap()
        self.assertEqual(lens_move.quantity, before - 1)
        self.assertEqual(lens_rest.product_qty, before + 1)
        self.assertEqual(sfp._get_tree_problems(), [])

    def test_backorders_of_backorders_keep_what_is_needed_exact(self):
        """1.1 units needed, made 0.55 + 0.28 + 0.14: the last backorder makes the 0.13 left
        (1.1 - 0.97 is 0.13000000000000012 in floats; rounded up it was 0.14)."""
        raw = self.create_product("Backorder raw")
        sub = self.create_product("Backorder sub")
        top = self.create_product("Backorder top")
        self.create_bom(sub, [(raw, 1)])
        self.create_bom(top, [(sub, 1.1)])
        production = self.create_mo(top, 1)
        rest = production.child_ids
        for qty in (0.55, 0.28, 0.14):
            rest = self.produce_with_backorder(rest, qty)
        self.assertEqual(rest.product_qty, 0.13)
        self.assertEqual(rest.parent_id, production)
        self.assertEqual(production._get_tree_problems(), [])

    def test_output_refilling_stock_taken_below_zero_is_made_again(self):
        raw = self.create_product("Refill raw")
        sub = self.create_product("Refill sub")
        top = self.create_product("Refill top")
        self.create_bom(sub, [(raw, 1)])
        self.create_bom(top, [(sub, 1)])
        production = self.create_mo(top, 8)
        # a delivery takes a sub-assembly that is not in stock: stock goes to -1
        customers = self.env.ref("stock.stock_location_customers")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": self.env.ref("stock.picking_type_out").id,
                "location_id": self.stock_location.id,
                "location_dest_id": customers.id,
                "move_ids": [
                    Command.create(
                        {
                            "name": sub.name,
                            "product_id": sub.id,
                            "product_uom_qty": 1,
                            "product_uom": sub.uom_id.id,
                            "location_id": self.stock_location.id,
                            "location_dest_id": customers.id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.write({"quantity": 1, "picked": True})
        picking.button_validate()
        # half the sub-order is made: 1 of its 4 fills the hole, 3 reach the order
        rest = self.produce_with_backorder(production.child_ids, 4)
        component = production.move_raw_ids.filtered(lambda m: m.product_id == sub)
        self.assertEqual(component.quantity, 3)
        self.assertEqual(rest.product_qty, 5, "the rest makes what the order still needs")
        self.assertEqual(production._get_tree_problems(), [])

    def test_a_done_sub_order_cannot_follow_and_says_so(self):
        sfp = self.create_mo(self.sfp, 10)
        osa = sfp.child_ids.filtered(lambda c: c.product_id == self.osa)
        lens = self.produce(osa.child_ids.with_user(self.mrp_user))
        self.assertEqual(lens.state, "done")
        made = lens.product_qty
        self.change_quantity(sfp, 15)
        self.assertEqual(osa.product_qty, 15)
        self.assertEqual(osa.child_ids, lens, "nothing is made behind the planner's back")
        warning = osa.activity_ids.filtered(lambda a: "Create Sub-orders" in (a.note or ""))
        self.assertEqual(len(warning), 1, "one clear activity on the order that is short")
        self.assertIn(lens.name, warning.note)
        self.assertIn(self.lens.display_name, warning.note)
        self.assertFalse(self.exception_activities(self.tree_of(sfp)))
        # Create Sub-orders makes the rest, with the done sub-order's BoM, fed 1:1
        osa.with_user(self.mrp_user).action_create_child_productions()
        rest = osa.child_ids - lens
        self.assertEqual(rest.product_qty, made / 2)
        self.assertEqual(rest.bom_id, lens.bom_id)
        self.assertEqual(rest._get_fed_moves().raw_material_production_id, osa)
        self.assertEqual(sfp._get_tree_problems(), [])
        osa.with_user(self.mrp_user).action_create_child_productions()
        self.assertEqual(osa.child_ids, lens | rest, "pressed twice, nothing more")

    def test_a_delivery_taking_reserved_sub_assemblies_has_them_made_again(self):
        sfp = self.create_mo(self.sfp, 10)
        osa = sfp.child_ids.filtered(lambda c: c.product_id == self.osa)
        lens_rest = self.produce_with_backorder(osa.child_ids, osa.child_ids.product_qty / 2)
        before = lens_rest.product_qty
        lens_move = osa.move_raw_ids.filtered(lambda m: m.product_id == self.lens)
        # a delivery picks 2 lenses that are all reserved for OSA and is validated
        picking_type = self.env.ref("stock.picking_type_out")
        picking = self.env["stock.picking"].create(
            {
                "picking_type_id": picking_type.id,
                "location_id": osa.location_src_id.id,
                "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                "move_ids": [
                    Command.create(
                        {
                            "name": self.lens.name,
                            "product_id": self.lens.id,
                            "product_uom_qty": 2,
                            "product_uom": self.lens.uom_id.id,
                            "location_id": osa.location_src_id.id,
                            "location_dest_id": self.env.ref("stock.stock_location_customers").id,
                        }
                    )
                ],
            }
        )
        picking.action_confirm()
        picking.move_ids.write({"quantity": 2, "picked": True})
        picking.button_validate()
        self.assertEqual(picking.state, "done")
        self.assertEqual(lens_move.quantity, before - 2)
        self.assertEqual(lens_rest.product_qty, before + 2, "the open rest makes them again")
        self.assertEqual(lens_rest._get_fed_moves().raw_material_production_id, osa)
        self.assertEqual(sfp._get_tree_problems(), [])

    def test_customize_split_and_produce_keep_each_part_its_moves(self):
        sfp = self.create_mo(self.sfp, 2)
        form = Form(
            self.env["mrp.bom.customize"]
            .with_user(self.mrp_user)
            .with_context(default_production_id=sfp.id)
        )
        with form.line_ids.new() as line:
            line.product_id = self.epoxy
            line.product_qty = 0.5
        form.reason_ids.add(
            self.env.ref("mrp_production_management.reason_customize_customer_request")
        )
        form.save().action_save()
        form = Form(
            self.env["mrp.production.tree.split"]
            .with_user(self.mrp_user)
            .with_context(default_production_id=sfp.id)
        )
        form.part_count = 2
        action = form.save().action_split()
        first, second = self.env["mrp.production"].search(action["domain"], order="id")
        for part in first | second:
            epoxy = part.move_raw_ids.filtered(lambda m: m.product_id == self.epoxy)
            self.assertEqual(epoxy.product_uom_qty, 0.5)
            self.assertFalse(part.move_raw_ids.production_id)
            self.assertEqual(part.move_finished_ids.product_id, self.sfp)
        self.produce(first)
        self.assertEqual(first.state, "done")
        self.assertEqual(second.state, "confirmed")
        self.assertNotIn("done", second.move_raw_ids.mapped("state"))
        self.assertEqual(first.qty_produced, 1)

    def test_cancel_through_the_api_takes_the_not_started_sub_tree(self):
        sfp = self.create_mo(self.sfp, 2)
        tree = self.tree_of(sfp)
        pcba = sfp.child_ids.filtered(lambda c: c.product_id == self.sfp_pcba)
        self.produce(pcba, 1)
        sfp.with_user(self.mrp_user).action_cancel()
        self.assertEqual(set((tree - pcba).mapped("state")), {"cancel"})
        self.assertEqual(pcba.state, "done")
        self.assertFalse(self.exception_activities(tree))

    def test_cancel_through_the_api_without_the_setting_cancels_the_order_only(self):
        sfp = self.create_mo(self.sfp, 2)
        self.company.mo_child_auto_create = False
        sfp.with_user(self.mrp_user).action_cancel()
        self.assertEqual(sfp.state, "cancel")
        self.assertEqual(set(sfp.descendant_ids.mapped("state")), {"confirmed"})

    def test_cancelling_a_split_part_leaves_no_exception_activities(self):
        sfp = self.create_mo(self.sfp, 10)
        parts = sfp.with_user(self.mrp_user)._split_tree([4, 6])
        part = parts[1]
        parts = part | parts[0]
        part_tree = self.tree_of(part)
        part.with_user(self.mrp_user).action_cancel()
        self.assertEqual(set(part_tree.mapped("state")), {"cancel"})
        self.assertFalse(self.exception_activities(parts._get_with_descendants()))
        self.assertEqual((parts - part)._get_tree_problems(), [])
