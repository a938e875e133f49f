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
            content: "Advertising is about product offers, not a newsletter",
            trigger: ".modal div[name='scope'] select:has(option:selected:contains('Product offers'))",
        },
        {
            content: "Tick the channel: every channel is a visible checkbox",
            trigger: ".modal div[name='channel_ids'] .form-check:contains('Phone') input",
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

registry.category("web_tour.tours").add("gdpr_consent_advertising_allowed_de", {
    steps: () => [
        {
            content: "Open the Data Protection page of the contact",
            trigger: ".o_form_view .o_notebook a.nav-link[name='gdpr']",
            run: "click",
        },
        {
            content: "Advertising is allowed: the consents say so",
            trigger: "div[name='gdpr_marketing_allowed'] input:checked",
        },
        {
            content: "The channels are shown, in German",
            trigger:
                "div[name='gdpr_advertising_channel_ids']:contains('Telefon'):contains('Briefpost')",
        },
        {
            content: "The data's origin is labelled apart from the consent's source",
            trigger: "div[name='gdpr_partner_purpose_ids'] th:contains('Herkunft der Daten')",
        },
        {
            content: "Open the Consents page",
            trigger: ".o_form_view .o_notebook a.nav-link[name='gdpr_consents']",
            run: "click",
        },
        {
            content: "The consent's source has its own label",
            trigger: "div[name='gdpr_consent_ids'] th:contains('Quelle der Einwilligung')",
        },
        {
            content: "The personal preference link can be copied from the contact",
            trigger: "div[name='gdpr_preference_url']:contains('/gdpr/preferences/')",
        },
    ],
});

registry.category("web_tour.tours").add("gdpr_consent_mailing_exclusion_count_de", {
    steps: () => [
        {
            content: "Before sending, the form counts the recipients with consent",
            trigger:
                "div[name='gdpr_audience_counts']:contains('3 Empfänger'):contains('ohne Einwilligung ausgeschlossen')",
        },
        {
            content: "Contacts without an email address are counted apart",
            trigger:
                "div[name='gdpr_audience_counts'] span:contains('ohne Adresse') div[name='gdpr_missing_address_count']:contains('1')",
        },
        {
            content: "Six are excluded for missing consent: list them",
            trigger:
                "button[name='action_view_gdpr_missing_consent']:contains('6 ohne Einwilligung ausgeschlossen')",
            run: "click",
        },
        {
            content: "The list shows the excluded contacts",
            trigger: ".o_list_view .o_data_row:contains('Tour Excluded 5')",
        },
        {
            content: "Nobody with a consent or without an address is listed",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('Tour Consent'))):not(:has(.o_data_row:contains('Tour No Email')))",
        },
    ],
});
