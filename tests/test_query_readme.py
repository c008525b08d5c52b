"""The README's `khooshe query` (and other query command) examples run as pasted, on a real database."""
import os
import re
import shlex

import pytest

import querydb
from conftest import ROOT

COMMANDS = ("query", "clusters", "facts", "search", "export")


def readme_examples() -> list[str]:
    text = open(os.path.join(ROOT, "README.md"), encoding="utf-8").read()
    lines = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.splitlines():
            line = line.strip()
            if any(line.startswith(f"khooshe {c} ") or line == f"khooshe {c}" for c in COMMANDS):
                lines.append(line)
    # inline examples in prose: `khooshe clusters --province قم`
    lines += [m for m in re.findall(r"`(khooshe (?:%s) [^`]+)`" % "|".join(COMMANDS), text)
              if not re.search(r"\[|\.\.\.|FILE|SQL|QUERY|COMMAND", m)]
    return list(dict.fromkeys(lines))


@pytest.fixture(scope="session")
def qdb(tmp_path_factory):
    return querydb.build(tmp_path_factory)


def test_the_readme_has_query_examples_and_most_answer_on_the_test_database(khooshe, qdb, tmp_path, monkeypatch):
    examples = readme_examples()
    assert sum(e.startswith("khooshe query ") for e in examples) >= 5
    assert {e.split()[1] for e in examples} >= {"query", "clusters", "facts", "search"}
    monkeypatch.chdir(tmp_path)
    answered = [e for e in examples if khooshe(*shlex.split(e, comments=True)[1:], "--db", qdb).out.strip()]
    assert len(answered) >= len(examples) // 2, set(examples) - set(answered)


@pytest.mark.parametrize("example", readme_examples(), ids=lambda e: " ".join(e.split()[:2]))
def test_readme_example_runs(khooshe, qdb, example, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # export writes under outputs/
    argv = shlex.split(example, comments=True)[1:]
    result = khooshe(*argv, "--db", qdb)
    assert result.code == 0, f"{example}\n{result.err}"
