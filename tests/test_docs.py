"""The examples in the core's docstrings run and stay true."""

import doctest
import importlib

import pytest

MODULES = ["gd_core", "gd_core.problem", "gd_core.runs.plain", "gd_core.runs.ends"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name))
    assert result.attempted > 0 and result.failed == 0
