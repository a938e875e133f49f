/** @odoo-module */
// Copyright 2026 GDPR Addons Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("gdpr_erasure_forget_tour", {
    steps: () => [
        {
            content: "Open 'Forget this person' from the contact form",
            trigger: ".o_form_view button[name='action_gdpr_forget']",
            run: "click",
        },
        {
            content: "The preview lists what will happen per model",
            trigger: ".modal .o_gdpr_plan .o_data_row",
        },
        {
            content: "The erase button stays hidden until confirmed",
            trigger: ".modal:not(:has(button[name='action_erase']))",
        },
        {
            content: "Confirm explicitly",
            trigger: ".modal div[name='confirm'] input[type='checkbox']",
            run: "click",
        },
        {
            content: "Forget the person",
            trigger: ".modal button[name='action_erase']",
            run: "click",
        },
        {
            content: "The result is shown with the log",
            trigger: ".modal .o_gdpr_result",
        },
        {
            trigger: ".modal button[name='action_view_log']",
            run: "click",
        },
        {
            content: "The audit log opens",
            trigger: ".o_form_view .o_field_widget[name='record_count']",
        },
    ],
});
