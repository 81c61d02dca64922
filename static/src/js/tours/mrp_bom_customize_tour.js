/** @odoo-module **/
// Copyright 2026 The mrp_production_management authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("mpm_customize_bom", {
    steps: () => [
        {
            trigger: '.o_form_view button[name="action_open_customize_bom"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="cost_total"]:contains("141.59")',
        },
        {
            trigger: '.modal .o_field_widget[name="line_ids"] .o_data_row:contains("Screw M2x4") td[name="product_qty"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="line_ids"] .o_selected_row td[name="product_qty"] input',
            run: "edit 10",
        },
        {
            trigger: '.modal .o_field_widget[name="note"] textarea',
            run: "edit Ten screws for vibration",
        },
        {
            // The cost follows the edit before anything is saved: 8 more screws at 0.05.
            trigger: '.modal .o_field_widget[name="cost_total"]:contains("141.99")',
        },
        {
            trigger: '.modal .o_field_widget[name="cost_difference"]:contains("0.40")',
        },
        {
            trigger: '.modal .o_field_widget[name="reason_ids"] input',
            run: "edit Customer",
        },
        {
            trigger: '.o-autocomplete--dropdown-item:contains("Customer request")',
            run: "click",
        },
        {
            trigger: '.modal button[name="action_save"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .badge:contains("Customized")',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="partner_id"] a',
            run: "click",
        },
        {
            trigger: '.o_form_view button[name="action_view_bom_customizations"]',
            run: "click",
        },
        {
            trigger: '.o_list_view .o_data_row:contains("SFP+")',
        },
    ],
});
