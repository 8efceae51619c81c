import os

import pytest

IN_CI = os.getenv("CI", "").lower() in ("1", "true", "yes")


def require(available: bool, reason: str) -> None:
    """Skip a test whose service is missing, with how to enable it; under CI=true, fail instead."""
    if available:
        return
    if IN_CI:
        pytest.fail(f"CI=true but {reason}", pytrace=False)
    pytest.skip(reason)
