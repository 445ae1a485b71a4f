"""``manage.py check --deploy`` guards production: clean with the production variables
(src/wijkteam/core/tests/test_settings.py), and failing as soon as one safeguard is
weakened, so the check in the deployment pipeline really stops a bad configuration."""

import pytest

from wijkteam.core.tests.test_settings import PRODUCTION_ENV, run_manage


@pytest.mark.parametrize(
    ("override", "expected_id"),
    [
        ({"DEBUG": "1"}, "security.W018"),
        ({"SECURE_SSL": "0"}, "security.W008"),
        ({"SECURE_HSTS_SECONDS": "0"}, "security.W004"),
        ({"SECRET_KEY": "kort-en-zwak"}, "security.W009"),
    ],
    ids=["debug", "no-https", "no-hsts", "weak-secret-key"],
)
def test_check_deploy_fails_when_a_safeguard_is_weakened(override, expected_id):
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_vars={**PRODUCTION_ENV, **override}
    )
    assert result.returncode != 0
    assert expected_id in result.stdout + result.stderr
