/** @odoo-module **/
// Copyright 2026 The mrp_production_management authors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).

import { Component } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { deserializeDateTime, formatDate, formatDateTime } from "@web/core/l10n/dates";
import { registry } from "@web/core/registry";
import { standardFieldProps } from "@web/views/fields/standard_field_props";

const { DateTime } = luxon;
const MAX_TICKS = 10;

/**
 * The replan preview drawn on a timeline: one bar per order over its work orders (each on
 * its work center's time), where it was before as a thin line, the deadlines marked, the
 * critical path highlighted and late orders in red. The data comes from the server
 * (``mrp.production._get_replan_preview``); this widget only draws it.
 */
export class ReplanTimeline extends Component {
    static template = "mrp_production_management.ReplanTimeline";
    static props = { ...standardFieldProps };

    get data() {
        return this.props.record.data[this.props.name] || { rows: [], deadlines: [] };
    }

    get rows() {
        return this.data.rows.map((row) => ({
            ...row,
            bar: this.span(row.start, row.end),
            before: row.old_start && row.old_end ? this.span(row.old_start, row.old_end) : null,
            ops: row.ops.map((op) => ({
                ...op,
                span: this.span(op.start, op.end),
                title: `${op.workcenter}: ${this.format(op.start)} – ${this.format(op.end)}`,
            })),
            title: `${row.name} · ${row.product}: ${this.format(row.start)} – ${this.format(row.end)}`,
        }));
    }

    get deadlines() {
        return (this.data.deadlines || []).map((deadline) => ({
            ...deadline,
            left: this.position(deadline.date),
            title: _t("Deadline of %(tree)s: %(date)s", {
                tree: deadline.name,
                date: this.format(deadline.date),
            }),
        }));
    }

    get range() {
        const dates = [];
        for (const row of this.data.rows) {
            dates.push(row.start, row.end);
            if (row.old_start && row.old_end) {
                dates.push(row.old_start, row.old_end);
            }
        }
        for (const deadline of this.data.deadlines || []) {
            dates.push(deadline.date);
        }
        const times = dates.map((date) => deserializeDateTime(date).toMillis());
        let start = Math.min(...times);
        let end = Math.max(...times);
        if (!(end > start)) {
            end = start + 3600 * 1000;
        }
        const margin = (end - start) * 0.02;
        return { start: start - margin, end: end + margin };
    }

    get ticks() {
        if (!this.data.rows.length) {
            return [];
        }
        const { start, end } = this.range;
        const day = 24 * 3600 * 1000;
        const step = Math.max(1, Math.ceil((end - start) / day / MAX_TICKS)) * day;
        const ticks = [];
        let tick = DateTime.fromMillis(start).startOf("day").plus({ days: 1 });
        while (tick.toMillis() < end) {
            ticks.push({
                left: ((tick.toMillis() - start) / (end - start)) * 100,
                label: formatDate(tick),
            });
            tick = tick.plus({ milliseconds: step });
        }
        return ticks;
    }

    position(date) {
        const { start, end } = this.range;
        return ((deserializeDateTime(date).toMillis() - start) / (end - start)) * 100;
    }

    span(from, to) {
        const left = this.position(from);
        return { left, width: Math.max(this.position(to) - left, 0.3) };
    }

    format(date) {
        return formatDateTime(deserializeDateTime(date), { showSeconds: false });
    }
}

export const replanTimeline = {
    component: ReplanTimeline,
    displayName: _t("Replan Timeline"),
    supportedTypes: ["json"],
};

registry.category("fields").add("mpm_replan_timeline", replanTimeline);
