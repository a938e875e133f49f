/** @odoo-module */
// Copyright 2026 GDPR Addons Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import {registry} from "@web/core/registry";
import {stepUtils} from "@web_tour/tour_service/tour_utils";

// A sales user records on the partner form why the data is kept (purpose)
// and where it came from (origin), then saves. Triggers use technical names
// so that the tour runs in any user language ("Lead" is in both the English
// and the German name of the purpose).
registry.category("web_tour.tours").add("gdpr_segments_partner_purpose_tour", {
    steps: () => [
        {
            content: "Open the Data Protection page",
            trigger: ".o_notebook .nav-link[name='gdpr']",
            run: "click",
        },
        {
            content: "Add a purpose",
            trigger:
                "div[name='gdpr_partner_purpose_ids'] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Choose the purpose",
            trigger:
                "div[name='gdpr_partner_purpose_ids'] .o_selected_row div[name='purpose_id'] input",
            run: "edit Lead",
        },
        {
            content: "Select it in the dropdown",
            trigger: ".ui-menu-item a:contains('Lead')",
            run: "click",
        },
        {
            content: "Choose the origin",
            trigger:
                "div[name='gdpr_partner_purpose_ids'] .o_selected_row div[name='origin_type'] select",
            run: 'select "event"',
        },
        {
            content: "Describe the origin",
            trigger:
                "div[name='gdpr_partner_purpose_ids'] .o_selected_row div[name='origin_detail'] input",
            run: "edit Hannover Messe booth",
        },
        ...stepUtils.saveForm(),
        {
            content: "The saved purpose is listed with its status",
            trigger:
                "div[name='gdpr_partner_purpose_ids'] .o_data_row:contains('Hannover Messe booth') .o_field_badge",
        },
    ],
});
