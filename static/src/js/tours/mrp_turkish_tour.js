/** @odoo-module **/
// Copyright 2026 The mrp_production_management authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

import { registry } from "@web/core/registry";

// The text as the user reads it: innerText applies CSS text-transform, so a header that the
// web client writes in capitals reads "BU EMİR" when the page is in Turkish, "BU EMIR" when
// the browser does not know the page's language. (The tours' :contains reads innerText too.)
function readsAs(trigger, expected) {
    return {
        trigger,
        run() {
            const text = this.anchor.innerText.trim();
            if (text !== expected) {
                throw new Error(`${trigger} reads "${text}", not "${expected}"`);
            }
        },
    };
}

registry.category("web_tour.tours").add("mpm_turkish_order", {
    steps: () => [
        {
            trigger: 'html[lang="tr-TR"] .o_form_view',
        },
        {
            // Odoo's "Scheduled End" has no Turkish: the addon's own label
            trigger: '.o_form_view .o_form_label:contains("Planlanan Bitiş")',
        },
        {
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_open_customize_bom"]',
        },
        {
            trigger: '.o_form_view .o_notebook_headers a[name="bom_cost"]',
            run: "click",
        },
        readsAs('.o_form_view .o_horizontal_separator:contains(/^BU EM/)', "BU EMİR"),
        {
            trigger: '.o_form_view .o_notebook_headers a[name="production_tree"]',
            run: "click",
        },
        readsAs('.o_form_view .o_horizontal_separator:contains(/^AĞACIN/)', "AĞACIN İLERLEMESİ"),
        {
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            trigger: '.o-dropdown--menu .o_menu_item:contains("Bileşen Durumuna Göre Planla")',
        },
        {
            trigger: ".o_control_panel .o_cp_action_menus button:has(.fa-cog)",
            run: "click",
        },
        {
            trigger: '.o_form_view .o_statusbar_buttons button[name="action_open_customize_bom"]',
            run: "click",
        },
        readsAs('.modal .o_horizontal_separator:contains(/^MAL/)', "MALİYET"),
        {
            // the BoM to start from, not a "Başlangıç" like a start date or a source location
            trigger: '.modal .o_form_label:contains("Temel Alınan Reçete")',
        },
        {
            // reason tags and the free text are two words, not "Nedenler" and "Neden"
            trigger: '.modal .o_form_label[for^="reason_ids"]:contains("Değişiklik Nedenleri")',
        },
        {
            trigger: '.modal .o_form_label[for^="note"]:contains("Açıklama")',
        },
        {
            trigger: '.modal .o_field_widget[name="line_ids"] .o_data_row:first-child td[name="product_qty"]',
            run: "click",
        },
        {
            trigger: '.modal .o_field_widget[name="line_ids"] .o_selected_row td[name="product_qty"] input',
            run: "edit 7",
        },
        {
            trigger: ".modal .modal-title",
            run: "click",
        },
        {
            // once the recipe changed, the reason is marked required before saving
            trigger: '.modal .o_field_widget[name="reason_ids"].o_required_modifier',
        },
        {
            trigger: ".modal .modal-footer button.btn-secondary",
            run: "click",
        },
        {
            trigger: "body:not(:has(.modal))",
        },
    ],
});

registry.category("web_tour.tours").add("mpm_turkish_sale", {
    steps: () => [
        {
            trigger: 'html[lang="tr-TR"] .o_form_view',
        },
        {
            // a badge, not a toggle switch
            trigger:
                '.o_field_one2many[name="order_line"] td[name="production_risk"] .badge:contains("Risk Altında")',
        },
        {
            trigger: '.o_field_one2many[name="order_line"]:not(:has(.o_boolean_toggle))',
        },
    ],
});
