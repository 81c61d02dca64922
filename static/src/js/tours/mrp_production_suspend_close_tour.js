/** @odoo-module **/
// Copyright 2026 The mrp_production_management authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("mpm_suspend_close_reopen", {
    steps: () => [
        {
            trigger: '.o_form_view .o_statusbar_buttons button[name="button_mark_done"]',
        },
        {
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_open_customize_bom"]',
        },
        {
            trigger: '.o_form_view button[name="action_open_suspend"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="reason_id"] input',
            run: "edit Material",
        },
        {
            trigger: '.o-autocomplete--dropdown-item:contains("Material shortage")',
            run: "click",
        },
        {
            trigger: '.modal button[name="action_suspend"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .ribbon:contains("Suspended")',
        },
        {
            // a suspended order offers nothing it would refuse: no Produce, Plan, Start, Split
            trigger:
                '.o_form_view .o_statusbar_buttons:not(:has(button[name="button_mark_done"])):not(:has(button[name="button_plan"])):not(:has(button[name="action_start"])):not(:has(button[name="action_open_split_tree"]))',
        },
        {
            trigger: '.o_form_view button[name="action_resume"]',
            run: "click",
        },
        {
            trigger: '.o_form_view button[name="action_open_suspend"]',
        },
        {
            trigger: '.o_form_view .o_field_widget[name="qty_producing"] input',
            run: "edit 6",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            // production has begun: its bill of materials can no longer be customized
            trigger:
                '.o_form_view .o_statusbar_buttons:has(button[name="action_open_close"]):not(:has(button[name="action_open_customize_bom"]))',
        },
        {
            trigger: '.o_form_view button[name="action_open_close"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="reason_id"] input',
            run: "edit later",
        },
        {
            trigger: '.o-autocomplete--dropdown-item:contains("Rest to be produced later")',
            run: "click",
        },
        {
            trigger: '.modal button[name="action_close"]',
            run: "click",
        },
        {
            // waits for the server to plan, create or change manufacturing orders: seconds
            // on a small machine, longer than a tour step's default 10 s when it is busy
            timeout: 30000,
            trigger: '.o_form_view .ribbon:contains("Closed")',
        },
        {
            trigger: '.o_form_view button[name="action_open_reopen"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="product_qty"] input',
            run: "edit 3",
        },
        {
            trigger: '.modal button[name="action_reopen"]',
            run: "click",
        },
        {
            // waits for the server to plan, create or change manufacturing orders: seconds
            // on a small machine, longer than a tour step's default 10 s when it is busy
            timeout: 30000,
            trigger: '.o_form_view .o_field_widget[name="reopened_closure_id"]',
        },
    ],
});
