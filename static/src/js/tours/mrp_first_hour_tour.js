/** @odoo-module **/
// Copyright 2026 The mrp_production_management authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

import { registry } from "@web/core/registry";

// The whole flow of a new user, in any language (the steps find buttons and fields by
// name, not by their label): sales order -> MO with sub-orders -> customize its BoM ->
// split it -> produce part of one part -> close it -> reopen some -> print the MO sheet.
registry.category("web_tour.tours").add("mpm_first_hour", {
    steps: () => [
        {
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_confirm"]',
            run: "click",
        },
        {
            trigger: '.o_field_one2many[name="order_line"] button[name="action_create_production"]',
            run: "click",
        },
        {
            // waits for the server to plan, create or change manufacturing orders: seconds
            // on a small machine, longer than a tour step's default 10 s when it is busy
            timeout: 30000,
            trigger: '.o_form_view button[name="action_view_child_productions"]',
        },
        {
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_open_customize_bom"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="line_ids"] .o_data_row:nth-child(4) td[name="product_qty"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="line_ids"] .o_selected_row td[name="product_qty"] input',
            run: "edit 3",
        },
        {
            // leave the row, and let the live cost settle before picking a reason
            trigger: ".modal .modal-title",
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="line_ids"]:not(:has(.o_selected_row))',
        },
        {
            trigger: '.modal .o_field_widget[name="reason_ids"] input',
            run: "click",
        },
        {
            trigger: ".o-autocomplete--dropdown-item",
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="reason_ids"] .o_tag',
        },
        {
            trigger: '.modal button[name="action_save"]',
            run: "click",
        },
        {
            // waits for the server to plan, create or change manufacturing orders: seconds
            // on a small machine, longer than a tour step's default 10 s when it is busy
            timeout: 30000,
            trigger: '.o_form_view div[name="bom_div"] .badge',
        },
        {
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_open_split_tree"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="line_ids"] .o_data_row:nth-child(2)',
        },
        {
            trigger: '.modal button[name="action_split"]',
            run: "click",
        },
        {
            // waits for the server to plan, create or change manufacturing orders: seconds
            // on a small machine, longer than a tour step's default 10 s when it is busy
            timeout: 30000,
            trigger: ".o_list_view .o_data_row:nth-child(2) td[name='name']",
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="qty_producing"] input',
            run: "edit 2",
        },
        {
            trigger: ".o_form_view .o_form_button_save",
            run: "click",
        },
        {
            trigger: ".o_form_view .o_form_saved",
        },
        {
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_open_close"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="reason_id"] input',
            run: "click",
        },
        {
            trigger: ".o-autocomplete--dropdown-item",
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
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_open_reopen"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="product_qty"] input',
            run: "edit 1",
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
        {
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            trigger: ".o-dropdown--menu button:has(.fa-print)",
            run: "click",
        },
        {
            // The sheet in English or Turkish.
            trigger: ".o-dropdown--menu .o_menu_item:contains('Order Sheet'), .o-dropdown--menu .o_menu_item:contains('Emri Föyü')",
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="reopened_closure_id"]',
        },
    ],
});
