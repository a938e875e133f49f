# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The right-to-be-forgotten cascade (Art. 17 GDPR), executed set-based.

The planner computes an :class:`ErasurePlan` for a batch of partners (see
gdpr_erasure_discovery and gdpr_erasure_planner); its execution here runs one
SQL statement per model and action, inside one savepoint, and the log model
records it. The files of deleted attachments are removed after the commit.
"""

import json
import logging
import os
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, split_every

from .gdpr_erasure_discovery import BATCH

_logger = logging.getLogger(__name__)

# res.partner fields that are technical or recomputed: not cleared
PARTNER_KEEP = {
    "name",
    "lang",
    "tz",
    "type",
    "complete_name",
    "display_name",
    "email_normalized",
    "phone_sanitized",
    "commercial_company_name",
}
# kept for the retained accounting records (invoice recipient, §14 UStG)
PARTNER_HOLD_KEEP = {
    "street",
    "street2",
    "zip",
    "city",
    "vat",
    "company_registry",
    "company_name",
    "ref",
}


class GdprErasureEngine(models.AbstractModel):
    _name = "gdpr.erasure.engine"
    _description = "Erasure Engine"

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    @api.model
    def _gdpr_check_manager(self):
        """Erasure and its preview are for the DPO only."""
        self.env["gdpr.dpo"]._check_dpo(
            self.env._(
                "Only the data protection officer may preview or execute the "
                "erasure of a person."
            )
        )

    # ------------------------------------------------------------------
    # Execution
    # ------------------------------------------------------------------
    @api.model
    def _gdpr_execute(
        self,
        partners,
        request=None,
        trigger="manual",
        extra_emails=(),
        extra_names=(),
        replay_ref=False,
    ):
        """Erase ``partners`` in one savepoint: everything or nothing.
        ``replay_ref`` is the reference of the erasure this one re-applies
        after a restore."""
        self._gdpr_check_manager()
        extra_emails, extra_names = self._gdpr_request_identity(
            partners, request, extra_emails, extra_names
        )
        plan = self.env["gdpr.erasure.planner"]._gdpr_plan(
            partners, extra_emails=extra_emails, extra_names=extra_names
        )
        if plan.blocking:
            raise UserError("\n".join(plan.blocking))
        if not plan.partner_ids and not plan.identity.emails:
            raise UserError(
                self.env._(
                    "Nothing to erase: give the contact, or the email address of "
                    "a person who is no contact."
                )
            )
        engine = self.sudo().with_context(
            active_test=False, tracking_disable=True, mail_notrack=True
        )
        log_model = engine.env["gdpr.erasure.log"]
        hashes = sorted(
            {log_model._gdpr_hash_email(e) for e in plan.identity.emails} - {False}
        )
        identity_hashes = engine.env["gdpr.erasure.mention"]._gdpr_identity_hashes(plan)
        try:
            with self.env.cr.savepoint():
                fnames = engine._gdpr_run(plan)
                log = log_model._gdpr_create_from_plan(
                    plan,
                    hashes,
                    request,
                    trigger,
                    file_count=len(fnames),
                    identity_hashes=identity_hashes,
                    changed_tables=engine._gdpr_touched_tables(plan),
                    replay_ref=replay_ref,
                )
                self.env["gdpr.erasure.suppression"]._gdpr_add(hashes, log=log)
                engine.env["gdpr.erasure.scan"]._gdpr_trigger()
                self.env.flush_all()
        except (UserError, AccessError):
            self.env.invalidate_all()
            raise
        except Exception as exc:
            self.env.invalidate_all()
            _logger.exception("Erasure failed, rolled back")
            raise UserError(
                self.env._(
                    "The erasure failed and nothing was changed: %(error)s",
                    error=exc,
                )
            ) from exc
        self.env.invalidate_all()
        if fnames:
            self.env.cr.postcommit.add(self._gdpr_postcommit_unlink_files(fnames))
        return log

    @api.model
    def _gdpr_request_identity(
        self, partners, request, extra_emails=(), extra_names=()
    ):
        """Emails and names to look for beyond ``partners``: the request's
        email, and its name when the person is no contact."""
        extra_emails = tuple(extra_emails)
        extra_names = tuple(extra_names)
        if request:
            extra_emails += (request.email,) if request.email else ()
            if not partners and request.partner_name:
                extra_names += (request.partner_name,)
        return extra_emails, extra_names

    def _gdpr_touched_tables(self, plan):
        """Tables in which the erasure deletes or overwrites rows."""
        models_ = set(plan.records) | set(plan.mentions)
        models_ |= {
            "res.partner",
            "res.users",
            "mail.tracking.value",
            "res.partner.bank",
        }
        return sorted(self.env[m]._table for m in models_ if m in self.env)

    def _gdpr_run(self, plan):
        """Write the plan: accounts, field history, deletes, mentions in
        texts that stay, anonymization and detaching, bank accounts, then the
        partners. Returns the files of
        the deleted attachments."""
        self.env.flush_all()
        by_action = plan.ids_by_action()
        deletes = by_action["delete"]
        fnames = self._gdpr_prepare_deletes(deletes)
        # 1. portal users (before the partner is archived)
        self._gdpr_anonymize_users(plan.user_ids)
        # 2. tracking values on documents that stay
        if plan.tracking_value_ids:
            self.env.cr.execute(
                SQL(
                    "DELETE FROM mail_tracking_value WHERE id = ANY(%s)",
                    plan.tracking_value_ids,
                )
            )
        # 3. deletes, referencing models first
        self._gdpr_delete_records(deletes)
        # 4. mentions in texts that stay, then anonymize and detach
        fnames += self.env["gdpr.erasure.mention"]._gdpr_scrub(plan)
        self._gdpr_anonymize_records(plan)
        detached = by_action["detach"]
        anonymized = by_action["anonymize"]
        for model in set(detached) | set(anonymized):
            self._gdpr_detach(
                model, detached[model] | anonymized[model], plan.partner_ids
            )
        self.env.invalidate_all()
        # 5. bank accounts and the partners themselves
        self._gdpr_erase_bank_accounts(plan)
        self.env.invalidate_all()
        self._gdpr_anonymize_partners(plan)
        self.env.flush_all()
        return fnames

    def _gdpr_prepare_deletes(self, deletes):
        """Add the parent rows of delegating models and return the files of
        the attachments about to be deleted."""
        cr = self.env.cr
        # mail.mail and other delegating models: their parent row holds the
        # content (the message body) and is deleted with them.
        for model in list(deletes):
            for parent_model, parent_field in self.env[model]._inherits.items():
                if parent_model in ("res.partner", "res.users"):
                    continue
                cr.execute(
                    SQL(
                        "SELECT %s FROM %s WHERE id = ANY(%s)",
                        SQL.identifier(parent_field),
                        SQL.identifier(self.env[model]._table),
                        sorted(deletes[model]),
                    )
                )
                deletes[parent_model].update(r[0] for r in cr.fetchall() if r[0])
        fnames = []
        if deletes.get("ir.attachment"):
            cr.execute(
                SQL(
                    "SELECT DISTINCT store_fname FROM ir_attachment "
                    "WHERE id = ANY(%s) AND store_fname IS NOT NULL",
                    sorted(deletes["ir.attachment"]),
                )
            )
            fnames = [row[0] for row in cr.fetchall()]
        return fnames

    def _gdpr_delete_records(self, deletes):
        """Delete ``deletes`` (model -> ids), referencing models first."""
        for model in self._gdpr_delete_order(deletes):
            table = self.env[model]._table
            for chunk in split_every(BATCH, sorted(deletes[model])):
                self.env.cr.execute(
                    SQL(
                        "DELETE FROM %s WHERE id = ANY(%s)",
                        SQL.identifier(table),
                        list(chunk),
                    )
                )

    def _gdpr_delete_order(self, deletes):
        """Delete referencing records before the records they reference."""
        models_ = set(deletes)
        before = defaultdict(set)  # model -> models that must go first
        for model in models_:
            for field in self.env[model]._fields.values():
                if (
                    field.type == "many2one"
                    and field.store
                    and field.comodel_name in models_
                    and field.comodel_name != model
                ):
                    before[field.comodel_name].add(model)
        order, done = [], set()

        def visit(model, stack=()):
            if model in done or model in stack:
                return
            for dep in sorted(before[model]):
                visit(dep, stack + (model,))
            done.add(model)
            order.append(model)

        for model in sorted(models_):
            visit(model)
        return order

    def _gdpr_neutral_value(self, field):
        if field.type in ("char", "text", "html"):
            if not field.required:
                return None
            value = self.env._("erased")
            if field.translate:
                return json.dumps({"en_US": value})
            return value
        if field.type in ("many2one", "date", "datetime", "json", "selection"):
            return None if not field.required else False
        return False

    def _gdpr_anonymize_records(self, plan):
        """Clear the fields named by the anonymizing rule of each record."""
        rules = self.env["gdpr.erasure.rule"].sudo()
        for model, records in plan.records.items():
            by_rule = defaultdict(set)
            for rid, (action, rule_id) in records.items():
                if action == "anonymize":
                    by_rule[rule_id].add(rid)
            for rule_id, ids in by_rule.items():
                self._gdpr_anonymize_fields(model, ids, rules.browse(rule_id).field_ids)

    def _gdpr_anonymize_fields(self, model, ids, ir_fields):
        Model = self.env[model]
        assignments = []
        for ir_field in ir_fields:
            field = Model._fields.get(ir_field.name)
            if not field or not field.store or field.inherited:
                continue
            if field.type == "binary":
                self.env.cr.execute(
                    SQL(
                        "DELETE FROM ir_attachment WHERE res_model = %s "
                        "AND res_field = %s AND res_id = ANY(%s)",
                        model,
                        field.name,
                        sorted(ids),
                    )
                )
                continue
            value = self._gdpr_neutral_value(field)
            if value is False:
                continue
            assignments.append(SQL("%s = %s", SQL.identifier(field.name), value))
        if assignments:
            for chunk in split_every(BATCH, sorted(ids)):
                self.env.cr.execute(
                    SQL(
                        "UPDATE %s SET %s WHERE id = ANY(%s)",
                        SQL.identifier(Model._table),
                        SQL(", ").join(assignments),
                        list(chunk),
                    )
                )

    def _gdpr_detach(self, model, ids, pids):
        cr = self.env.cr
        Model = self.env[model]
        links = self.env["gdpr.erasure.discovery"]._gdpr_partner_links()
        for link_model, fname, kind, table, col1, col2 in links:
            if link_model != model:
                continue
            field = Model._fields[fname]
            if kind == "m2m":
                if field.compute or field.related:
                    continue
                cr.execute(
                    SQL(
                        "DELETE FROM %s WHERE %s = ANY(%s) AND %s = ANY(%s)",
                        SQL.identifier(table),
                        SQL.identifier(col1),
                        sorted(ids),
                        SQL.identifier(col2),
                        pids,
                    )
                )
                continue
            if field.required or field.compute or field.related:
                # Points to the anonymized contact; nothing personal left.
                continue
            if model == "res.partner":
                # Other persons of the same company: the ORM recomputes their
                # commercial entity.
                partners = (
                    Model.browse(ids)
                    .exists()
                    .filtered(lambda p, f=fname: p[f].id in pids)
                )
                partners.write({fname: False})
                continue
            for chunk in split_every(BATCH, sorted(ids)):
                cr.execute(
                    SQL(
                        "UPDATE %s SET %s = NULL WHERE id = ANY(%s) AND %s = ANY(%s)",
                        SQL.identifier(table),
                        SQL.identifier(col1),
                        list(chunk),
                        SQL.identifier(col1),
                        pids,
                    )
                )

    def _gdpr_erase_bank_accounts(self, plan):
        """Delete the person's bank accounts; those used by other records
        lose the holder name."""
        cr = self.env.cr
        if plan.bank_ids:
            cr.execute(
                SQL("DELETE FROM res_partner_bank WHERE id = ANY(%s)", plan.bank_ids)
            )
        if plan.bank_kept_ids:
            cr.execute(
                SQL(
                    "UPDATE res_partner_bank SET acc_holder_name = NULL "
                    "WHERE id = ANY(%s)",
                    plan.bank_kept_ids,
                )
            )

    def _gdpr_anonymize_users(self, user_ids):
        """Portal accounts: archived, login, password and signature replaced.
        Written in SQL: the ORM would email a 'login changed' notice, with
        the person's name, to the address being erased."""
        if not user_ids:
            return
        cr = self.env.cr
        self.env.flush_all()
        cr.execute(
            SQL(
                """
                UPDATE res_users
                   SET login = 'erased-user-' || id || '@erased.invalid',
                       active = false,
                       password = NULL,
                       signature = NULL
                 WHERE id = ANY(%s)
                """,
                user_ids,
            )
        )
        if "res.users.apikeys" in self.env:
            cr.execute(
                SQL("DELETE FROM res_users_apikeys WHERE user_id = ANY(%s)", user_ids)
            )
        self.env.invalidate_all()
        self.env.registry.clear_cache()

    # ------------------------------------------------------------------
    # The partners themselves
    # ------------------------------------------------------------------
    def _gdpr_anonymize_partners(self, plan):
        """Anonymize the partners without legal hold, restrict the others
        (Art. 18); both are archived."""
        # active_test must stay on: archiving checks for active users
        Partner = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=True, tracking_disable=True, mail_notrack=True)
        )
        restricted = Partner.browse(sorted(plan.hold_until))
        anonymized = Partner.browse(sorted(plan.anonymized_ids))
        common = self._gdpr_partner_cleared_vals(Partner)
        if anonymized:
            vals = dict(common)
            vals.update(
                {
                    "name": self.env._("Erased person"),
                    "parent_id": False,
                    "state_id": False,
                    "country_id": False,
                    "gdpr_erased": True,
                    "gdpr_restricted": False,
                    "gdpr_hold_until": False,
                }
            )
            anonymized.write(vals)
        self._gdpr_clear_partner_images(anonymized | restricted)
        self._gdpr_restrict_partners(restricted, plan.hold_until, common)

    def _gdpr_partner_cleared_vals(self, Partner):
        """Values that remove the personal data of a partner and archive it,
        kept or restricted alike."""
        text_fields = [
            name
            for name, field in Partner._fields.items()
            if field.store
            and field.type in ("char", "text", "html")
            and not field.compute
            and not field.related
            and not field.inherited
            and name not in PARTNER_KEEP
        ]
        common = dict.fromkeys(text_fields, False)
        common.update(
            {
                "category_id": [fields.Command.clear()],
                "title": False,
                "active": False,
                "gdpr_erasure_date": fields.Datetime.now(),
            }
        )
        if "industry_id" in Partner._fields:
            common["industry_id"] = False
        return common

    def _gdpr_clear_partner_images(self, partners):
        """Pictures: only where there is one. Writing an empty image through
        the ORM searches the attachments of each resized copy record by
        record."""
        self.env.cr.execute(
            SQL(
                "SELECT DISTINCT res_id FROM ir_attachment WHERE res_model = "
                "'res.partner' AND res_field = 'image_1920' AND res_id = ANY(%s)",
                partners.ids,
            )
        )
        with_image = partners.browse([row[0] for row in self.env.cr.fetchall()])
        if with_image:
            with_image.write({"image_1920": False})

    def _gdpr_restrict_partners(self, restricted, hold_until, common):
        """Art. 18: name and address stay for the records under legal hold,
        the rest is removed, until ``hold_until`` (partner id -> date)."""
        for until in sorted(set(hold_until.values())):
            group = restricted.filtered(lambda p, u=until: hold_until[p.id] == u)
            vals = {k: v for k, v in common.items() if k not in PARTNER_HOLD_KEEP}
            vals.update(
                {
                    "gdpr_restricted": True,
                    "gdpr_hold_until": until,
                    "gdpr_erased": False,
                }
            )
            individuals = group.filtered(lambda p: not p.is_company)
            (group - individuals).write(vals)
            if individuals:
                # Tax ID of private persons is not needed on their invoices.
                individuals.write(dict(vals, vat=False, company_registry=False))

    # ------------------------------------------------------------------
    # Files
    # ------------------------------------------------------------------
    def _gdpr_postcommit_unlink_files(self, fnames):
        """Remove the files of deleted attachments once the deletion is
        committed, unless another attachment still shares the file."""
        registry = self.env.registry
        dbname = self.env.cr.dbname

        def unlink_files():
            with registry.cursor() as cr:
                cr.execute(
                    SQL(
                        "SELECT DISTINCT store_fname FROM ir_attachment "
                        "WHERE store_fname = ANY(%s)",
                        fnames,
                    )
                )
                used = {row[0] for row in cr.fetchall()}
                env = api.Environment(cr, self.env.uid, {})
                Attachment = env["ir.attachment"]
                for fname in set(fnames) - used:
                    path = Attachment._full_path(fname)
                    try:
                        os.unlink(path)
                    except FileNotFoundError:
                        _logger.debug("Erasure: %s was already removed", path)
                    except OSError:
                        _logger.warning(
                            "Erasure on %s: could not remove %s", dbname, path
                        )

        return unlink_files
