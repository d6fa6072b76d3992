# promocode — `make help` lists the tasks.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CARGO ?= cargo

.PHONY: help
help: ## list the tasks
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

.PHONY: demo
demo: ## generate codes for the shipped sample partner list (names in several scripts)
	@$(CARGO) run -q -p promocode --example demo

.PHONY: test
test: ## install what is missing and run every suite (Rust, Python, Node, WASM + browser, CLI)
	@bash .ci/test-all.sh

.PHONY: test-rust
test-rust: ## Rust only: fmt, clippy, unit, doc, vector and property tests
	@bash .ci/test-rust.sh

.PHONY: lint
lint: ## rustfmt check and clippy with warnings as errors
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

.PHONY: bless
bless: ## rewrite the shared vectors' expectations from actual results (review the diff!)
	PROMOCODE_BLESS=1 $(CARGO) test -q -p promocode --test vectors --test coupon_vectors

.PHONY: tables
tables: ## regenerate the transliteration and canonical-key tables from the reference crates
	PROMOCODE_REGEN_TABLES=1 $(CARGO) test -q --release -p promocode --test tables
	$(CARGO) test -q --release -p promocode --test tables
