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
        # Planned 34.70 (components 18.70, SMT 16.00), all of it for the produced; actual: the
        # same components at their standard valuation and the expected time, which Odoo
        # records when nothing was.
        self.assertEqual((production.cost_planned, production.cost_actual), (34.70, 34.70))
        self.assertIn(
            f"{production.name} [SA-PCBA-SFP] SFP+ PCB Assembly $ 34.70 $ 34.70 $ 34.70 $ 0.00",
            text,
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

    def test_performance_analysis_matches_the_orders(self):
        report = self.env["mrp.production.performance.report"]
        production = self.create_mo(self.sfp_pcba, 5)
        self.produce(production, 3)  # closed without backorder: 3 produced
        row = report.search([("production_id", "=", production.id)])
        self.assertEqual((row.qty_planned, row.qty_produced), (5, 3))
        lead = (production.date_finished - production.date_start).total_seconds() / 86400
        self.assertAlmostEqual(row.lead_time, lead, places=4)
        closed = self.env.ref("mrp_production_management.mrp_production_led_closed")
        self.assertEqual(
            report.search([("production_id", "=", closed.id)]).qty_closed, closed.qty_closed
        )
        late = self.env.ref("mrp_production_management.mrp_production_sfp_marmara")
        late_row = report.search([("production_id", "=", late.id)])
        self.assertTrue(late.is_sale_late and late_row.is_sale_late)
        delay = (late.date_finished - late.date_commitment).total_seconds() / 86400
        self.assertAlmostEqual(late_row.delay, delay, places=4)
        self.assertGreater(late_row.delay, 0)
        # Grouped by product, the analysis sums the orders it reads.
        productions = self.env["mrp.production"].search(
            [("product_id", "=", self.sfp.id), ("state", "!=", "cancel")]
        )
        [[planned, produced]] = report._read_group(
            [("product_id", "=", self.sfp.id)], [], ["qty_planned:sum", "qty_produced:sum"]
        )
        self.assertEqual(planned, sum(productions.mapped("product_qty")))
        self.assertEqual(produced, sum(productions.mapped("qty_produced")))

    def test_split_parts_and_closures_over_time(self):
        production = self.create_mo(self.led_driver, 10)
        parts = production._split_tree([4, 6])
        report = self.env["mrp.production.performance.report"]
        rows = report.search([("production_id", "in", [p.id for p in parts.values()])])
        self.assertEqual(
            sorted((row.qty_planned, row.is_split_part) for row in rows),
            [(4, False), (6, True)],
        )
        closures = self.env["mrp.production.closure"].search([])
        by_reason = dict(
            self.env["mrp.production.closure"]._read_group([], ["reason_id"], ["qty_closed:sum"])
        )
        for reason, qty in by_reason.items():
            self.assertEqual(
                qty,
                sum(closures.filtered(lambda c, r=reason: c.reason_id == r).mapped("qty_closed")),
            )

    def test_customization_analysis_matches_the_boms(self):
        boms = self.env["mrp.bom"].search([("is_customization", "=", True)])
        self.assertTrue(boms)
        for bom in boms:
            self.assertAlmostEqual(bom.cost_difference_saved, bom.cost_difference)
        by_partner = dict(
            self.env["mrp.bom"]._read_group(
                [("is_customization", "=", True)], ["partner_id"], ["cost_difference_saved:sum"]
            )
        )
        for partner, total in by_partner.items():
            self.assertAlmostEqual(
                total,
                sum(
                    boms.filtered(lambda b, p=partner: b.partner_id == p).mapped("cost_difference")
                ),
            )
        by_reason = self.env["mrp.bom"]._read_group(
            [("is_customization", "=", True)], ["customization_reason_ids"], ["__count"]
        )
        reason = self.env.ref("mrp_production_management.reason_customize_customer_request")
        self.assertIn(
            (reason, len(boms.filtered(lambda b: reason in b.customization_reason_ids))), by_reason
        )
