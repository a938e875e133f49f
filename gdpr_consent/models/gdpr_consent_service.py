# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The legal acts on consents: record (grant, refuse, ask for confirmation)
and withdraw. The record wizard, the preference center, Odoo's unsubscribe
links, imports and the objection all call these; none has its own copy."""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.http import request as http_request

RECORD_ACTIONS = ("grant", "refuse", "request", "withdraw")


class GdprConsent(models.Model):
    _inherit = "gdpr.consent"

    @api.model
    def _gdpr_request_evidence(self):
        """IP address and user agent of the person's own web request (public
        pages), taken on the server side only: a caller cannot supply them.
        When staff record an act, the evidence is who recorded it (the
        user), not the staff member's browser."""
        if not http_request or self.env.user._is_internal():
            return {}
        httprequest = http_request.httprequest
        return {
            "ip_address": (httprequest.remote_addr or "")[:255] or None,
            "user_agent": (httprequest.user_agent.string or "")[:255] or None,
        }

    @api.model
    def _gdpr_text_for(self, purpose, channel, text=None):
        """The consent text proving consent for ``channel``: the given one,
        else the one in force; raise when it does not name the channel."""
        text = text or self.env["gdpr.consent.text"].sudo()._gdpr_get_current(
            purpose, channel
        )
        if not text or text.purpose_id != purpose or channel not in text.channel_ids:
            raise UserError(
                self.new(
                    {"purpose_id": purpose.id, "channel_id": channel.id}
                )._gdpr_text_missing_message()
            )
        return text

    @api.model
    def _gdpr_record_consent(
        self,
        partner,
        purpose,
        channels,
        action,
        source,
        source_detail=None,
        text=None,
        values=None,
        lift_objection=False,
    ):
        """Record what a person said about advertising, one consent per channel.

        :param partner: ``res.partner`` of the person
        :param purpose: ``gdpr.purpose``
        :param channels: ``gdpr.channel`` records
        :param str action: ``grant``, ``refuse``, ``request`` (double opt-in
            email) or ``withdraw``; a grant on a double opt-in channel becomes
            a request unless the source is a signed written form
        :param str source: event source (``SOURCE_SELECTION``)
        :param text: ``gdpr.consent.text`` the person saw; must name the
            channel, else the current text for the channel is used
        :param dict values: further consent values (scope, note, evidence file)
        :param bool lift_objection: the person acts themselves (public page)
            and may lift their objection to advertising
        :return: dict channel id -> outcome (``granted``, ``confirmation_sent``,
            ``refused``, ``withdrawn``, ``unchanged``)
        """
        if action not in RECORD_ACTIONS:
            raise UserError(self.env._("Unknown consent action %(a)s.", a=action))
        partner.ensure_one()
        existing = self.sudo().search(
            [
                ("partner_id", "=", partner.id),
                ("purpose_id", "=", purpose.id),
                ("channel_id", "in", channels.ids),
            ]
        )
        by_channel = {consent.channel_id: consent for consent in existing}
        if action == "withdraw":
            return {
                channel.id: "withdrawn"
                if by_channel.get(channel, self)._gdpr_withdraw(
                    source, source_detail, (values or {}).get("note")
                )
                else "unchanged"
                for channel in channels
            }
        if action in ("grant", "request"):
            partner._gdpr_check_not_objected(lift_objection)
        # every channel's proof is checked before anything is written
        texts = {
            channel: self._gdpr_text_for(purpose, channel, text)
            for channel in channels
            if action != "refuse"
        }
        common = dict(values or {}, source=source, source_detail=source_detail)
        return {
            channel.id: by_channel.get(channel, self)._gdpr_record_on_channel(
                partner, purpose, channel, action, texts.get(channel), common
            )
            for channel in channels
        }

    def _gdpr_record_on_channel(self, partner, purpose, channel, action, text, values):
        """Grant, refuse or ask for confirmation on one channel (``self`` is
        the existing consent or empty); return the outcome."""
        consent = self
        source = values["source"]
        if action == "request" or (
            action == "grant" and channel.double_opt_in and source != "written"
        ):
            return consent._gdpr_ask_confirmation(
                partner, purpose, channel, text, values
            )
        new_state = "granted" if action == "grant" else "refused"
        if not consent:
            self._gdpr_create_consent(
                partner, purpose, channel, new_state, text, values
            )
            return new_state
        consent.sudo().write(values)
        consent._gdpr_set_state(
            new_state,
            source=source,
            source_detail=values.get("source_detail"),
            text=text if new_state == "granted" else None,
            note=values.get("note"),
        )
        return new_state

    @api.model
    def _gdpr_create_consent(self, partner, purpose, channel, state, text, values):
        vals = dict(
            values,
            partner_id=partner.id,
            purpose_id=purpose.id,
            channel_id=channel.id,
            state=state,
            text_id=text.id if text else False,
        )
        vals.update(self._gdpr_request_evidence())
        return self.sudo().create(vals)

    def _gdpr_ask_confirmation(self, partner, purpose, channel, text, values):
        """Set the consent pending and send the double opt-in email."""
        consent = self
        if consent.state == "granted":
            return "unchanged"
        if consent:
            consent.sudo().write(values)
        else:
            consent = self._gdpr_create_consent(
                partner, purpose, channel, "pending", text, values
            )
        consent.action_request_double_opt_in(
            source=values["source"], source_detail=values.get("source_detail")
        )
        return "confirmation_sent"

    def _gdpr_withdraw(self, source="manual", source_detail=None, note=None):
        """Art. 7(3) GDPR: withdraw these consents (granted or pending ones;
        the others stay as they are). Never fails on the consents' other data.

        :return: the consents that were withdrawn
        """
        consents = self.sudo().filtered(lambda c: c.state in ("granted", "pending"))
        return consents._gdpr_set_state(
            "withdrawn", source=source, source_detail=source_detail, note=note
        )

    # Buttons, callable over RPC: the services run as superuser, so the
    # caller's right to change these consents is checked first.

    def action_withdraw(self):
        self.check_access("write")
        self._gdpr_withdraw(source="manual")
        return True

    def action_refuse(self):
        """Record a refusal the person made (e.g. on the phone)."""
        self._gdpr_record_again("refuse")
        return True

    def action_grant(self):
        """Record a grant given outside Odoo (e.g. a signed form)."""
        self._gdpr_record_again("grant")
        return True

    def _gdpr_record_again(self, action):
        """Record ``action`` on each of these consents through the service,
        with the consent's own source and text (the service writes the
        source on the consent: it must be a consent source, not "manual")."""
        self.check_access("write")
        for consent in self:
            consent._gdpr_record_consent(
                consent.partner_id,
                consent.purpose_id,
                consent.channel_id,
                action,
                source=consent.source,
                text=consent.text_id or None,
            )
