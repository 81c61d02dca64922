# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from datetime import datetime

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import MpmCommon


@tagged("post_install", "-at_install")
class TestMrpProductionTree(MpmCommon):
    def children(self, production, product):
        return production.child_ids.filtered(lambda c: c.product_id == product)

    def raw_move(self, production, product):
        return production.move_raw_ids.filtered(lambda m: m.product_id == product)

    def test_three_level_tree_on_confirm(self):
        """SFP x3: OSA x3 (lens assemblies x6 below it) and PCBA x3, each chained to the
        component move of its parent."""
        sfp = self.create_mo(self.sfp, 3)
        tree = self.tree_of(sfp)
        self.assertEqual(len(tree), 4)
        osa, pcba = self.children(sfp, self.osa), self.children(sfp, self.sfp_pcba)
        lens = self.children(osa, self.lens)
        self.assertEqual((osa.product_qty, pcba.product_qty, lens.product_qty), (3, 3, 6))
        self.assertEqual(sfp.child_ids, osa | pcba)
        self.assertEqual(len(pcba.move_raw_ids), 3)
        self.assertEqual((lens.parent_id, lens.root_id, lens.tree_level), (osa, sfp, 2))
        self.assertEqual((sfp.root_id, sfp.tree_level, osa.tree_level), (sfp, 0, 1))
        self.assertEqual(sfp.descendant_ids, osa | pcba | lens)
        self.assertTrue(all(p.state == "confirmed" for p in tree))
        for child in osa | pcba | lens:
            dest = child.move_finished_ids.move_dest_ids
            self.assertEqual(dest, self.raw_move(child.parent_id, child.product_id))
            self.assertEqual(dest.procure_method, "make_to_order")
            self.assertEqual(dest.state, "waiting")
        self.assertEqual(self.raw_move(lens, self.epoxy).product_uom_qty, 3)
        # chatter: the parent lists its sub-orders, each child names its origin
        self.assertIn(osa.name, " ".join(sfp.message_ids.mapped("body")))
        self.assertIn(sfp.name, " ".join(osa.message_ids.mapped("body")))

    def test_bom_quantity_and_uom_conversion(self):
        """LED array BoM makes 2 boards; a dozen-based component line gives 12x units."""
        module = self.create_mo(self.led_module, 3)
        array = self.children(module, self.led_array)
        self.assertEqual(array.product_qty, 3)
        self.assertEqual(self.raw_move(array, self.mcpcb).product_uom_qty, 3)
        self.assertEqual(self.children(array, self.mcpcb).product_qty, 3)
        self.assertEqual(
            self.raw_move(
                array, self.env.ref("mrp_production_management.raw_led_chip")
            ).product_uom_qty,
            36,
        )
        # the MCPCB consumes grams of solder paste, whose product unit is the kilogram
        paste = self.raw_move(self.children(array, self.mcpcb), self.solder_paste)
        self.assertEqual((paste.product_uom, paste.product_uom_qty), (self.uom_gram, 60))
        self.assertAlmostEqual(paste.product_qty, 0.06)
        box = self.create_product("Lens Box")
        self.create_bom(box, [(self.lens, 1, self.uom_dozen)])
        box_mo = self.create_mo(box, 2)
        lens = self.children(box_mo, self.lens)
        self.assertEqual((lens.product_qty, lens.product_uom_id), (24, self.uom_unit))
        self.assertEqual(self.raw_move(box_mo, self.lens).product_uom, self.uom_dozen)

    def test_children_follow_parent_reservation(self):
        sfp = self.create_mo(self.sfp, 1)
        osa = self.children(sfp, self.osa)
        for leaf in osa.child_ids:
            self.produce(leaf)
        self.produce(osa)
        osa_move = self.raw_move(sfp, self.osa)
        self.assertEqual(osa_move.state, "assigned")
        self.assertEqual(osa_move.quantity, 1)
        self.assertNotEqual(sfp.components_availability_state, "available")  # PCBA not built
        pcba = self.children(sfp, self.sfp_pcba)
        self.produce(pcba)
        sfp.invalidate_recordset()
        self.assertEqual(sfp.reservation_state, "assigned")

    def test_shortage_mode_builds_only_what_free_stock_lacks(self):
        self.company.mo_child_qty_mode = "shortage"
        self.set_stock(self.osa, 2)
        sfp = self.create_mo(self.sfp, 5)
        osa = self.children(sfp, self.osa)
        self.assertEqual(osa.product_qty, 3)
        self.assertEqual(self.children(osa, self.lens).product_qty, 6)
        moves = self.raw_move(sfp, self.osa)
        self.assertEqual(sorted(moves.mapped("product_uom_qty")), [2, 3])
        from_stock = moves.filtered(lambda m: not m.move_orig_ids)
        self.assertEqual((from_stock.product_uom_qty, from_stock.quantity), (2, 2))
        self.assertEqual((moves - from_stock).move_orig_ids, osa.move_finished_ids)
        # PCBA had no stock: built in full
        self.assertEqual(self.children(sfp, self.sfp_pcba).product_qty, 5)

    def test_shortage_mode_with_enough_stock_creates_nothing(self):
        self.company.mo_child_qty_mode = "shortage"
        self.set_stock(self.osa, 10)
        self.set_stock(self.sfp_pcba, 10)
        sfp = self.create_mo(self.sfp, 4)
        self.assertFalse(sfp.child_ids)

    def test_full_mode_ignores_stock(self):
        self.set_stock(self.osa, 10)
        sfp = self.create_mo(self.sfp, 4)
        self.assertEqual(self.children(sfp, self.osa).product_qty, 4)
        self.assertFalse(self.raw_move(sfp, self.osa).quantity)

    def test_mto_children_are_adopted_not_duplicated(self):
        mto = self.env.ref("stock.route_warehouse0_mto")
        mto.active = True
        self.osa.route_ids = [Command.link(mto.id)]
        sfp = self.create_mo(self.sfp, 2)
        osa_all = self.env["mrp.production"].search(
            [("product_id", "=", self.osa.id), ("create_date", ">=", sfp.create_date)]
        )
        self.assertEqual(len(osa_all), 1)
        self.assertEqual(osa_all.parent_id, sfp)
        self.assertEqual(self.children(osa_all, self.lens).product_qty, 4)
        self.assertIn("adopted", " ".join(sfp.message_ids.mapped("body")))
        self.assertEqual(len(self.tree_of(sfp)), 4)

    def test_confirm_and_button_twice_create_nothing_new(self):
        sfp = self.create_mo(self.sfp, 2)
        count = len(self.tree_of(sfp))
        sfp.action_confirm()
        action = sfp.action_create_child_productions()
        self.assertEqual(action["params"]["type"], "info")
        (sfp | sfp.descendant_ids).action_create_child_productions()
        tree = self.tree_of(sfp)
        self.assertEqual(len(tree), count)
        self.assertEqual(len(tree.product_id), count)  # one order per product, no duplicate

    def test_button_builds_tree_when_automatic_creation_is_off(self):
        self.company.mo_child_auto_create = False
        sfp = self.create_mo(self.sfp, 2)
        self.assertFalse(sfp.child_ids)
        self.assertEqual(self.raw_move(sfp, self.osa).procure_method, "make_to_stock")
        action = sfp.with_user(self.mrp_user).action_create_child_productions()
        self.assertEqual(action["params"]["type"], "success")
        self.assertEqual(len(self.tree_of(sfp)), 4)
        self.assertEqual(self.children(self.children(sfp, self.osa), self.lens).product_qty, 4)

    def test_button_refused_on_draft_and_done(self):
        draft = self.create_mo(self.sfp, 1, confirm=False)
        with self.assertRaises(UserError) as refused:
            draft.action_create_child_productions()
        self.assertIn(draft.name, str(refused.exception))
        self.assertFalse(draft.child_ids)

    def test_cycle_is_refused_and_nothing_created(self):
        part_a = self.create_product("Cycle A")
        part_b = self.create_product("Cycle B")
        self.create_bom(part_a, [(part_b, 1)])
        bom_b = self.create_bom(
            part_b, [(self.env.ref("mrp_production_management.raw_screw_m2"), 1)]
        )
        # Odoo's BoM constraint forbids writing such a cycle; old or imported data can hold one.
        self.env.cr.execute(
            "UPDATE mrp_bom_line SET product_id = %s WHERE bom_id = %s", (part_a.id, bom_b.id)
        )
        self.env.invalidate_all()
        production = self.create_mo(part_a, 1, confirm=False)
        before = self.env["mrp.production"].search_count([])
        with self.assertRaises(UserError) as refused:
            production.action_confirm()
        self.assertIn("cycle: Cycle A → Cycle B → Cycle A", str(refused.exception))
        self.assertEqual(self.env["mrp.production"].search_count([]), before)
        self.assertEqual(production.state, "draft")

    def test_kits_zero_lines_and_other_company_boms(self):
        kit = self.create_product("Kit of lenses")
        self.create_bom(kit, [(self.lens, 2)], bom_type="phantom")
        nothing = self.create_product("Zero line part")
        self.create_bom(nothing, [(self.env.ref("mrp_production_management.raw_screw_m2"), 1)])
        foreign = self.create_product("Foreign part")
        other = self.env["res.company"].create({"name": "Other Optics"})
        self.create_bom(
            foreign,
            [(self.env.ref("mrp_production_management.raw_screw_m2"), 1)],
            company_id=other.id,
        )
        top = self.create_product("Top with kit")
        self.create_bom(top, [(kit, 1), (nothing, 0), (foreign, 1)])
        production = self.create_mo(top, 3)
        # the kit is exploded by Odoo into lens moves; those get the sub-order
        self.assertEqual(production.child_ids.product_id, self.lens)
        self.assertEqual(production.child_ids.product_qty, 6)

    def test_dates_priority_and_origin_flow_down(self):
        form = Form(self.env["mrp.production"])
        form.product_id = self.sfp
        form.product_qty = 1
        form.priority = "1"
        form.origin = "S-TEST-42"
        form.date_start = datetime(2031, 3, 10, 8, 0)
        sfp = form.save()
        sfp.action_confirm()
        for child in sfp.descendant_ids:
            self.assertLessEqual(child.date_finished, child.parent_id.date_start)
            self.assertEqual(child.date_deadline, child.parent_id.date_start)
            self.assertEqual((child.priority, child.origin), ("1", "S-TEST-42"))
            # Odoo's Child MO / Source MO buttons still find the tree at every level
            self.assertEqual(child.mrp_production_source_count, 1)
            self.assertEqual(child.mrp_production_child_count, len(child.child_ids))
            self.assertEqual(
                child.action_view_mrp_production_sources()["res_id"], child.parent_id.id
            )
        self.assertEqual(self.children(sfp, self.osa).date_start, datetime(2031, 3, 10, 7, 0))

    def test_long_child_operations_move_its_start_earlier(self):
        operation = self.env.ref("mrp_production_management.bom_osa_operation_1")
        operation.time_cycle_manual = 600
        sfp = self.create_mo(self.sfp, 1)
        osa = self.children(sfp, self.osa)
        self.assertEqual(osa.date_finished, sfp.date_start)
        self.assertLessEqual(osa.child_ids.date_finished, osa.date_start)

    def test_cancel_with_not_started_sub_tree(self):
        sfp = self.create_mo(self.sfp, 2)
        pcba = self.children(sfp, self.sfp_pcba)
        self.produce(pcba, 1)  # done with a backorder-less close: no longer "not started"
        action = sfp.action_open_cancel_tree()
        wizard = self.env[action["res_model"]].with_context(**action["context"]).create({})
        self.assertEqual(wizard.sub_production_ids, sfp.descendant_ids - pcba)
        wizard.action_cancel_tree()
        self.assertEqual(set((sfp | sfp.descendant_ids - pcba).mapped("state")), {"cancel"})
        self.assertEqual(pcba.state, "done")

    def test_cancel_only_the_order(self):
        sfp = self.create_mo(self.sfp, 1)
        wizard = self.env["mrp.production.tree.cancel"].create({"production_id": sfp.id})
        wizard.action_cancel_production()
        self.assertEqual(sfp.state, "cancel")
        self.assertEqual(set(sfp.descendant_ids.mapped("state")), {"confirmed"})

    def test_rollup_of_tree_progress(self):
        sfp = self.create_mo(self.sfp, 2)
        self.assertEqual(
            (sfp.tree_production_count, sfp.tree_waiting_count, sfp.tree_done_count), (4, 4, 0)
        )
        lens = self.children(self.children(sfp, self.osa), self.lens)
        self.produce(lens)
        osa = self.children(sfp, self.osa)
        form = Form(osa)
        form.qty_producing = 1
        form.save()
        sfp.invalidate_recordset()
        self.assertEqual((sfp.tree_done_count, sfp.tree_progress_count), (1, 1))
        # nodes: lens done 100 %, OSA started but nothing produced yet, PCBA and SFP 0 %
        self.assertAlmostEqual(sfp.tree_progress, 25.0)

    def test_tree_actions(self):
        sfp = self.create_mo(self.sfp, 1)
        osa = self.children(sfp, self.osa)
        lens = osa.child_ids
        self.assertEqual(lens.action_view_parent_production()["res_id"], osa.id)
        self.assertEqual(
            sfp.action_view_child_productions()["domain"], [("id", "in", sfp.child_ids.ids)]
        )
        action = lens.action_view_production_tree()
        self.assertEqual(action["context"]["hierarchy_res_id"], sfp.id)
        # the hierarchy view reads the focused root and unfolds it: this tree, nothing else
        self.assertNotIn("domain", action)
        nodes = self.env["mrp.production"].hierarchy_read(
            [("id", "=", action["context"]["hierarchy_res_id"])], ["name"], "parent_id", "child_ids"
        )
        self.assertEqual({node["id"] for node in nodes}, {sfp.id, *sfp.child_ids.ids})
        self.assertEqual(
            self.env["mrp.production"].search([("root_id", "=", sfp.id)]), self.tree_of(sfp)
        )
