/** @odoo-module */
// Copyright 2026 GDPR Addons Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
//
// One tour per button flow of gdpr_erasure, run by a DPO whose language is
// German (tests/test_tours_de.py checks the outcome after each tour).
import {registry} from "@web/core/registry";
import {rpc} from "@web/core/network/rpc";

const tours = registry.category("web_tour.tours");

function click(trigger, content) {
    return {content, trigger, run: "click"};
}

function check(trigger, content) {
    return {content, trigger};
}

/** The request's current state in the status bar, with its German label. */
function requestState(value, label) {
    return check(
        `.o_form_view .o_statusbar_status button.o_arrow_button_current[data-value='${value}']:contains('${label}')`,
        `The request is '${label}'`
    );
}

function openTab(name, label) {
    return click(`.o_form_view .o_notebook a.nav-link[name='${name}']:contains('${label}')`, `Open the tab '${label}'`);
}

function openMenu(section, item, label) {
    return [
        click(`.o_menu_sections button[data-menu-xmlid='${section}']`, "Open the menu"),
        click(`.dropdown-item[data-menu-xmlid='${item}']:contains('${label}')`, `Choose '${label}'`),
    ];
}

/** Tick the confirmation, erase and wait for the result of the wizard. */
function confirmAndErase() {
    return [
        check(".modal .o_gdpr_plan .o_data_row", "The preview lists what will happen"),
        check(".modal:not(:has(button[name='action_erase']))", "Nothing to erase before the confirmation"),
        click(".modal div[name='confirm'] input[type='checkbox']", "Confirm explicitly"),
        click(".modal button[name='action_erase']:contains('Diese Person vergessen')", "Forget the person"),
        check(".modal .o_gdpr_result", "The result is shown"),
    ];
}

/** Back to the previous page through the breadcrumb. */
function back(waitFor) {
    return [click(".o_breadcrumb li.o_back_button", "Back"), check(waitFor, "Back on the previous page")];
}

// ---------------------------------------------------------------------------
// Data-subject request form
// ---------------------------------------------------------------------------

tours.add("gdpr_erasure_de_generate_export", {
    steps: () => [
        requestState("new", "Neu"),
        click(
            ".o_form_view button[name='action_generate_export']:contains('Auskunftsexport erstellen')",
            "Generate the access export"
        ),
        openTab("result", "Ergebnis"),
        check(".o_form_view div[name='export_attachment_id']:contains('access-export.zip')", "The ZIP is attached"),
        requestState("new", "Neu"),
    ],
});

tours.add("gdpr_erasure_de_verify_export_close", {
    steps: () => [
        requestState("new", "Neu"),
        click(".o_form_view button[name='action_verify']:contains('Identität geprüft')", "Identity verified"),
        requestState("verified", "Identität geprüft"),
        click(
            ".o_form_view button[name='action_process']:contains('Exportieren und abschließen')",
            "Export and close"
        ),
        requestState("done", "Erledigt"),
        openTab("result", "Ergebnis"),
        check(".o_form_view div[name='export_attachment_id']:contains('access-export.zip')", "The ZIP is attached"),
    ],
});

/** A verified request done by its one process button (restriction, objection). */
function processSteps(label) {
    return () => [
        requestState("verified", "Identität geprüft"),
        click(`.o_form_view button[name='action_process']:contains('${label}')`, label),
        requestState("done", "Erledigt"),
    ];
}

tours.add("gdpr_erasure_de_restrict", {steps: processSteps("Verarbeitung einschränken")});
tours.add("gdpr_erasure_de_object", {steps: processSteps("Widerspruch erfassen")});

tours.add("gdpr_erasure_de_extend", {
    steps: () => [
        requestState("new", "Neu"),
        openTab("extension", "Verlängerung"),
        {
            content: "Give the reason for the extension",
            trigger: ".o_form_view div[name='extension_reason'] textarea",
            run: "edit Viele gleichzeitige Anfragen",
        },
        click(".o_form_view button[name='action_extend']:contains('Frist verlängern')", "Extend the deadline"),
        check(".o_form_view div[name='extended'] input:checked", "The deadline is extended"),
        check(".o_form_statusbar:not(:has(button[name='action_extend']))", "Only once"),
    ],
});

tours.add("gdpr_erasure_de_reject_reopen", {
    steps: () => [
        requestState("new", "Neu"),
        openTab("result", "Ergebnis"),
        {
            content: "Choose the legal reason",
            trigger: ".o_form_view div[name='rejection_reason'] select",
            run: "selectByLabel Identität konnte nicht geprüft werden",
        },
        click(".o_form_view button[name='action_reject']:contains('Ablehnen')", "Reject"),
        requestState("rejected", "Abgelehnt"),
        click(".o_form_view button[name='action_reset']:contains('Wieder öffnen')", "Reopen"),
        requestState("new", "Neu"),
        check(".o_form_view button[name='action_reject']", "It can be decided again"),
    ],
});

// ---------------------------------------------------------------------------
// "Forget this person": from a request (with Refresh Preview) and a contact
// ---------------------------------------------------------------------------

tours.add("gdpr_erasure_de_request_forget", {
    steps: () => [
        requestState("verified", "Identität geprüft"),
        click(".o_form_view button[name='action_process']:contains('Diese Person vergessen')", "Process the erasure"),
        check(".modal .modal-title:contains('Diese Person vergessen')", "The wizard opens"),
        check(".modal .o_gdpr_plan:not(:has(.o_data_row:contains('Lead/Verkaufschance')))", "No lead yet"),
        {
            content: "Meanwhile a colleague records a lead with the person's email",
            trigger: ".modal .o_gdpr_plan .o_data_row",
            run: async () => {
                await rpc("/web/dataset/call_kw/crm.lead/create", {
                    model: "crm.lead",
                    method: "create",
                    args: [{name: "Anfrage per Telefon", email_from: "w.zeisberger@example.com"}],
                    kwargs: {},
                });
            },
        },
        click(".modal button[name='action_refresh']:contains('Vorschau aktualisieren')", "Refresh the preview"),
        check(".modal .o_gdpr_plan .o_data_row:contains('Lead/Verkaufschance')", "The new lead is in the plan"),
        ...confirmAndErase(),
        click(".modal button[name='action_view_log']:contains('Protokoll öffnen')", "Open the log"),
        check(".o_form_view .o_field_widget[name='record_count']", "The audit log opens"),
    ],
});

tours.add("gdpr_erasure_de_contact_forget", {
    steps: () => [
        check(
            ".o_form_view button[name='action_view_gdpr_requests']:contains('Anfragen'):contains('1')",
            "The contact has one request"
        ),
        click(".o_form_view button[name='action_view_gdpr_requests']", "Open the requests"),
        check(".o_list_view .o_data_row:contains('DSR/')", "The request is listed"),
        ...back(".o_form_view button[name='action_gdpr_forget']"),
        click(".o_form_view button[name='action_gdpr_forget']:contains('Diese Person vergessen')", "Forget"),
        check(".modal .modal-title:contains('Diese Person vergessen')", "The wizard opens"),
        ...confirmAndErase(),
        click(".modal-footer button:contains('Schließen')", "Close the wizard"),
        check(
            ".o_form_view .alert-info:contains('Die personenbezogenen Daten dieses Kontakts wurden gelöscht')",
            "The contact shows that it was erased"
        ),
    ],
});

tours.add("gdpr_erasure_de_lift_restriction", {
    steps: () => [
        check(".o_form_view .alert-warning:contains('Wegen gesetzlicher Aufbewahrung eingeschränkt bis')", "Restricted"),
        click(".o_form_view button[name='action_gdpr_lift_restriction']:contains('Einschränkung aufheben')", "Lift"),
        check(".modal-body:contains('Der Kontakt wird in Suchen wieder sichtbar. Fortfahren?')", "Asked to confirm"),
        click(".modal-footer button.btn-primary", "Confirm"),
        check(".o_form_view:not(:has(button[name='action_gdpr_lift_restriction']))", "No longer restricted"),
        check(".o_form_view:not(:has(.alert-warning:contains('Wegen gesetzlicher')))", "The banner is gone"),
    ],
});

// ---------------------------------------------------------------------------
// Retention: proposals, next run preview
// ---------------------------------------------------------------------------

function proposalRow(name) {
    return `.o_list_view .o_data_row:contains('${name}')`;
}

tours.add("gdpr_erasure_de_proposals", {
    steps: () => [
        check(proposalRow("Anna Ablauf"), "Anna is proposed"),
        check(proposalRow("Bruno Bedenkzeit"), "Bruno is proposed"),
        click(`${proposalRow("Anna Ablauf")} button[name='action_preview']:contains('Plan')`, "Show the plan"),
        check(".modal .modal-title:contains('Diese Person vergessen')", "The erasure preview opens"),
        check(".modal .o_gdpr_plan .o_data_row", "It lists what would be erased"),
        click(".modal-footer button:contains('Schließen')", "Close it without erasing"),
        click(`${proposalRow("Anna Ablauf")} .o_list_record_selector input`, "Select Anna"),
        click("button[name='action_approve']:contains('Löschung genehmigen')", "Approve"),
        check(`.o_list_view:not(:has(${proposalRow("Anna Ablauf")}))`, "Anna is decided"),
        click(`${proposalRow("Bruno Bedenkzeit")} .o_list_record_selector input`, "Select Bruno"),
        click("button[name='action_postpone']:contains('Zurückstellen')", "Postpone"),
        check(".o_list_view:not(:has(.o_data_row))", "Nothing left to decide"),
    ],
});

tours.add("gdpr_erasure_de_retention_run", {
    steps: () => [
        check(".o_list_view", "The proposals are shown"),
        ...openMenu(
            "gdpr_erasure.menu_gdpr_retention",
            "gdpr_erasure.menu_gdpr_retention_preview",
            "Vorschau des nächsten Laufs"
        ),
        check(".modal .modal-title:contains('Vorschau des nächsten Laufs')", "The preview opens"),
        check(".modal div[name='approved_to_execute'] span:contains(/^1$/)", "One approved erasure to execute"),
        click(".modal button[name='action_run_now']:contains('Jetzt ausführen')", "Run now"),
        check(".modal-body:contains('Den Aufbewahrungsjob jetzt ausführen?')", "Asked to confirm"),
        click(".modal:has(.modal-body:contains('Den Aufbewahrungsjob')) .modal-footer .btn-primary", "Confirm"),
        check(".o_form_view div[name='partners_erased'] span:contains(/^1$/)", "The run erased one partner"),
        check(".o_form_view .o_statusbar_status button.o_arrow_button_current:contains('Erledigt')", "Run done"),
    ],
});

// ---------------------------------------------------------------------------
// Re-apply erasures after a restore
// ---------------------------------------------------------------------------

tours.add("gdpr_erasure_de_replay", {
    steps: () => [
        check(".o_list_view", "The requests are shown"),
        ...openMenu(
            "gdpr_segments.menu_gdpr_records",
            "gdpr_erasure.menu_gdpr_erasure_replay",
            "Löschungen erneut anwenden"
        ),
        check(".modal .modal-title:contains('Löschungen erneut anwenden')", "The wizard opens"),
        click(".modal button[name='action_export']:contains('Register herunterladen')", "Export the register"),
        check(".modal div[name='export_file'] a:contains('erasure-register-')", "The register can be downloaded"),
        click(
            ".modal div[name='source'] .o_radio_item:contains('Löschprotokolle dieser Datenbank') input",
            "Take the erasures from the logs of this database"
        ),
        click(".modal button[name='action_preview']:contains('Vorschau')", "Preview"),
        check(".modal div[name='match_count'] span:contains(/^1$/)", "One erasure to re-apply"),
        check(".modal div[name='summary']:contains('ERA/')", "The log found is named"),
        click(".modal div[name='confirm'] input[type='checkbox']", "Confirm explicitly"),
        click(".modal button[name='action_apply']:contains('Löschungen erneut anwenden')", "Re-apply"),
        check(".modal .o_gdpr_result", "The result is shown"),
        click(".modal button[name='action_view_logs']:contains('Protokolle öffnen')", "Open the new logs"),
        check(
            ".o_list_view .o_data_row:contains('Nach Wiederherstellung erneut angewendet')",
            "The re-applied erasure is logged"
        ),
    ],
});

// ---------------------------------------------------------------------------
// Dashboard cards of gdpr_erasure
// ---------------------------------------------------------------------------

/** The card shows its count and German title and opens the list of it. */
function cardSteps(key, title, count, listed, notListed = "") {
    const card = `.o_gdpr_dashboard_card[data-key='${key}']`;
    const steps = [
        check(`${card} .o_gdpr_card_title:contains('${title}')`, `Card '${title}'`),
        check(`${card} .o_gdpr_card_count:contains(/^${count}$/)`, `It counts ${count}`),
        click(card, `Open '${title}'`),
        check(`.o_breadcrumb:contains('${title}')`, "The list of the card opens"),
        check(`.o_list_view .o_data_row:contains('${listed}')`, `${listed} is listed`),
    ];
    if (notListed) {
        steps.push(check(`.o_list_view:not(:has(.o_data_row:contains('${notListed}')))`, `Not ${notListed}`));
    }
    return [...steps, ...back(".o_gdpr_dashboard .o_gdpr_dashboard_card")];
}

tours.add("gdpr_erasure_de_dashboard", {
    steps: () => [
        ...cardSteps("request_overdue", "Überfällige Anfragen", 1, "Ulla Überfällig", "Bodo Baldfällig"),
        ...cardSteps("request_due_soon", "Bald fällige Anfragen", 1, "Bodo Baldfällig", "Otto Offen"),
        ...cardSteps("request_open", "Offene Anfragen", 3, "Otto Offen"),
        ...cardSteps("retention_proposal", "Zu entscheidende Löschvorschläge", 1, "Pia Vorschlag"),
        ...cardSteps("retention_due_soon", "Bald zu löschende Kontakte", 1, "Doris Demnächst"),
        ...cardSteps("erasure_recent", "Letzte Löschungen", 1, "ERA/"),
    ],
});
