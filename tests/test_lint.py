"""pyflakes over the code: unused imports and variables, undefined names, f-strings without
placeholders. Cheap (a second or two), and the kind of slip review misses."""
import subprocess
import sys

import pytest

from conftest import ROOT

pytest.importorskip("pyflakes")


def test_pyflakes_finds_nothing():
    res = subprocess.run([sys.executable, "-m", "pyflakes", "pipeline", "extractors", "tests", "bench"],
                         cwd=ROOT, capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
