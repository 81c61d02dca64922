/** @odoo-module **/
// Copyright 2026 The mrp_production_management authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("mpm_sale_production", {
    steps: () => [
        {
            trigger: '.o_form_view button[name="action_confirm"]:contains("Confirm")',
            run: "click",
        },
        {
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Sales Order")',
        },
        {
            trigger: '.o_field_one2many[name="order_line"] td[name="production_state"]:contains("Nothing Planned")',
        },
        {
            trigger: '.o_field_one2many[name="order_line"] button[name="action_create_production"]',
            run: "click",
        },
        {
            // waits for the server to plan, create or change manufacturing orders: seconds
            // on a small machine, longer than a tour step's default 10 s when it is busy
            timeout: 30000,
            trigger: '.o_form_view .o_field_widget[name="product_id"]:contains("Tour Lamp")',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="sale_order_id"]',
        },
        {
            trigger: '.o_form_view button[name="button_mark_done"]:contains("Produce All")',
            run: "click",
        },
        {
            trigger: '.o_statusbar_status button.o_arrow_button_current:contains("Done")',
        },
        {
            trigger: ".o_breadcrumb .o_back_button a, .o_breadcrumb li.breadcrumb-item:first-child a",
            run: "click",
        },
        {
            trigger: '.o_field_one2many[name="order_line"] td[name="production_state"]:contains("Produced")',
        },
        {
            trigger: '.o_field_widget[name="production_state"]:contains("Produced")',
        },
    ],
});
