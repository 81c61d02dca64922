/** @odoo-module **/
// Copyright 2026 The mrp_production_management authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

import { registry } from "@web/core/registry";

const row = (index) => `.modal .o_field_one2many[name="line_ids"] .o_data_row:nth-child(${index})`;

registry.category("web_tour.tours").add("mpm_split_tree", {
    steps: () => [
        {
            trigger: '.o_form_view button[name="action_open_split_tree"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="part_count"] input',
            run: "edit 3",
        },
        {
            trigger: '.modal .o_field_widget[name="qty_to_split"]',
            run: "click",
        },
        {
            trigger: `${row(3)} td[name="quantity"]:contains("3.00")`,
        },
        {
            trigger: '.modal:not(:has(.alert-warning [name="late_warning"]))',
        },
        {
            trigger: `${row(2)} td[name="date_deadline"]`,
            run: "click",
        },
        {
            // a deadline before the part's start is warned about at once
            trigger: `${row(2)} td[name="date_deadline"] input`,
            run: "edit 01/01/2020 08:00:00",
        },
        {
            trigger: ".modal .modal-title",
            run: "click",
        },
        {
            trigger: '.modal .alert-warning [name="late_warning"]:contains("Part 2 starts after its deadline")',
        },
        {
            trigger: `${row(2)} td[name="date_deadline"]`,
            run: "click",
        },
        {
            trigger: `${row(2)} td[name="date_deadline"] input`,
            run: "edit 06/01/2031 08:00:00",
        },
        {
            trigger: ".modal .modal-title",
            run: "click",
        },
        {
            trigger: '.modal:not(:has(.alert-warning [name="late_warning"]))',
        },
        {
            trigger: `${row(3)} td[name="cancel"]`,
            run: "click",
        },
        {
            trigger: `${row(3)} td[name="cancel"] input:checked`,
        },
        {
            trigger: '.modal button[name="action_split"]',
            run: "click",
        },
        {
            // waits for the server to plan, create or change manufacturing orders: seconds
            // on a small machine, longer than a tour step's default 10 s when it is busy
            timeout: 30000,
            trigger: '.o_list_view .o_data_row:nth-child(3) td[name="state"]:contains("Cancelled")',
        },
        {
            // the three parts' references in full, each one different
            trigger: '.o_list_view .o_data_row:nth-child(3) td[name="name"]',
            run() {
                const cells = [...document.querySelectorAll('.o_list_view .o_data_row td[name="name"]')];
                const names = cells.map((cell) => cell.innerText.trim());
                const cut = cells.filter((cell) => cell.scrollWidth > cell.clientWidth);
                if (cut.length || new Set(names).size !== 3 || names.some((n) => n.includes("…"))) {
                    throw new Error(`references not shown in full: ${names.join(", ")}`);
                }
            },
        },
    ],
});
