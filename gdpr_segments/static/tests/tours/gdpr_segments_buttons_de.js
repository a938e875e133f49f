/** @odoo-module */
// Copyright 2026 GDPR Addons Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

// Every button gdpr_segments adds, clicked by German users (lang de_DE).
// Buttons are found by their name attribute, German labels from i18n/de.po
// are checked where the user reads them. The Python tests in
// tests/test_tours_de.py check the records after each tour.

import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

/** The statusbar shows ``label`` as the current state. */
function currentState(label) {
    return {
        content: `The assignment is now ${label}`,
        trigger: `.o_statusbar_status button[aria-checked='true']:contains('${label}')`,
    };
}

/** The smart button ``name`` labelled ``label`` shows exactly ``count``. */
function statButton(name, label, count) {
    return `button[name='${name}']:has(.o_stat_text:contains('${label}')) .o_stat_value:contains(/^${count}$/)`;
}

/** The list opened by a button shows exactly ``count`` records. */
function listCount(count, row) {
    return `.o_list_view:has(.o_data_row:contains('${row}')) .o_pager_limit:contains(/^${count}$/)`;
}

tours.add("gdpr_segments_assignment_dpo_de", {
    steps: () => [
        currentState("Aktiv"),
        {
            content: "Restrict the processing (Art. 18)",
            trigger: ".o_form_view button[name='action_restrict']:contains('Einschränken')",
            run: "click",
        },
        currentState("Eingeschränkt"),
        {
            content: "Only the DPO lifts the restriction",
            trigger: ".o_form_view button[name='action_reactivate']:contains('Reaktivieren')",
            run: "click",
        },
        currentState("Aktiv"),
        {
            content: "End the purpose",
            trigger: ".o_form_view button[name='action_end']:contains('Zweck beenden')",
            run: "click",
        },
        currentState("Beendet"),
        {
            content: "Ended: it can be reactivated, not ended again",
            trigger:
                ".o_form_view:not(:has(button[name='action_end'])) button[name='action_reactivate']",
        },
    ],
});

tours.add("gdpr_segments_assignment_staff_de", {
    steps: () => [
        currentState("Beendet"),
        {
            content: "Staff cannot restrict: the button is the DPO's",
            trigger:
                ".o_form_view:not(:has(button[name='action_restrict'])) button[name='action_reactivate']:contains('Reaktivieren')",
            run: "click",
        },
        currentState("Aktiv"),
        {
            content: "Active again: it can be ended",
            trigger: ".o_form_view button[name='action_end']:contains('Zweck beenden')",
        },
    ],
});

tours.add("gdpr_segments_assignment_staff_restricted_de", {
    steps: () => [
        currentState("Eingeschränkt"),
        {
            content: "Staff try to lift the restriction",
            trigger:
                ".o_form_view:not(:has(button[name='action_restrict'])) button[name='action_reactivate']",
            run: "click",
        },
        {
            content: "Only the DPO may: the user is told so",
            trigger: ".modal:contains('Einschränkung der Verarbeitung aufheben')",
        },
        {
            content: "Close the message",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The processing stays restricted",
            trigger: `body:not(:has(.modal)) .o_statusbar_status button[aria-checked='true']:contains('Eingeschränkt')`,
        },
    ],
});

tours.add("gdpr_segments_partner_end_purpose_de", {
    steps: () => [
        {
            content: "Open the Data Protection page",
            trigger: ".o_notebook .nav-link[name='gdpr']:contains('Datenschutz')",
            run: "click",
        },
        {
            content: "End the advertising purpose in its row",
            trigger:
                "div[name='gdpr_partner_purpose_ids'] .o_data_row:contains('Werbung') button[name='action_end']:contains('Beenden')",
            run: "click",
        },
        {
            content: "The row shows the purpose as ended, without the button",
            trigger:
                "div[name='gdpr_partner_purpose_ids'] .o_data_row:contains('Werbung'):not(:has(button[name='action_end'])) .o_field_badge:contains('Beendet')",
        },
    ],
});

tours.add("gdpr_segments_partner_smart_buttons_de", {
    steps: () => [
        {
            content: "The contact counts its active purposes",
            trigger: statButton("action_gdpr_view_assignments", "Zwecke", 1),
            run: "click",
        },
        {
            content: "The list shows the active assignment",
            trigger: listCount(1, "Werbung"),
        },
        {
            content: "The ended one is behind the Active filter",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('Beendet'))) .o_searchview_facet:contains('Aktiv')",
        },
        {
            content: "Back to the contact",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('GDPR Test Ads Anna')",
            run: "click",
        },
        {
            content: "The contact counts its disclosures",
            trigger: statButton("action_gdpr_view_disclosures", "Weitergaben", 2),
            run: "click",
        },
        {
            content: "The list shows both disclosures",
            trigger: listCount(2, "GDPR Test Cloud Inc."),
        },
        {
            content: "Including the one to the German carrier",
            trigger: ".o_list_view .o_data_row:contains('GDPR Test Carrier GmbH')",
        },
    ],
});

tours.add("gdpr_segments_purpose_assignments_de", {
    steps: () => [
        {
            content: "The purpose counts its active assignments",
            trigger: statButton("action_view_assignments", "Aktiv", 1),
            run: "click",
        },
        {
            content: "The list shows the active one only",
            trigger: listCount(1, "GDPR Test Ads Anna"),
        },
        {
            content: "Not the ended one",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('GDPR Test Ended Emil')))",
        },
    ],
});

tours.add("gdpr_segments_segment_members_de", {
    steps: () => [
        {
            content: "The segment counts its members",
            trigger: statButton("action_view_members", "Mitglieder", 1),
            run: "click",
        },
        {
            content: "The list is titled with the segment",
            trigger: ".o_breadcrumb .o_last_breadcrumb_item:contains('Mitglieder von Werbung Deutschland')",
        },
        {
            content: "It shows the member",
            trigger: listCount(1, "GDPR Test Ads Anna"),
        },
    ],
});

tours.add("gdpr_segments_dashboard_de", {
    steps: () => {
        // the contacts without purpose are counted in the whole database:
        // the list must show as many as the card
        let withoutPurpose;
        return [
            {
                content: "The third-country card counts the transfers",
                trigger:
                    ".o_gdpr_dashboard_card[data-key='third_country']:has(.o_gdpr_card_title:contains('Drittlandübermittlungen')) .o_gdpr_card_count:contains(/^2$/)",
                run: "click",
            },
            {
                content: "The list is named after the card",
                trigger: ".o_breadcrumb .o_last_breadcrumb_item:contains('Drittlandübermittlungen')",
            },
            {
                content: "Grouped by country: both go to the United States",
                trigger: ".o_list_view .o_group_name:contains('Vereinigte Staaten'):contains('(2)')",
            },
            {
                content: "No other country",
                trigger: ".o_list_view:not(:has(.o_group_name:contains('Deutschland'))) .o_group_name",
            },
            {
                content: "Back to the overview",
                trigger: ".o_breadcrumb .breadcrumb-item a:contains('Übersicht')",
                run: "click",
            },
            {
                content: "The card of the contacts without purpose",
                trigger:
                    ".o_gdpr_dashboard_card[data-key='without_purpose']:has(.o_gdpr_card_title:contains('Kontakte ohne Zweck')) .o_gdpr_card_count",
                async run(helpers) {
                    withoutPurpose = this.anchor.textContent.trim();
                    await helpers.click();
                },
            },
            {
                content: "The list is named after the card",
                trigger: ".o_breadcrumb .o_last_breadcrumb_item:contains('Kontakte ohne Zweck')",
            },
            {
                content: "It lists as many contacts as the card counted",
                trigger: ".o_list_view:has(.o_data_row:contains('GDPR Test Nobody Nina')) .o_pager_limit",
                run() {
                    const shown = this.anchor.textContent.trim();
                    if (shown !== withoutPurpose) {
                        throw new Error(`The card counts ${withoutPurpose}, the list shows ${shown}`);
                    }
                },
            },
        ];
    },
});
