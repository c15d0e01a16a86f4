"""Stages run in a forked child: the result comes back, a user error stays a one-line error."""

from __future__ import annotations

import os

import pytest

from pipeline import forked
from pipeline.errors import UserError


def _refuse(where: str) -> None:
    raise UserError(where, "is not a coding sheet", record="ev-1")


def test_the_result_comes_back_from_another_process() -> None:
    assert forked.call(os.getpid) != os.getpid()
    assert forked.call(divmod, 17, 5) == (3, 2)


def test_a_user_error_in_the_child_is_raised_again_whole() -> None:
    with pytest.raises(UserError) as caught:
        forked.call(_refuse, "coding/persons.yaml")
    assert str(caught.value) == "coding/persons.yaml [ev-1]: is not a coding sheet"


def test_a_bug_in_the_child_brings_back_its_traceback() -> None:
    with pytest.raises(RuntimeError, match="ZeroDivisionError") as caught:
        forked.call(divmod, 1, 0)
    assert "divmod failed in its child process" in str(caught.value)


def test_a_child_that_dies_without_answering_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="exit code 3"):
        forked.call(os._exit, 3)
