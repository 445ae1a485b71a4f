"""docs/security.md names the test that proves each measure: those tests must exist."""

import re
from pathlib import Path

from django.conf import settings

DOC = Path(settings.REPO_DIR) / "docs" / "security.md"
# `path` or `path::test_name`; a bare `::test_name` continues the previous path.
REFERENCE = re.compile(r"`((?:src|tests|bench)/[\w/.-]+\.py)?(?:::(\w+))?`")


def test_every_test_named_in_the_security_doc_exists():
    missing = []
    current = None
    for path, name in REFERENCE.findall(DOC.read_text(encoding="utf-8")):
        if path:
            current = Path(settings.REPO_DIR) / path
            if not current.exists():
                missing.append(path)
                continue
        if name and current is not None and current.exists():
            source = current.read_text(encoding="utf-8")
            if not re.search(rf"^def {name}\(", source, flags=re.MULTILINE):
                missing.append(f"{current.relative_to(settings.REPO_DIR)}::{name}")
    assert not missing, f"docs/security.md names tests that do not exist: {missing}"
