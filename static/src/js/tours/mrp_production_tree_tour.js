/** @odoo-module **/
// Copyright 2026 The mrp_production_management authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("mpm_open_manufacturing", {
    steps: () => [
        {
            trigger: ".o_navbar_apps_menu button",
            run: "click",
        },
        {
            trigger: '.o_app[data-menu-xmlid="mrp.menu_mrp_root"]',
            run: "click",
        },
        {
            trigger: '.o_breadcrumb:contains("Manufacturing Orders")',
        },
        {
            trigger: 'button[data-menu-xmlid="mrp.menu_mrp_manufacturing"]',
            run: "click",
        },
        {
            trigger: 'a[data-menu-xmlid="mrp_production_management.menu_mrp_production_tree"]',
            run: "click",
        },
        {
            trigger: '.o_hierarchy_node:contains("LED Street Light Module 50 W")',
        },
        {
            // each card: planned dates, progress and its badges, all above the fold bar
            trigger:
                '.o_hierarchy_node:contains("LED Street Light Module 50 W"):has(.o_mpm_hierarchy_dates):has(.o_progressbar):has(.o_mpm_hierarchy_badges .o_field_badge)',
            run() {
                for (const card of document.querySelectorAll(".o_hierarchy_node")) {
                    const body = card.querySelector(".o_mpm_hierarchy_body");
                    const bar = card.querySelector(".o_hierarchy_node_button");
                    const bottom = Math.max(
                        ...[...body.querySelectorAll("*")].map((el) => el.getBoundingClientRect().bottom)
                    );
                    if (bar && bottom > bar.getBoundingClientRect().top + 1) {
                        throw new Error(`"${card.innerText}" slides under its fold bar`);
                    }
                    if (body.scrollHeight > body.clientHeight + 1) {
                        throw new Error(`"${card.innerText}" is clipped`);
                    }
                }
            },
        },
    ],
});

registry.category("web_tour.tours").add("mpm_navigate_tree", {
    steps: () => [
        {
            trigger: '.o_form_view button[name="action_view_production_tree"]',
            run: "click",
        },
        {
            // this tree only: no other top order of the database
            trigger:
                '.o_hierarchy_view:has(.o_hierarchy_node:contains("LED Street Light Module 50 W")):not(:has(.o_hierarchy_node:contains("SFP")))',
        },
        {
            // the tree opens on its top order, unfolded, and on nothing else
            trigger:
                '.o_hierarchy_view:has(.o_hierarchy_node:contains("LED Driver Board")):not(:has(.o_hierarchy_node:contains("SFP")))',
        },
        {
            trigger: '.o_hierarchy_view:not(:has(.o_hierarchy_node:contains("SFP")))',
        },
        {
            trigger:
                '.o_hierarchy_node:contains("LED Array Board") button[name="hierarchy_search_subsidiaries"]',
            run: "click",
        },
        {
            trigger: '.o_hierarchy_node:contains("Populated MCPCB")',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="product_id"]:contains("Populated MCPCB")',
        },
        {
            trigger: '.o_form_view button[name="action_view_parent_production"]',
            run: "click",
        },
        {
            trigger: '.o_form_view .o_field_widget[name="product_id"]:contains("LED Array Board")',
        },
    ],
});
