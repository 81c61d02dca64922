/** @odoo-module **/
// Copyright 2026 The mrp_production_management authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

import { registry } from "@web/core/registry";

// Odoo's Change Quantity on a top order shows what its sub-orders will make, then applies it;
// moving the order's start on its form previews, then moves them too.
registry.category("web_tour.tours").add("mpm_tree_follow", {
    steps: () => [
        {
            trigger: '.o_form_view .o_inner_group button:contains("10.00")',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="product_qty"] input',
            run: "edit 15",
        },
        {
            trigger: ".modal .modal-title",
            run: "click",
        },
        {
            trigger: '.modal .o_mpm_preview:contains("10.00 → 15.00")',
        },
        {
            trigger: '.modal button[name="change_prod_qty"]',
            run: "click",
        },
        {
            trigger: '.o_form_view:not(:has(.modal)) .o_field_widget[name="product_qty"]:contains("15.00")',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="date_start"] input',
            run: "edit 01/05/2031 08:00:00",
        },
        {
            trigger: ".o_form_view .oe_title",
            run: "click",
        },
        {
            // before saving, the form shows where the sub-orders go
            trigger: '.o_form_view .o_mpm_preview tr:contains("Optical Sub-Assembly"):contains("2031")',
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
    ],
});
