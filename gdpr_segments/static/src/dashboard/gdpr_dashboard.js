/** @odoo-module */
// Copyright 2026 GDPR Addons Contributors
// License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).

import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {Layout} from "@web/search/layout";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";

const SEVERITY_CLASSES = {
    danger: "text-bg-danger",
    warning: "text-bg-warning",
    info: "text-bg-info",
    ok: "text-bg-light",
};

/**
 * What needs the data protection officer's attention. The cards and their
 * counts come from the server (model gdpr.dashboard, extended by every GDPR
 * addon), counted with the rights of the user; a click opens the list behind
 * the card.
 */
export class GdprDashboard extends Component {
    static template = "gdpr_segments.Dashboard";
    static components = {Layout};
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.actionService = useService("action");
        this.state = useState({cards: [], loaded: false});
        onWillStart(() => this.load());
    }

    async load() {
        this.state.cards = await this.orm.call("gdpr.dashboard", "get_cards", []);
        this.state.loaded = true;
    }

    get attentionCount() {
        return this.state.cards.filter((card) => card.severity !== "ok").length;
    }

    get summary() {
        if (!this.attentionCount) {
            return _t("Nothing needs your attention.");
        }
        return _t("%(count)s cards need your attention.", {
            count: this.attentionCount,
        });
    }

    badgeClass(card) {
        return SEVERITY_CLASSES[card.severity] || SEVERITY_CLASSES.info;
    }

    cardTitle(card) {
        return _t("Open the list: %(title)s", {title: card.title});
    }

    async openCard(card) {
        const action = await this.orm.call("gdpr.dashboard", "action_open_card", [
            card.key,
        ]);
        await this.actionService.doAction(action);
    }
}

registry.category("actions").add("gdpr_segments.dashboard", GdprDashboard);
