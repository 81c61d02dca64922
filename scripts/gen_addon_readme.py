# Copyright 2026 The mrp_production_management authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl.html).
"""Generate static/description/index.html (the module's page in Odoo's Apps) from the
readme/ fragments, the way OCA's oca-gen-addon-readme does: DESCRIPTION, then a table of
contents and the sections Configuration (CONFIGURE), Usage (USAGE), Changelog (HISTORY),
Bug Tracker and Credits (Authors from the manifest, CONTRIBUTORS), in docutils' HTML style.

OCA's tool is not on PyPI and needs OCA's repository layout; this one renders the Markdown
fragments with python-markdown. Images written as ``../static/description/x.png`` (so that
they show on the repository's web pages too) become ``x.png``: Odoo serves them from the
module's static/description/ folder. Run by pre-commit (hook gen-addon-readme), which fails
when the committed index.html is not what the fragments give:

    python scripts/gen_addon_readme.py            # rewrite static/description/index.html
"""

import ast
import hashlib
import html
import pathlib
import re
import sys

import docutils
import markdown

ROOT = pathlib.Path(__file__).resolve().parent.parent
ADDON = "mrp_production_management"
SECTIONS = [  # (fragment, title), in OCA's order
    ("CONTEXT", "Context"),
    ("INSTALL", "Installation"),
    ("CONFIGURE", "Configuration"),
    ("USAGE", "Usage"),
    ("ROADMAP", "Known issues / Roadmap"),
    ("DEVELOP", "Development"),
    ("HISTORY", "Changelog"),
]


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def toc_entry(name, entry):
    return (
        f'<li><a class="reference internal" href="#{slug(name)}" '
        f'id="toc-entry-{entry}">{html.escape(name)}</a></li>'
    )


def render(text, level):
    """Markdown to HTML; its headings shifted below the section's (h``level``)."""
    text = text.replace("../static/description/", "")
    body = markdown.markdown(text, extensions=["tables", "fenced_code", "sane_lists"])
    body = re.sub(
        r"<(/?)h([1-6])", lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + level, 6)}", body
    )
    body = body.replace("<table>", '<table border="1" class="docutils">')
    body = body.replace("<img ", '<img style="max-width: 100%; height: auto;" ')
    return body


def main():
    manifest = ast.literal_eval((ROOT / "__manifest__.py").read_text())
    fragments = {path.stem: path.read_text() for path in sorted((ROOT / "readme").glob("*.md"))}
    digest = hashlib.sha256(
        "".join(f"{name}\n{text}" for name, text in sorted(fragments.items())).encode()
        + repr(sorted(manifest.items())).encode()
    ).hexdigest()
    title = manifest["name"]
    status = manifest.get("development_status", "Beta")
    license_name = manifest.get("license", "LGPL-3")
    # OCA's badges are images from shields.io; written out here, so that the page reads the same
    # on a server without internet access.
    badges = (
        f"<p><strong>Maturity:</strong> {html.escape(status)} · <strong>License:</strong> "
        f"{html.escape(license_name)} · <strong>Odoo:</strong> 18.0 Community · "
        f"<strong>Version:</strong> {html.escape(manifest['version'])}</p>"
    )
    sections = [(title_, fragments[name]) for name, title_ in SECTIONS if name in fragments]
    sections.append(
        (
            "Bug Tracker",
            (
                f"Bugs are tracked on the issues of [the repository]({manifest['website']}). "
                "In case of trouble, please check there whether your issue has already been "
                f"reported; if not, describe it with the module (`{ADDON}`), the version "
                f"({manifest['version']}) and the steps to reproduce it."
            ),
        )
    )
    credits = [("Authors", "\n".join(f"- {a.strip()}" for a in manifest["author"].split(",")))]
    if "CONTRIBUTORS" in fragments:
        credits.append(("Contributors", fragments["CONTRIBUTORS"]))
    toc = [
        "<p><strong>Table of contents</strong></p>",
        '<div class="contents local topic" id="contents">',
        '<ul class="simple">',
    ]
    body = []
    entry = 0
    for name, text in sections:
        entry += 1
        toc.append(toc_entry(name, entry))
        body.append(
            f'<div class="section" id="{slug(name)}">\n<h2><a class="toc-backref" '
            f'href="#toc-entry-{entry}">{html.escape(name)}</a></h2>\n{render(text, 2)}</div>'
        )
    entry += 1
    credits_entry = entry
    toc.append(
        f'<li><a class="reference internal" href="#credits" id="toc-entry-{entry}">Credits</a><ul>'
    )
    credit_body = []
    for name, text in credits:
        entry += 1
        toc.append(toc_entry(name, entry))
        credit_body.append(
            f'<div class="section" id="{slug(name)}">\n<h3><a class="toc-backref" '
            f'href="#toc-entry-{entry}">{name}</a></h3>\n{render(text, 3)}</div>'
        )
    toc += ["</ul>", "</li>", "</ul>", "</div>"]
    body.append(
        f'<div class="section" id="credits">\n<h2><a class="toc-backref" '
        f'href="#toc-entry-{credits_entry}">Credits</a></h2>\n'
        + "\n".join(credit_body)
        + "\n</div>"
    )
    css = (pathlib.Path(docutils.__file__).parent / "writers/html4css1/html4css1.css").read_text()
    css = re.sub(r":Id: \$Id:.*\$\n", "", css)  # the same page whatever docutils' release
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{html.escape(title)}</title>
<style type="text/css">
{css}
</style>
</head>
<body>
<div class="document">
<div class="section" id="{slug(title)}">
<h1>{html.escape(title)}</h1>
<!-- !!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!! This file is generated by scripts/gen_addon_readme.py from  !!
!! readme/*.md: changes here will be overwritten.              !!
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!
!! source digest: sha256:{digest}
!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!! -->
{badges}
{render(fragments.get("DESCRIPTION", manifest.get("summary", "")), 1)}
{chr(10).join(toc)}
{chr(10).join(body)}
</div>
</div>
</body>
</html>
"""
    target = ROOT / "static/description/index.html"
    if target.exists() and target.read_text() == page:
        return 0
    target.write_text(page)
    print(f"{target.relative_to(ROOT)} written from readme/")
    return 1


if __name__ == "__main__":
    sys.exit(main())
