# Copyright 2026 GDPR Addons Contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl.html).
"""The documented packaging command builds installable wheels: one per addon
with everything Odoo loads, plus the metapackage that depends on all three."""

import re
import subprocess
import sys
import zipfile
from email.parser import Parser

from .conftest import ADDONS, REPO


def test_wheels_contain_what_odoo_loads(tmp_path):
    sources = [str(REPO / addon) for addon in ADDONS] + [
        str(REPO / "setup" / "_metapackage")
    ]
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            *sources,
        ],
        check=True,
        cwd=REPO,
    )
    wheels = {path.name.split("-")[0]: path for path in tmp_path.glob("*.whl")}
    assert set(wheels) == {f"odoo_addon_{addon}" for addon in ADDONS} | {
        "odoo_addons_gdpr"
    }
    for addon in ADDONS:
        with zipfile.ZipFile(wheels[f"odoo_addon_{addon}"]) as archive:
            names = set(archive.namelist())
            prefix = f"odoo/addons/{addon}/"
            for required in (
                "__manifest__.py",
                "security/ir.model.access.csv",
                "i18n/de.po",
                f"i18n/{addon}.pot",
                "static/description/icon.png",
            ):
                assert prefix + required in names, f"{addon}: {required} missing"
            assert any(
                name.startswith(prefix + "views/") and name.endswith(".xml")
                for name in names
            ), f"{addon}: no views"
            metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
            requires = Parser().parsestr(archive.read(metadata).decode())
            assert any(
                req.startswith("odoo") for req in requires.get_all("Requires-Dist")
            ), f"{addon}: the wheel does not require Odoo"
    with zipfile.ZipFile(wheels["odoo_addons_gdpr"]) as archive:
        metadata = next(n for n in archive.namelist() if n.endswith("METADATA"))
        requires = Parser().parsestr(archive.read(metadata).decode())
        # Names are normalized in metadata (PEP 503): "_" may become "-".
        required = {}
        for requirement in requires.get_all("Requires-Dist"):
            name, version = requirement.split("==")
            required[re.sub(r"[-_.]+", "-", name)] = version
        assert required == {
            f"odoo-addon-{addon.replace('_', '-')}": "18.0.*" for addon in ADDONS
        }
