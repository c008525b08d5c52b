"""Every command and every option of the CLI is documented in the README."""
import importlib
import os
import re

import click
import pytest

from conftest import ROOT
from pipeline.cli import COMMANDS


def readme() -> str:
    return open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()


def options(name: str) -> list[str]:
    command = importlib.import_module(COMMANDS[name][0]).command
    flags = []
    for param in command.params:
        if isinstance(param, click.Option):
            flags += [o for o in param.opts + param.secondary_opts if o.startswith("--") and o != "--help"]
    return flags


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_command_has_a_readme_heading(name):
    assert re.search(rf"^#+ `khooshe {re.escape(name)}\b", readme(), re.M), f"README has no section for khooshe {name}"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_option_appears_in_the_readme(name):
    text = readme()
    missing = [flag for flag in options(name) if not re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text)]
    assert not missing, f"khooshe {name}: options not in README.md: {missing}"
