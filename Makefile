# The two commands of the README: `make run` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup system-packages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test,dask]'
	touch $(STAMP)

setup: $(STAMP)

# Debian packages the OCR and .doc tests use (tesseract for scans, catdoc for Word 97-2003 files);
# installed only where we may (root + apt).
system-packages:
	@if command -v tesseract >/dev/null 2>&1 && tesseract --list-langs 2>/dev/null | grep -q fas \
		&& command -v catdoc >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq tesseract-ocr tesseract-ocr-fas catdoc >/dev/null; \
	else echo "note: tesseract-ocr, tesseract-ocr-fas or catdoc is not installed; the OCR and .doc tests will be skipped"; fi

run: $(STAMP) system-packages
	$(BIN)/khooshe ingest corpus --db outputs/khooshe.db

test: $(STAMP) system-packages
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) outputs/*.db outputs/*.db-* .pytest_cache
