# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
import json
import time

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import EMAIL, NAME, GdprErasureCase, create_person

FILESTORE = "ir_attachment (filestore)"


@tagged("post_install", "-at_install", "gdpr_erasure")
class TestVerificationScan(GdprErasureCase):
    """After an erasure, a background scan looks for the erased identifiers
    in every text column and text file, knowing them only as hashes."""

    def plant_residues(self):
        """Data the erasure does not change: a technical parameter with the
        email, and a JSON file with the name."""
        self.env["ir.config_parameter"].set_param("x_partner.contact", EMAIL.upper())
        # JSON is not indexed by Odoo: the erasure cannot find it, the scan can
        self.env["ir.attachment"].create(
            {
                "name": "call-notes.json",
                "raw": json.dumps({"caller": NAME.lower()}).encode(),
                "mimetype": "application/json",
            }
        )

    def erase(self, person=None):
        log = (person or self.person).with_user(self.dpo)._gdpr_erase()
        return log, self.env["gdpr.erasure.scan"]._gdpr_take_pending()

    def residues(self, log):
        return {r.table_name: r.count for r in log.sudo().scan_residue_ids}

    def test_residues_found_per_table(self):
        self.plant_residues()
        log, scan = self.erase()
        self.assertEqual(scan.state, "queued")
        self.assertEqual(log.scan_summary, "Verification in progress")
        self.assertTrue(scan._gdpr_run())
        self.assertEqual(scan.state, "done")
        self.assertEqual(
            self.residues(log),
            {"ir_config_parameter": 1, FILESTORE: 1},
        )
        self.assertEqual(scan.residue_count, 2)
        self.assertEqual(log.scan_summary, "Residues: 2 rows in 2 tables")
        self.assertGreater(scan.table_count, 50)
        self.assertGreater(scan.column_count, scan.table_count)
        self.assertGreater(scan.row_count, 1000)
        self.assertGreaterEqual(scan.file_count, 1)
        activity = scan.activity_ids
        self.assertEqual(len(activity), 1)
        self.assertIn("ir_config_parameter", str(activity.note))

    def test_clean_erasure_verified(self):
        log = self.person.with_user(self.dpo)._gdpr_erase()
        self.env["gdpr.erasure.scan"]._cron_gdpr_erasure_scan()
        scan = log.sudo().scan_ids
        self.assertEqual(scan.state, "done")
        self.assertEqual(self.residues(log), {})
        self.assertEqual(log.scan_summary, "Verified: 0 residues")
        self.assertFalse(scan.activity_ids)

    def test_identifiers_never_stored_in_clear(self):
        self.plant_residues()
        log, scan = self.erase()
        scan._gdpr_run()
        hashes = log.sudo().identity_hashes
        self.assertTrue(hashes)
        for value in (EMAIL, "zeisberger", "wilhelmine", "55512345"):
            self.assertNotIn(value, hashes.lower())
            for table in (
                "gdpr_erasure_log",
                "gdpr_erasure_log_line",
                "gdpr_erasure_scan",
                "gdpr_erasure_scan_residue",
            ):
                self.env.cr.execute(
                    f"SELECT count(*) FROM {table} t WHERE t::text ILIKE %s",
                    [f"%{value}%"],
                )
                self.assertEqual(self.env.cr.fetchone()[0], 0, (table, value))

    def test_resumes_where_it_stopped(self):
        self.plant_residues()
        self.env["ir.config_parameter"].set_param("gdpr_erasure.scan_batch_size", "300")
        log, scan = self.erase()
        calls = 1
        while not scan._gdpr_run(deadline=time.monotonic() + 0.05):
            calls += 1
            self.assertEqual(scan.state, "running")
        self.assertGreater(calls, 2, "the scan was not interrupted")
        self.assertEqual(
            self.residues(log),
            {"ir_config_parameter": 1, FILESTORE: 1},
        )

    def test_erasures_queued_meanwhile_share_one_pass(self):
        other = create_person(
            self.env,
            name="Kunigunde Obermaier",
            email="k.obermaier@example.com",
            phone="+49 89 4445566",
        )["person"]
        self.env["ir.config_parameter"].set_param("x_other", "k.obermaier@example.com")
        log1 = self.person.with_user(self.dpo)._gdpr_erase()
        log2 = other.with_user(self.dpo)._gdpr_erase()
        self.assertEqual(log1.scan_summary, "Verification in progress")
        scan1 = self.env["gdpr.erasure.scan"]._gdpr_take_pending()
        self.assertEqual(scan1.log_ids, log1 | log2)
        self.assertFalse(self.env["gdpr.erasure.scan"]._gdpr_take_pending())
        scan1._gdpr_run()
        self.assertEqual(self.residues(log1), {})
        self.assertEqual(self.residues(log2), {"ir_config_parameter": 1})

    def test_only_the_dpo_reads_and_nobody_writes(self):
        log, scan = self.erase()
        with self.assertRaises(AccessError):
            scan.with_user(self.sales).read(["state"])
        with self.assertRaises(AccessError):
            scan.with_user(self.dpo).write({"state": "done"})
        with self.assertRaises(AccessError):
            log.with_user(self.dpo).read(["identity_hashes"])
        self.assertEqual(scan.with_user(self.dpo).state, "queued")
