# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CustomizationCommon


@tagged("post_install", "-at_install")
class TestCustomization(CustomizationCommon):
    """The editor: live cost, versions, edits in place, sub-orders that follow, refusals."""

    def test_live_cost_of_three_level_product(self):
        """SFP+ (10 units) by hand: lens assembly 3.20 + 1.10 + 0.5 g x 0.24 + 5 min at 90/h
        = 11.92; OSA 18.50 + 9.80 + 2 x 11.92 + 15 min at 90/h = 74.64; PCBA 2.40 + 6.75
        + 10 x 0.02 + 4 min at 120/h = 17.35; SFP+ 74.64 + 17.35 + 4.50 + 2 x 0.05
        + 20 min at 45/h + 30 min at 60/h = 141.59 a unit."""
        production = self.create_mo(self.sfp, 10)
        form = self.customize_form(production)
        self.assertAlmostEqual(form.standard_cost_total, 1415.90)
        self.assertAlmostEqual(form.cost_total, 1415.90)
        self.edit_sfp(form)
        # Before saving: 141.59 - 4.50 + 7.25 + 2 x 0.05 + 15 min at 60/h = 159.44 a unit.
        self.assertAlmostEqual(form.cost_unit, 159.44)
        self.assertAlmostEqual(form.cost_total, 1594.40)
        self.assertAlmostEqual(form.standard_cost_unit, 141.59)
        self.assertAlmostEqual(form.cost_difference, 178.50)
        report = self.env["report.mrp.report_bom_structure"]._get_report_data(
            self.bom_sfp.id, searchQty=10
        )
        self.assertAlmostEqual(report["lines"]["bom_cost"], 1415.90)
        form.save().action_save()
        bom = production.bom_id
        self.assertAlmostEqual(bom.cost_unit, 159.44)
        self.assertAlmostEqual(bom.origin_cost_unit, 141.59)
        self.assertAlmostEqual(bom.cost_difference, 17.85)
        self.assertAlmostEqual(production.bom_cost, 1594.40)
        self.assertAlmostEqual(production.standard_bom_cost, 1415.90)
        self.assertAlmostEqual(production.bom_cost_difference, 178.50)

    def test_customize_and_produce_keeps_standard_bom(self):
        line = self.sale_line()
        production = self.produce_line(line)
        before = self.bom_snapshot(self.bom_sfp)
        form = self.customize_form(production)
        self.assertEqual(form.partner_id, self.customer)
        self.edit_sfp(form)
        form.save().action_save()
        bom = production.bom_id
        self.assertTrue(bom.is_customization)
        self.assertEqual(
            (
                bom.origin_bom_id,
                bom.partner_id,
                bom.customization_reason_ids,
                bom.customization_user_id,
            ),
            (self.bom_sfp, self.customer, self.reason, self.mrp_user),
        )
        self.assertEqual(bom.production_ids, production)
        self.assertTrue(production.is_customized and line.is_customized)
        moves = production.move_raw_ids
        self.assertEqual(
            {(m.product_id, m.product_uom_qty) for m in moves},
            {(self.osa, 10), (self.sfp_pcba, 10), (self.rugged_housing, 10), (self.screw, 40)},
        )
        self.assertEqual(production.workorder_ids.mapped("duration_expected"), [200.0, 450.0])
        # The sub-orders still feed the components that stayed.
        self.assertEqual(len(production.child_ids), 2)
        for child in production.child_ids:
            fed = moves.filtered(lambda m, c=child: m.product_id == c.product_id)
            self.assertEqual(child.move_finished_ids.move_dest_ids, fed)
        for node in self.tree_of(production).sorted("tree_level", reverse=True):
            self.produce(node)
        self.assertEqual(production.state, "done")
        consumed = {
            (m.product_id, m.quantity) for m in production.move_raw_ids if m.state == "done"
        }
        self.assertEqual(
            consumed,
            {(self.osa, 10), (self.sfp_pcba, 10), (self.rugged_housing, 10), (self.screw, 40)},
        )
        self.assertEqual(self.bom_snapshot(self.bom_sfp), before)
        self.assertEqual(self.env["mrp.bom"]._bom_find(self.sfp)[self.sfp], self.bom_sfp)
        self.assertNotIn(bom, self.env["mrp.bom"].search([("is_customization", "=", False)]))

    def test_customization_used_by_done_orders_gets_a_new_version(self):
        production = self.create_mo(self.sfp, 1)
        form = self.customize_form(production)
        self.edit_sfp(form)
        form.partner_id = self.customer
        form.save().action_save()
        first = production.bom_id
        for node in self.tree_of(production).sorted("tree_level", reverse=True):
            self.produce(node)
        with self.assertRaisesRegex(UserError, "finished manufacturing orders"):
            first.write({"bom_line_ids": [Command.clear()]})
        repeat = self.create_mo(self.sfp, 2, bom=first)
        form = self.customize_form(repeat)
        with form.line_ids.new() as line:
            line.product_id = self.epoxy
            line.product_qty = 0.2
        form.save().action_save()
        second = repeat.bom_id
        self.assertNotEqual(second, first)
        self.assertEqual(
            (second.previous_customization_id, second.customization_version, second.origin_bom_id),
            (first, 2, self.bom_sfp),
        )
        self.assertNotIn(self.epoxy, first.bom_line_ids.product_id)
        self.assertEqual(production.bom_id, first)

    def test_added_component_is_a_component_move(self):
        """The editor's context (default_production_id) must not make the moves of added
        components finished moves of the order."""
        production = self.create_mo(self.sfp, 2)
        form = self.customize_form(production)
        with form.line_ids.new() as line:
            line.product_id = self.epoxy
            line.product_qty = 0.2
        form.reason_ids.add(self.reason)
        form.save().action_save()
        epoxy = production.move_raw_ids.filtered(lambda m: m.product_id == self.epoxy)
        self.assertEqual(epoxy.product_uom_qty, 0.4)
        self.assertFalse(epoxy.production_id)
        self.assertEqual(production.move_finished_ids.product_id, self.sfp)
        self.assertIn(epoxy.state, ("confirmed", "assigned"))

    def test_open_customization_is_edited_in_place_and_logged(self):
        production = self.create_mo(self.sfp, 1)
        form = self.customize_form(production)
        self.edit_sfp(form)
        form.save().action_save()
        bom = production.bom_id
        form = self.customize_form(production)
        self.assertEqual(form.bom_id, bom)
        with form.line_ids.new() as line:
            line.product_id = self.epoxy
            line.product_qty = 0.2
        form.save().action_save()
        self.assertEqual(production.bom_id, bom)
        self.assertIn(self.epoxy, production.move_raw_ids.product_id)
        log = bom.with_context(tracking_disable=False).message_ids.mapped("body")
        self.assertTrue(any("Optical Epoxy" in str(body) for body in log), log)

    def test_sub_orders_follow_the_customization(self):
        production = self.create_mo(self.sfp, 3)
        osa_child = production.child_ids.filtered(lambda c: c.product_id == self.osa)
        osa_tree = osa_child | osa_child.descendant_ids
        pcba_child = production.child_ids.filtered(lambda c: c.product_id == self.sfp_pcba)
        form = self.customize_form(production)
        products = [line["product_id"] for line in form.line_ids._records]
        form.line_ids.remove(index=products.index(self.osa.id))
        with form.line_ids.edit(products.index(self.sfp_pcba.id) - 1) as line:
            line.product_qty = 2
        with form.line_ids.new() as line:
            line.product_id = self.lens
            line.product_qty = 1
        form.reason_ids.add(self.reason)
        form.save().action_save()
        self.assertEqual(set(osa_tree.mapped("state")), {"cancel"})
        self.assertEqual(pcba_child.product_qty, 6)
        self.assertEqual(
            pcba_child.move_raw_ids.filtered(
                lambda m: m.product_id.default_code == "RM-SMD-0402" or m.product_uom_qty == 60
            ).product_uom_qty,
            60,
        )
        lens_child = production.child_ids.filtered(
            lambda c: c.product_id == self.lens and c.state != "cancel"
        )
        self.assertEqual(lens_child.product_qty, 3)
        lens_move = production.move_raw_ids.filtered(lambda m: m.product_id == self.lens)
        self.assertEqual(lens_child.move_finished_ids.move_dest_ids, lens_move)
        self.assertNotIn(self.osa, production.move_raw_ids.product_id)

    def test_draft_production_is_rebuilt_by_odoo(self):
        production = self.create_mo(self.sfp, 2, confirm=False)
        form = self.customize_form(production)
        self.edit_sfp(form)
        form.save().action_save()
        self.assertEqual(production.state, "draft")
        self.assertEqual(
            {(m.product_id, m.product_uom_qty) for m in production.move_raw_ids},
            {(self.osa, 2), (self.sfp_pcba, 2), (self.rugged_housing, 2), (self.screw, 8)},
        )
        production.action_confirm()
        self.assertEqual(production.state, "confirmed")

    def test_refusals_change_nothing(self):
        production = self.create_mo(self.sfp, 1)
        other_company = self.env["res.company"].create({"name": "Other Factory"})
        foreign = self.create_product("Foreign Part", company_id=other_company.id)
        loop = self.create_product("Loop Part")
        self.create_bom(loop, [(self.sfp, 1)])
        boms = self.env["mrp.bom"].search_count([])
        moves = production.move_raw_ids

        def refused(edit, exception=UserError, message="", user=None):
            form = self.customize_form(production, user=user)
            form.reason_ids.add(self.reason)
            edit(form)
            wizard = form.save()
            with self.assertRaisesRegex(exception, message):
                wizard.action_save()
            self.assertEqual(self.env["mrp.bom"].search_count([]), boms)
            self.assertEqual((production.bom_id, production.move_raw_ids), (self.bom_sfp, moves))

        def add(product, qty=1.0):
            def edit(form):
                with form.line_ids.new() as line:
                    line.product_id = product
                    line.product_qty = qty

            return edit

        def empty(form):
            for _i in range(len(form.line_ids)):
                form.line_ids.remove(index=0)

        refused(empty, message="at least one component")
        refused(add(self.sfp), message="cannot be a component of itself")
        refused(add(self.screw, 0), message="must be greater than zero")
        refused(add(self.screw, -2), message="must be greater than zero")
        # Only a user of both companies could even pick it.
        refused(add(foreign), message="belongs to Other Factory", user=self.env.user)
        refused(add(loop), ValidationError, "cycle")

        # The editor marks the reason required once the structure changed (the form will not
        # save without it), and the model refuses a changed structure without one all the same.
        form = self.customize_form(production)
        self.assertFalse(form.is_changed)
        self.assertFalse(form._get_modifier("reason_ids", "required"))
        add(self.screw)(form)
        self.assertTrue(form.is_changed)
        self.assertTrue(form._get_modifier("reason_ids", "required"))
        form.reason_ids.add(self.reason)
        wizard = form.save()
        wizard.reason_ids = False
        with self.assertRaisesRegex(UserError, "at least one reason"):
            wizard.action_save()
        self.assertEqual(self.env["mrp.bom"].search_count([]), boms)
        self.assertEqual((production.bom_id, production.move_raw_ids), (self.bom_sfp, moves))
        production.action_cancel()
        with self.assertRaisesRegex(UserError, "done or cancelled"):
            production.with_user(self.mrp_user).action_open_customize_bom()
        done = self.create_mo(self.led_driver, 1)
        self.produce(done)
        with self.assertRaisesRegex(UserError, "done or cancelled"):
            done.with_user(self.mrp_user).action_open_customize_bom()
        started = self.create_mo(self.led_driver, 2)
        self.assertTrue(started.is_bom_customizable)
        with Form(started) as form:
            form.qty_producing = 1
        with self.assertRaisesRegex(UserError, "already begun"):
            started.with_user(self.mrp_user).action_open_customize_bom()
        # The form hides Customize BoM, Use It and Reset to Standard where they would refuse.
        self.assertFalse(started.is_bom_customizable)
        self.assertFalse(production.is_bom_customizable)
        self.assertFalse(done.is_bom_customizable)

    def test_customization_cannot_turn_standard_and_is_not_found(self):
        production = self.create_mo(self.sfp, 1)
        form = self.customize_form(production)
        self.edit_sfp(form)
        form.save().action_save()
        bom = production.bom_id
        with self.assertRaisesRegex(UserError, "cannot become a standard"):
            bom.write({"is_customization": False})
        bom.sequence = -100
        self.assertEqual(self.env["mrp.bom"]._bom_find(self.sfp)[self.sfp], self.bom_sfp)
        action = self.sfp.action_view_bom()
        self.assertEqual(action["context"]["search_default_standard"], 1)

    def test_resized_sub_tree_stays_chained(self):
        production = self.create_mo(self.sfp, 3)
        osa = production.child_ids.filtered(lambda c: c.product_id == self.osa)
        form = self.customize_form(production)
        products = [line["product_id"] for line in form.line_ids._records]
        with form.line_ids.edit(products.index(self.osa.id)) as line:
            line.product_qty = 2
        form.reason_ids.add(self.reason)
        form.save().action_save()
        self.assertEqual((osa.product_qty, osa.child_ids.product_qty), (6, 12))
        osa_move = production.move_raw_ids.filtered(lambda m: m.product_id == self.osa)
        self.assertEqual((osa_move.product_uom_qty, osa_move.procure_method), (6, "make_to_order"))
        self.assertEqual(osa.move_finished_ids.move_dest_ids, osa_move)
        lens_move = osa.move_raw_ids.filtered(lambda m: m.product_id == self.lens)
        self.assertEqual(lens_move.product_uom_qty, 12)
        self.assertEqual(osa.child_ids.move_finished_ids.move_dest_ids, lens_move)
        self.assertEqual(len(self.tree_of(production)), 4)
