/** @odoo-module **/
/* Copyright 2026 GDPR Addons Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html). */

import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("gdpr_consent_record_from_partner", {
    steps: () => [
        {
            content: "Open the Consents page of the contact",
            trigger: ".o_form_view .o_notebook a.nav-link[name='gdpr_consents']",
            run: "click",
        },
        {
            content: "Open the Record Consent wizard",
            trigger: "button[name='action_gdpr_record_consent']",
            run: "click",
        },
        {
            content: "Choose the purpose",
            trigger: ".modal div[name='purpose_id'] input",
            run: "edit Advertising",
        },
        {
            content: "Select Advertising",
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Advertising')",
            run: "click",
        },
        {
            content: "Choose the channel",
            trigger: ".modal div[name='channel_ids'] input",
            run: "edit Phone",
        },
        {
            content: "Select Phone",
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Phone')",
            run: "click",
        },
        {
            content: "The current consent text version is proposed",
            trigger: ".modal div[name='text_id'] input:value(Advertising consent (v1))",
        },
        {
            content: "Describe where the consent comes from",
            trigger: ".modal div[name='source_detail'] input",
            run: "edit Call of today",
        },
        {
            content: "Record",
            trigger: ".modal-footer button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The granted consent is listed on the contact",
            trigger:
                "div[name='gdpr_consent_ids'] .o_data_row:contains('Phone'):contains('Granted')",
        },
    ],
});

registry.category("web_tour.tours").add("gdpr_consent_preference_center_withdraw", {
    steps: () => [
        {
            content: "The phone consent for advertising is shown as granted",
            trigger:
                ".o_gdpr_purpose[data-purpose='advertising'] tr[data-channel='phone'][data-state='granted'] .o_gdpr_state:contains('Granted')",
        },
        {
            content: "Withdraw it",
            trigger:
                ".o_gdpr_purpose[data-purpose='advertising'] tr[data-channel='phone'] button.o_gdpr_withdraw",
            run: "click",
        },
        {
            content: "The page confirms the withdrawal",
            trigger: ".o_gdpr_message:contains('Your consent was withdrawn.')",
        },
        {
            content: "The channel now shows as withdrawn",
            trigger:
                ".o_gdpr_purpose[data-purpose='advertising'] tr[data-channel='phone'][data-state='withdrawn'] .o_gdpr_state:contains('Withdrawn')",
        },
        {
            content: "The email consent is untouched",
            trigger:
                ".o_gdpr_purpose[data-purpose='newsletter'] tr[data-channel='email'][data-state='granted']",
        },
    ],
});
