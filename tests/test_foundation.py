# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import polib

from odoo.exceptions import AccessError, UserError
from odoo.modules.module import get_module_path
from odoo.tests import tagged
from odoo.tools.translate import TranslationModuleReader

from .common import MpmCommon


@tagged("post_install", "-at_install")
class TestFoundation(MpmCommon):
    def test_installed(self):
        module = self.env["ir.module.module"].search([("name", "=", "mrp_production_management")])
        self.assertEqual(module.state, "installed")
        self.assertEqual(module.latest_version, "18.0.1.0.0")

    def bom_depth(self, product):
        bom = self.env["mrp.bom"]._bom_find(product, bom_type="normal")[product]
        if not bom:
            return 0
        return 1 + max(self.bom_depth(line.product_id) for line in bom.bom_line_ids)

    def test_demo_products_go_three_levels_deep_with_costs(self):
        for product in (self.sfp, self.led_module):
            self.assertGreaterEqual(self.bom_depth(product), 3, product.display_name)
            self.assertGreater(product.list_price, 0)
        boms = self.env["mrp.bom"].search(
            [
                ("product_tmpl_id.categ_id.name", "=", "Opto-Electronics"),
                ("is_customization", "=", False),
            ]
        )
        self.assertEqual(len(boms), 8)
        self.assertTrue(all(bom.operation_ids for bom in boms))
        self.assertTrue(all(op.workcenter_id.costs_hour > 0 for op in boms.operation_ids))
        raws = boms.bom_line_ids.product_id.filtered(lambda p: not p.bom_ids)
        self.assertTrue(raws)
        self.assertTrue(all(raw.standard_price > 0 for raw in raws))
        self.assertTrue(all(raw.qty_available > 0 for raw in raws))
        self.assertEqual(
            self.bom_led_module.bom_line_ids.product_id.bom_ids.mapped("product_qty").count(2), 1
        )

    def test_demo_customers_and_confirmed_sales_orders(self):
        orders = self.env["sale.order"].search(
            [("order_line.product_id", "in", (self.sfp | self.led_module).ids)]
        )
        self.assertGreaterEqual(len(orders.partner_id), 3)
        self.assertTrue(all(order.state == "sale" for order in orders))
        self.assertTrue(all(order.commitment_date for order in orders))

    def test_demo_tree(self):
        demo = self.env.ref("mrp_production_management.mrp_production_led_module")
        self.assertEqual(demo.state, "confirmed")
        self.assertEqual(demo.tree_production_count, 4)
        self.assertEqual(demo.child_ids.product_id, self.led_array | self.led_driver)

    def test_groups_follow_odoo_manufacturing_groups(self):
        self.assertTrue(self.mrp_user.has_group("mrp_production_management.group_mpm_user"))
        self.assertFalse(self.mrp_user.has_group("mrp_production_management.group_mpm_manager"))
        self.assertTrue(self.mrp_manager.has_group("mrp_production_management.group_mpm_manager"))
        self.assertFalse(self.sale_user.has_group("mrp_production_management.group_mpm_user"))
        self.assertTrue(
            self.env.ref("base.user_admin").has_group("mrp_production_management.group_mpm_manager")
        )

    def test_access_rights_of_each_group(self):
        sfp = self.create_mo(self.sfp, 1)
        wizard_model = self.env["mrp.production.tree.cancel"]
        wizard_model.with_user(self.mrp_user).create({"production_id": sfp.id})
        with self.assertRaises(AccessError):
            wizard_model.with_user(self.sale_user).create({"production_id": sfp.id})
        with self.assertRaises(AccessError):
            sfp.with_user(self.sale_user).action_create_child_productions()
        self.assertEqual(sfp.with_user(self.mrp_user).tree_production_count, 4)

    def test_settings(self):
        settings = self.env["res.config.settings"].create(
            {"mo_child_auto_create": False, "mo_child_qty_mode": "shortage"}
        )
        settings.execute()
        self.assertEqual(
            (self.company.mo_child_auto_create, self.company.mo_child_qty_mode), (False, "shortage")
        )

    def test_turkish_translation_is_complete(self):
        """Every term of the code and data as they are now (not as the .pot last saw them)
        has a Turkish text, and the .pot template is up to date."""
        module = "mrp_production_management"
        module_path = get_module_path(module)
        reader = TranslationModuleReader(self.env.cr, modules=[module])
        terms = {source for _module, _type, _name, _res_id, source, *_rest in reader}
        template = {entry.msgid for entry in polib.pofile(f"{module_path}/i18n/{module}.pot")}
        turkish = {e.msgid: e.msgstr for e in polib.pofile(f"{module_path}/i18n/tr.po")}
        self.assertEqual(sorted(terms - template), [], "run scripts/i18n to refresh the .pot")
        self.assertEqual(sorted(t for t in terms if not turkish.get(t)), [])
        self.env["res.lang"]._activate_lang("tr_TR")
        self.env["ir.module.module"]._load_module_terms(["mrp_production_management"], ["tr_TR"])
        tree_action = self.env.ref("mrp_production_management.action_mrp_production_tree")
        self.assertEqual(tree_action.with_context(lang="tr_TR").name, "Üretim Emri Ağaçları")
        draft = self.create_mo(self.sfp, 1, confirm=False)
        with self.assertRaises(UserError) as refused:
            draft.with_context(lang="tr_TR").action_create_child_productions()
        self.assertIn("yalnızca onaylanmış veya devam eden", str(refused.exception))
        # quantities in messages are written as the reader writes them, not as raw floats
        three = self.create_mo(self.sfp, 3).with_context(lang="tr_TR")
        with self.assertRaises(UserError) as refused:
            three._split_tree([1, 1])
        self.assertIn("Parçaların toplamı 2,00", str(refused.exception))
        self.assertIn("üretilecek 3,00", str(refused.exception))
