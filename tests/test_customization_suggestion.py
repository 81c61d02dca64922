# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .common import CustomizationCommon


@tagged("post_install", "-at_install")
class TestCustomizationSuggestion(CustomizationCommon):
    """The customer's earlier customizations offered, applied and reused on repeat orders."""

    def test_repeat_order_is_offered_the_last_customization(self):
        self.check_repeat_order_memory()

    def test_memory_of_a_template_level_bom(self):
        """Odoo's BoM form makes template-level BoMs (no variant): remembered all the same."""
        self.bom_sfp.product_id = False
        self.check_repeat_order_memory()

    def check_repeat_order_memory(self):
        line = self.sale_line(confirm=False)
        form = self.customize_form(line=line)
        self.edit_sfp(form)
        form.save().action_save()
        customization = line.customization_id
        self.assertTrue(customization.is_customization)
        self.assertEqual(customization.sale_line_ids, line)
        line.order_id.action_confirm()
        self.assertEqual(self.produce_line(line).bom_id, customization)
        self.assertEqual(self.customer.bom_customization_count, 1)

        repeat = self.sale_line(confirm=False)
        self.assertFalse(repeat.customization_id)
        self.assertEqual(repeat.customization_suggestion_id, customization)
        repeat.action_apply_customization_suggestion()
        self.assertEqual(repeat.customization_id, customization)
        repeat.action_reset_bom_to_standard()
        self.assertFalse(repeat.customization_id)
        other = self.sale_line(customer=self.other_customer, confirm=False)
        self.assertFalse(other.customization_suggestion_id)

        self.company.mo_customization_auto_apply = True
        given = self.sale_line()
        self.assertEqual(given.customization_id, customization)
        other = self.sale_line(customer=self.other_customer)
        self.assertFalse(other.customization_id)
        self.assertEqual(self.produce_line(given).bom_id, customization)

    def test_make_to_order_production_uses_the_line_customization(self):
        mto = self.env.ref("stock.route_warehouse0_mto")
        mto.active = True
        self.sfp.route_ids = [Command.link(mto.id)]
        line = self.sale_line(confirm=False)
        form = self.customize_form(line=line)
        self.edit_sfp(form)
        form.save().action_save()
        line.order_id.action_confirm()
        top = line.production_ids.filtered("is_sale_line_top")
        self.assertEqual(top.bom_id, line.customization_id)
        self.assertIn(self.rugged_housing, top.move_raw_ids.product_id)

    def test_production_suggestion_apply_and_reset(self):
        line = self.sale_line(confirm=False)
        form = self.customize_form(line=line)
        self.edit_sfp(form)
        form.save().action_save()
        customization = line.customization_id
        repeat = self.sale_line()
        production = self.produce_line(repeat)
        self.assertEqual(production.bom_id, self.bom_sfp)
        self.assertEqual(production.customization_suggestion_id, customization)
        production.with_user(self.mrp_user).action_apply_customization_suggestion()
        self.assertEqual(production.bom_id, customization)
        self.assertIn(self.rugged_housing, production.move_raw_ids.product_id)
        self.assertFalse(production.customization_suggestion_id)
        production.with_user(self.mrp_user).action_reset_bom_to_standard()
        self.assertEqual(production.bom_id, self.bom_sfp)
        self.assertEqual(
            {(m.product_id, m.product_uom_qty) for m in production.move_raw_ids},
            {(self.osa, 10), (self.sfp_pcba, 10), (self.housing, 10), (self.screw, 20)},
        )
        self.assertEqual(production.workorder_ids.mapped("duration_expected"), [200.0, 300.0])

    def test_production_form_suggests_when_product_is_set(self):
        """The suggestion follows the form's customer, product and BoM (it used to depend
        on the sub-orders only, so a form never showed it)."""
        line = self.sale_line(confirm=False)
        form = self.customize_form(line=line)
        self.edit_sfp(form)
        form.save().action_save()
        repeat = self.sale_line()
        form = Form(self.env["mrp.production"].with_context(default_sale_line_id=repeat.id))
        self.assertEqual(form.partner_id, self.customer)
        self.assertFalse(form.customization_suggestion_id)
        form.product_id = self.sfp
        self.assertEqual(form.customization_suggestion_id, line.customization_id)
        form.bom_id = line.customization_id
        self.assertFalse(form.customization_suggestion_id)

    def test_procurement_without_sales_line_uses_the_standard_bom(self):
        """A replenishment (no sales line in the chain) builds the standard BoM."""
        procurement = self.env["procurement.group"].Procurement(
            self.sfp,
            3,
            self.sfp.uom_id,
            self.stock_location,
            "replenish",
            "replenish",
            self.company,
            {"warehouse_id": self.env.ref("stock.warehouse0")},
        )
        self.env["procurement.group"].run([procurement])
        production = self.env["mrp.production"].search(
            [("product_id", "=", self.sfp.id), ("origin", "=", "replenish")]
        )
        self.assertEqual((production.bom_id, production.sale_line_id.id), (self.bom_sfp, False))

    def test_sales_line_customization_refused_once_produced(self):
        line = self.sale_line()
        self.produce_line(line)
        with self.assertRaisesRegex(UserError, "customize the bill of materials of its"):
            line.with_user(self.mrp_user).action_open_customize_bom()
