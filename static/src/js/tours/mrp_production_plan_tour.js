/** @odoo-module **/
// Copyright 2026 The mrp_production_management authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("mpm_production_plan", {
    steps: () => [
        {
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: '.o_form_view button[name="action_fill_from_sales"]',
            run: "click",
        },
        {
            trigger: '.modal button[name="action_fill"]',
            run: "click",
        },
        {
            // waits for the server to plan, create or change manufacturing orders: seconds
            // on a small machine, longer than a tour step's default 10 s when it is busy
            timeout: 30000,
            trigger: '.o_form_view .o_field_widget[name="line_ids"] .o_data_row:contains("LED Street Light")',
        },
        {
            trigger: '.o_form_view button[name="action_convert"]',
            run: "click",
        },
        {
            // waits for the server to plan, create or change manufacturing orders: seconds
            // on a small machine, longer than a tour step's default 10 s when it is busy
            timeout: 30000,
            trigger: '.o_form_view button[name="action_view_productions"]',
            run: "click",
        },
        {
            trigger: '.o_data_row:contains("LED Street Light")',
        },
    ],
});
