# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
import io

from PyPDF2 import PdfReader

from odoo.tests import Form, tagged
from odoo.tools import html2plaintext

from .common import MpmCommon


@tagged("post_install", "-at_install")
class TestReports(MpmCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.report = cls.env["ir.actions.report"]

    def html(self, report, records):
        html, _type = self.report._render_qweb_html(report, records.ids)
        return " ".join(html2plaintext(html.decode()).split())

    def pdf_text(self, report, records):
        pdf, _type = self.report.with_context(force_report_rendering=True)._render_qweb_pdf(
            report, records.ids
        )
        self.assertTrue(pdf.startswith(b"%PDF"))
        reader = PdfReader(io.BytesIO(pdf))
        return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)

    def test_order_sheet_of_a_customized_tree(self):
        production = self.env.ref("mrp_production_management.mrp_production_sfp_anadolu_rugged")
        tree = self.tree_of(production)
        self.assertEqual(len(tree), 4)
        text = self.pdf_text(
            "mrp_production_management.action_report_mrp_production_sheet", production
        )
        for node in tree:
            self.assertIn(node.name, text)
        for expected in (
            "SFP+ Rugged Housing, IP67",
            "Test and burn-in",
            "Test and Burn-in Station",
            "Anadolu Telekom",
            "Customized bill of materials",
            "Customer request",
            "Outdoor cabinets",
            production.sale_order_id.name,
        ):
            self.assertIn(expected, text)
        html, _type = self.report._render_qweb_html(
            "mrp_production_management.action_report_mrp_production_sheet", production.ids
        )
        barcodes = [f'alt="Barcode {code}"'.encode() for code in [production.name]]
        barcodes += [f'alt="Barcode {wo.barcode}"'.encode() for wo in production.workorder_ids]
        self.assertTrue(all(barcode in html for barcode in barcodes))
        self.assertFalse(b'name="costs"' in html)

    def test_order_sheet_follows_company_settings(self):
        production = self.create_mo(self.sfp, 3)
        lens = production.descendant_ids.filtered(lambda p: p.product_id == self.lens)
        self.company.write(
            {"mo_sheet_tree_depth": 1, "mo_sheet_show_barcodes": False, "mo_sheet_show_costs": True}
        )
        text = self.html("mrp_production_management.action_report_mrp_production_sheet", production)
        self.assertIn(production.child_ids[0].name, text)
        self.assertNotIn(lens.name, text)
        self.assertIn("Planned Cost", text)
        html, _type = self.report._render_qweb_html(
            "mrp_production_management.action_report_mrp_production_sheet", production.ids
        )
        self.assertFalse(b'alt="Barcode' in html)

    def test_cost_report_figures(self):
        production = self.create_mo(self.sfp_pcba, 2)
        self.produce(production)
        text = self.pdf_text(
            "mrp_production_management.action_report_mrp_production_cost", production
        )
        # Planned 34.70 (components 18.70, SMT 16.00); actual: the same components at their
        # standard valuation and the expected time, which Odoo records when nothing was.
        self.assertEqual((production.cost_planned, production.cost_actual), (34.70, 34.70))
        self.assertIn(
            f"{production.name} [SA-PCBA-SFP] SFP+ PCB Assembly $ 34.70 $ 34.70 $ 0.00", text
        )
        self.assertIn("Whole Tree $ 34.70 $ 34.70 $ 0.00", text)

    def test_sale_production_status_sent_to_the_customer(self):
        order = self.env.ref("mrp_production_management.sale_order_marmara")
        text = self.pdf_text(
            "mrp_production_management.action_report_sale_production_status", order
        )
        self.assertIn(order.name, text)
        self.assertIn("SFP+ Optical Transceiver", text)
        self.assertIn("At Risk", text)
        self.assertIn("Planned", text)
        self.assertIn("Nothing Planned", text)
        action = order.action_send_production_status()
        composer = Form(self.env[action["res_model"]].with_context(**action["context"]))
        self.assertIn("Production Status", composer.subject)
        composer.save().action_send_mail()
        message = order.message_ids[0]
        self.assertIn(order.partner_id, message.partner_ids)
        self.assertEqual(len(message.attachment_ids), 1)
        self.assertTrue(message.attachment_ids.name.startswith("Production Status"))

    def test_history_of_a_closed_and_reopened_order(self):
        closed = self.env.ref("mrp_production_management.mrp_production_led_closed")
        closure = closed.closure_ids
        self.assertTrue(closure.reopened_production_ids)
        text = self.pdf_text(
            "mrp_production_management.action_report_mrp_production_history", closed
        )
        self.assertIn(closed.name, text)
        self.assertIn(closure.reason_id.name, text)
        self.assertIn(closure.reopened_production_ids.name, text)

    def test_large_tree_sheet_in_bounded_queries(self):
        """The sheet reads the orders of a tree in batches: a tree of 13 orders costs less
        than twice the queries of a tree of 4 (the benchmark prints the time of 40)."""

        def queries(production):
            self.env.invalidate_all()
            count = self.env.cr.sql_log_count
            self.html("mrp_production_management.action_report_mrp_production_sheet", production)
            return self.env.cr.sql_log_count - count

        leaves = [self.create_product(f"Sheet leaf {i}") for i in range(3)]
        for leaf in leaves:
            self.create_bom(leaf, [(self.screw, 1)])
        subs = [self.create_product(f"Sheet sub {i}") for i in range(3)]
        for sub in subs:
            self.create_bom(sub, [(leaf, 1) for leaf in leaves])
        top = self.create_product("Sheet top")
        self.create_bom(top, [(sub, 1) for sub in subs])
        big = self.create_mo(top, 1)
        self.assertEqual(len(self.tree_of(big)), 13)
        small = self.create_mo(self.sfp, 1)
        queries(small)  # load the templates once
        self.assertLess(queries(big), 2 * queries(small))
