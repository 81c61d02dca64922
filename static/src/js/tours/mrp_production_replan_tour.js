/** @odoo-module **/
// Copyright 2026 The mrp_production_management authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

import { registry } from "@web/core/registry";

// A salesperson promises a date on the quotation and commits to it; once confirmed, the
// planner creates the tree and replans it forward, reading the preview and its timeline
// before applying. Steps find buttons by name, so the tour runs in any language.
registry.category("web_tour.tours").add("mpm_replan_promise", {
    steps: () => [
        {
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_compute_promise"]',
            run: "click",
        },
        {
            // the order's promise, shown once computed
            trigger: '.o_form_view .o_inner_group .o_field_widget[name="date_promise"]',
        },
        {
            trigger: '.o_field_one2many[name="order_line"] td[name="date_promise"]:not(:empty)',
        },
        {
            trigger: '.o_form_view button[name="action_commit_promise"]',
            run: "click",
        },
        {
            // committed: the promise is the delivery date now
            trigger: '.o_form_view:not(:has(button[name="action_commit_promise"]))',
        },
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
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_open_replan"]',
            run: "click",
        },
        {
            trigger: '.modal .o_mpm_replan_explanation .o_field_widget[name="explanation"]:not(:empty)',
        },
        {
            trigger: ".modal .o_mpm_timeline .o_mpm_timeline_row.o_mpm_timeline_critical .o_mpm_timeline_op",
        },
        {
            trigger: ".modal .o_mpm_timeline .o_mpm_timeline_deadline",
        },
        {
            trigger: '.modal .nav-link[name="dates"], .modal a[name="dates"]',
            run: "click",
        },
        {
            trigger: ".modal .o_mpm_preview",
        },
        {
            trigger: '.modal button[name="action_apply"]',
            run: "click",
        },
        {
            // the dialog closes only once the server has applied the replan (its dialog is
            // not inside the form view: ".o_form_view:not(:has(.modal))" held at once, and
            // the tour could end, the browser stop, before Apply reached the server)
            // waits for the server to plan, create or change manufacturing orders: seconds
            // on a small machine, longer than a tour step's default 10 s when it is busy
            timeout: 30000,
            trigger: 'body:not(:has(.modal)) .o_form_view .o_statusbar_buttons button[name="action_open_replan"]',
        },
    ],
});
