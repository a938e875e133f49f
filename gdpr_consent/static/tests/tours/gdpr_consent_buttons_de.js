/** @odoo-module **/
/* Copyright 2026 GDPR Addons Contributors
 * License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html). */

// Every button gdpr_consent adds, clicked by German users (lang de_DE).
// Buttons are found by their name attribute, German labels from i18n/de.po
// are checked where the user reads them. The Python tests in
// tests/test_tours_de.py check the records after each tour.

import {registry} from "@web/core/registry";

const tours = registry.category("web_tour.tours");

/**
 * Steps of one run of the "Einwilligung erfassen" wizard from the contact
 * form, ending once the wizard is closed and the consent is listed.
 *
 * @param {Object} params
 * @param {String} params.purpose German name of the purpose
 * @param {String} params.channel German name of the channel to tick
 * @param {String} [params.source] technical value of the consent source
 * @param {String} params.detail consent source detail typed in
 * @param {Boolean} [params.doubleOptIn] the wizard announces a confirmation
 * @param {String} params.state German state shown in the list afterwards
 */
function recordConsentSteps({purpose, channel, source, detail, doubleOptIn, state}) {
    const modal = ".modal:has(.modal-title:contains('Einwilligung erfassen'))";
    const steps = [
        {
            content: "Open the Record Consent wizard",
            trigger: "button[name='action_gdpr_record_consent']:contains('Einwilligung erfassen')",
            run: "click",
        },
        {
            content: `Choose the purpose ${purpose}`,
            trigger: `${modal} div[name='purpose_id'] input`,
            run: `edit ${purpose}`,
        },
        {
            content: `Select ${purpose}`,
            trigger: `.o-autocomplete--dropdown-menu .dropdown-item:contains('${purpose}')`,
            run: "click",
        },
        {
            content: "The purpose is chosen",
            trigger: `${modal} div[name='purpose_id'] input:value(${purpose})`,
        },
    ];
    if (source) {
        steps.push({
            content: "Say where the consent comes from",
            trigger: `${modal} div[name='source'] select`,
            run: `select "${source}"`,
        });
    }
    steps.push(
        {
            content: `Tick the channel ${channel}`,
            trigger: `${modal} div[name='channel_ids'] .form-check:contains('${channel}') input`,
            run: "click",
        },
        doubleOptIn
            ? {
                  content: "The wizard says that the person must confirm (double opt-in)",
                  trigger: `${modal} .alert-info:contains('muss von der Person bestätigt werden')`,
              }
            : {
                  content: "No confirmation is announced: the consent is granted at once",
                  trigger: `${modal}:not(:has(.alert-info)) div[name='action'] input:checked`,
              },
        {
            content: "Describe the source",
            trigger: `${modal} div[name='source_detail'] input`,
            run: `edit ${detail}`,
        },
        {
            content: "Record",
            trigger: `${modal} .modal-footer button[name='action_confirm']:contains('Erfassen')`,
            run: "click",
        },
        {
            content: `The consent is listed as ${state}`,
            trigger: `body:not(:has(.modal)) div[name='gdpr_consent_ids'] .o_data_row:contains('${purpose}'):contains('${channel}'):contains('${state}')`,
        }
    );
    return steps;
}

const openConsentsPage = {
    content: "Open the Consents page of the contact",
    trigger: ".o_form_view .o_notebook a.nav-link[name='gdpr_consents']:contains('Einwilligungen')",
    run: "click",
};

/** The statusbar shows ``label`` as the current state. */
function currentState(label) {
    return {
        content: `The consent is now ${label}`,
        trigger: `.o_statusbar_status button[aria-checked='true']:contains('${label}')`,
    };
}

/** The smart button ``name`` labelled ``label`` shows exactly ``count``. */
function statButton(name, label, count) {
    return `button[name='${name}']:has(.o_stat_text:contains('${label}')) .o_stat_value:contains(/^${count}$/)`;
}

const confirmDialog = {
    content: "Confirm",
    trigger: ".modal-footer .btn-primary",
    run: "click",
};

tours.add("gdpr_consent_record_channels_de", {
    steps: () => [
        openConsentsPage,
        ...recordConsentSteps({
            purpose: "Werbung",
            channel: "Telefon",
            detail: "Anruf vom Montag",
            state: "Erteilt",
        }),
        ...recordConsentSteps({
            purpose: "Werbung",
            channel: "SMS",
            detail: "SMS-Antwort JA",
            state: "Erteilt",
        }),
        ...recordConsentSteps({
            purpose: "Werbung",
            channel: "Briefpost",
            source: "written",
            detail: "Antwortkarte Messe",
            state: "Erteilt",
        }),
    ],
});

tours.add("gdpr_consent_record_email_de", {
    steps: () => [
        openConsentsPage,
        // said on the phone: the person must confirm by email
        ...recordConsentSteps({
            purpose: "Werbung",
            channel: "E-Mail",
            detail: "Anruf vom Dienstag",
            doubleOptIn: true,
            state: "Ausstehend",
        }),
        // a signed written form is proof enough
        ...recordConsentSteps({
            purpose: "Newsletter",
            channel: "E-Mail",
            source: "written",
            detail: "Unterschriebenes Formular",
            state: "Erteilt",
        }),
    ],
});

tours.add("gdpr_consent_form_buttons_de", {
    steps: () => [
        currentState("Ausstehend"),
        {
            content: "Record a grant given outside Odoo",
            trigger: ".o_form_view button[name='action_grant']:contains('Erteilung erfassen')",
            run: "click",
        },
        {
            content: "Only a grant that can be proven: the dialog asks",
            trigger: ".modal-body:contains('nachweisen können')",
        },
        confirmDialog,
        currentState("Erteilt"),
        {
            content: "Withdraw",
            trigger: ".o_form_view button[name='action_withdraw']:contains('Widerrufen')",
            run: "click",
        },
        currentState("Widerrufen"),
        {
            content: "Record that the person refused",
            trigger: ".o_form_view button[name='action_refuse']:contains('Abgelehnt')",
            run: "click",
        },
        currentState("Abgelehnt"),
        {
            content: "Ask the person to confirm by email",
            trigger:
                ".o_form_view button[name='action_request_double_opt_in']:contains('Bestätigung anfordern')",
            run: "click",
        },
        currentState("Ausstehend"),
        {
            content: "The date of the request is shown",
            trigger: ".o_form_view div[name='doi_requested']:contains(/\\d/)",
        },
    ],
});

tours.add("gdpr_consent_text_new_version_de", {
    steps: () => [
        {
            content: "Version 1 is open",
            trigger: ".o_form_view div[name='version']:contains(/^1$/)",
        },
        {
            content: "Create a new version",
            trigger: ".o_form_view button[name='action_new_version']:contains('Neue Version')",
            run: "click",
        },
        {
            content: "The new version opens, with the same wording",
            trigger:
                ".o_form_view:has(div[name='body']:contains('product offers')) div[name='version']:contains(/^2$/)",
        },
    ],
});

tours.add("gdpr_consent_objection_de", {
    steps: () => [
        openConsentsPage,
        {
            content: "Record the objection",
            trigger:
                "button[name='action_gdpr_object_to_advertising']:contains('Widerspruch erfassen')",
            run: "click",
        },
        {
            content: "Are you sure? The dialog says what happens",
            trigger: ".modal-body:contains('widerspricht jeglicher Werbung')",
        },
        confirmDialog,
        {
            content: "The contact shows the objection, the button is gone",
            trigger:
                ".o_form_view:not(:has(button[name='action_gdpr_object_to_advertising'])) .alert-warning:contains('jeglicher Werbung widersprochen')",
        },
        {
            content: "Every consent is listed as withdrawn",
            trigger:
                "div[name='gdpr_consent_ids']:not(:has(.o_data_row:contains('Erteilt'))) .o_data_row:contains('Widerrufen')",
        },
    ],
});

tours.add("gdpr_consent_postal_export_de", {
    steps: () => [
        {
            content: "Switch the contacts to the list",
            trigger: ".o_switch_view.o_list",
            run: "click",
        },
        {
            content: "Search the campaign's contacts",
            trigger: ".o_searchview_input",
            run: "edit Tour Post",
        },
        {
            content: "Search by name",
            trigger: ".o_searchview_autocomplete .o_menu_item.focus",
            run: "click",
        },
        {
            content: "The search is applied",
            trigger: ".o_searchview_facet:contains('Tour Post')",
        },
        {
            content: "Only they are listed",
            trigger:
                ".o_list_view:not(:has(.o_data_row:not(:contains('Tour Post')))) .o_data_row:contains('Tour Post Anna')",
        },
        {
            content: "Select them all",
            trigger: ".o_list_view thead .o_list_record_selector input",
            run: "click",
        },
        {
            content: "Open the actions",
            trigger: ".o_cp_action_menus button",
            run: "click",
        },
        {
            content: "Postal campaign export",
            trigger: ".o-dropdown--menu .o-dropdown-item:contains('Export für Briefpost-Kampagne')",
            run: "click",
        },
        {
            content: "Choose the purpose",
            trigger: ".modal:has(div[name='partner_ids'] .o_tag) div[name='purpose_id'] input",
            run: "edit Werbung",
        },
        {
            content: "Select Werbung",
            trigger: ".o-autocomplete--dropdown-menu .dropdown-item:contains('Werbung')",
            run: "click",
        },
        {
            content: "Export",
            trigger: ".modal:has(div[name='purpose_id'] input:value(Werbung)) button[name='action_export']:contains('Exportieren')",
            run: "click",
        },
        {
            content: "One exported, one with an incomplete address, three without postal consent",
            trigger:
                ".modal:has(div[name='included_count']:contains(/^1$/)):has(div[name='incomplete_count']:contains(/^1$/)) div[name='excluded_count']:contains(/^3$/)",
        },
        {
            content: "The file can be downloaded",
            trigger: ".modal div[name='export_file']:contains('briefpost-kampagne-advertising.csv')",
        },
    ],
});

tours.add("gdpr_consent_smart_buttons_de", {
    steps: () => [
        {
            content: "The contact counts its consents",
            trigger: statButton("action_gdpr_view_consents", "Einwilligungen", 3),
            run: "click",
        },
        {
            content: "The list shows the three consents of the contact only",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('John Doe'))) .o_pager_limit:contains(/^3$/)",
        },
        {
            content: "Open the phone consent",
            trigger: ".o_list_view .o_data_row:contains('Telefon') td[name='channel_id']",
            run: "click",
        },
        {
            content: "Open its purpose",
            trigger: ".o_form_view div[name='purpose_id'] a.o_form_uri:contains('Werbung')",
            run: "click",
        },
        {
            content: "The purpose counts its granted consents",
            trigger: statButton("action_view_consents", "Einwilligungen", 2),
            run: "click",
        },
        {
            content: "The list shows them: the phone and the email consent",
            trigger:
                ".o_list_view:has(.o_data_row:contains('John Doe')):has(.o_data_row:contains('Telefon')) .o_pager_limit:contains(/^2$/)",
        },
        {
            content: "Neither the withdrawn consent nor another purpose's",
            trigger:
                ".o_list_view:not(:has(.o_data_row:contains('Briefpost'))):not(:has(td[name='purpose_id']:contains('Newsletter')))",
        },
    ],
});

tours.add("gdpr_consent_mailing_excluded_de", {
    steps: () => [
        {
            content: "The sent mailing counts the recipients left out for missing consent",
            trigger: statButton("action_view_gdpr_excluded", "Keine Einwilligung", 6),
            run: "click",
        },
        {
            content: "The list shows the six exclusions",
            trigger: ".o_list_view:has(.o_data_row:contains('tour.ex.0@example.com')) .o_pager_limit:contains(/^6$/)",
        },
        {
            content: "Nobody who consented is listed",
            trigger: ".o_list_view:not(:has(.o_data_row:contains('tour.consent.')))",
        },
    ],
});

/** Steps checking one card of the dashboard, opening its list and going back. */
function dashboardCardSteps({key, title, count, row}) {
    const card = `.o_gdpr_dashboard_card[data-key='${key}']`;
    return [
        {
            content: `The card ${title} shows ${count}`,
            trigger: `${card}:has(.o_gdpr_card_title:contains('${title}')) .o_gdpr_card_count:contains(/^${count}$/)`,
            run: "click",
        },
        {
            content: `The list is named after the card: ${title}`,
            trigger: `.o_breadcrumb .o_last_breadcrumb_item:contains('${title}')`,
        },
        {
            content: `The list shows the ${count} records the card counted`,
            trigger: `.o_list_view:has(.o_data_row:contains('${row}')) .o_pager_limit:contains(/^${count}$/)`,
        },
        {
            content: "Back to the overview",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains('Übersicht')",
            run: "click",
        },
        {
            content: "The overview is shown again",
            trigger: ".o_gdpr_dashboard .o_gdpr_dashboard_summary",
        },
    ];
}

tours.add("gdpr_consent_dashboard_de", {
    steps: () => [
        ...dashboardCardSteps({
            key: "doi_stale",
            title: "Unbestätigte Double-Opt-ins",
            count: 1,
            row: "Erika Mustermann",
        }),
        ...dashboardCardSteps({
            key: "consent_expiring",
            title: "Bald ablaufende Einwilligungen",
            count: 2,
            row: "John Doe",
        }),
    ],
});
