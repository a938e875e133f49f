# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""Repository checks: XML, Odoo 18 view syntax, manifests, access rules and
translations. They protect what a reviewer would otherwise check by hand."""

import ast
import io
import re

import pytest
from babel.messages import pofile
from lxml import etree

from .conftest import ADDONS, REPO

DATA_FOLDERS = ("data", "demo", "security", "views", "wizard", "wizards", "report")


def _manifest(addon):
    return ast.literal_eval((REPO / addon / "__manifest__.py").read_text())


def _xml_files(addon):
    return sorted((REPO / addon).rglob("*.xml"))


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_fields(addon):
    manifest = _manifest(addon)
    assert re.fullmatch(r"18\.0\.\d+\.\d+\.\d+", manifest["version"])
    assert manifest["license"] in ("AGPL-3", "LGPL-3")
    assert manifest["author"]
    assert manifest["installable"] is True
    assert (REPO / addon / "pyproject.toml").read_text().count("whool") >= 1
    assert (REPO / addon / "static" / "description" / "icon.png").is_file()
    assert (REPO / addon / "readme" / "DESCRIPTION.md").is_file()


def test_manifest_dependencies_follow_the_design():
    assert {"contacts", "mail"} <= set(_manifest("gdpr_segments")["depends"])
    assert "gdpr_segments" in _manifest("gdpr_consent")["depends"]
    assert "mass_mailing" in _manifest("gdpr_consent")["depends"]
    erasure = set(_manifest("gdpr_erasure")["depends"])
    assert "gdpr_segments" in erasure
    # gdpr_erasure discovers related records in whatever is installed.
    assert not erasure & {"crm", "sale", "account", "mass_mailing", "gdpr_consent"}


@pytest.mark.parametrize("addon", ADDONS)
def test_manifest_lists_existing_files_and_every_data_file(addon):
    manifest = _manifest(addon)
    listed = list(manifest.get("data", [])) + list(manifest.get("demo", []))
    missing = [path for path in listed if not (REPO / addon / path).is_file()]
    assert not missing, f"{addon}: listed but missing: {missing}"
    assert len(listed) == len(set(listed)), f"{addon}: a file is listed twice"
    on_disk = {
        str(path.relative_to(REPO / addon))
        for folder in DATA_FOLDERS
        for pattern in ("*.xml", "*.csv")
        for path in (REPO / addon / folder).rglob(pattern)
    }
    unlisted = sorted(on_disk - set(listed))
    assert not unlisted, f"{addon}: data files not in the manifest: {unlisted}"
    for bundle, files in manifest.get("assets", {}).items():
        for path in files:
            if isinstance(path, str) and "*" not in path:
                assert (REPO / path).is_file(), f"{addon}: asset {path} ({bundle})"


@pytest.mark.parametrize("addon", ADDONS)
def test_xml_files_parse(addon):
    for path in _xml_files(addon):
        etree.parse(str(path))


@pytest.mark.parametrize("addon", ADDONS)
def test_views_use_odoo_18_syntax(addon):
    problems = []
    for path in _xml_files(addon):
        tree = etree.parse(str(path))
        for node in tree.iter():
            if not isinstance(node.tag, str):
                continue
            if node.tag == "tree":
                problems.append(f"{path.name}:{node.sourceline} <tree> (use <list>)")
            for attribute in ("attrs", "states"):
                if attribute in node.attrib:
                    problems.append(f"{path.name}:{node.sourceline} {attribute}=")
        text = path.read_text(encoding="utf-8")
        if re.search(r"view_mode['\"]?>[^<]*\btree\b", text):
            problems.append(f"{path.name}: view_mode with 'tree' (use 'list')")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("addon", ADDONS)
def test_no_coding_lines_and_copyright_headers(addon):
    for path in (REPO / addon).rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "-*- coding" not in text, path
        if path.name != "__init__.py" and text.strip():
            assert "License" in text.split("\n\n", 1)[0], f"{path}: no license header"


def _po_entries(path):
    with open(path, "rb") as handle:
        catalog = pofile.read_po(handle)
    return {
        (
            message.context,
            message.id if isinstance(message.id, str) else message.id[0],
        ): message
        for message in catalog
        if message.id
    }


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_]*\}")


@pytest.mark.parametrize("addon", ADDONS)
def test_german_translation_is_complete(addon):
    pot = REPO / addon / "i18n" / f"{addon}.pot"
    po = REPO / addon / "i18n" / "de.po"
    assert pot.is_file(), f"{addon}: no i18n/{addon}.pot"
    assert po.is_file(), f"{addon}: no i18n/de.po"
    assert not (REPO / addon / "i18n" / "en.po").exists()
    template, german = _po_entries(pot), _po_entries(po)
    missing = sorted(key[1] for key in template if key not in german)
    assert not missing, f"{addon}: not in de.po: {missing[:20]}"
    untranslated, fuzzy, placeholders = [], [], []
    for key, message in german.items():
        if key not in template:
            continue
        text = message.string if isinstance(message.string, str) else message.string[0]
        if not text:
            untranslated.append(key[1])
        if message.fuzzy:
            fuzzy.append(key[1])
        if sorted(PLACEHOLDER.findall(key[1])) != sorted(PLACEHOLDER.findall(text)):
            placeholders.append(key[1])
    assert not untranslated, f"{addon}: untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{addon}: fuzzy: {fuzzy[:20]}"
    assert not placeholders, f"{addon}: placeholders differ: {placeholders[:20]}"


@pytest.mark.parametrize("addon", ADDONS)
def test_pot_is_in_sync_with_the_code(addon, odoo_registry):
    """Regenerate the template from the installed code and compare msgids."""
    from odoo.tools.translate import trans_export

    buffer = io.BytesIO()
    with odoo_registry.cursor() as cr:
        trans_export(False, [addon], buffer, "po", cr)
    generated = pofile.read_po(io.BytesIO(buffer.getvalue()))
    fresh = {(m.context, m.id) for m in generated if m.id}
    committed = set(_po_entries(REPO / addon / "i18n" / f"{addon}.pot"))
    assert not fresh - committed, (
        f"{addon}: terms missing from the .pot (run `make pot`): "
        f"{sorted(k[1] for k in fresh - committed)[:20]}"
    )
    assert not committed - fresh, (
        f"{addon}: stale terms in the .pot (run `make pot`): "
        f"{sorted(k[1] for k in committed - fresh)[:20]}"
    )


@pytest.mark.parametrize("addon", ADDONS)
def test_every_model_has_access_rules(addon, odoo_env):
    """Models without access rules are invisible to everyone but the superuser."""
    odoo_env.cr.execute(
        """
        SELECT m.model
          FROM ir_model m
          JOIN ir_model_data d ON d.model = 'ir.model' AND d.res_id = m.id
         WHERE d.module = %s
           AND NOT EXISTS (SELECT 1 FROM ir_model_access a WHERE a.model_id = m.id)
        """,
        [addon],
    )
    models = [
        model for (model,) in odoo_env.cr.fetchall() if not odoo_env[model]._abstract
    ]
    assert not models, f"{addon}: models without access rules: {models}"
