# promocode — `make help` lists the tasks.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CARGO ?= cargo

.PHONY: help
help: ## list the tasks
	@grep -hE '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

# The first run exits 1 on purpose: the sample's emoji-only and empty partners get no
# code (their `error` column says why), and every other row still gets one.
.PHONY: demo
demo: ## the CLI on the sample partner list (names in several scripts): a code per partner
	@echo '$$ promocode generate cli/samples/partners.csv --name --discount 20 --seed 7'
	@$(CARGO) run -q -p promocode-cli -- generate cli/samples/partners.csv --name --discount 20 --seed 7 || [ $$? -eq 1 ]
	@echo
	@echo "$$ promocode generate cli/samples/partners.csv --prefix VIP --name --surname --random 3 --template '{prefix}{name:5}{surname:1}{random}' --platform paddle --seed 7"
	@$(CARGO) run -q -p promocode-cli -- generate cli/samples/partners.csv --prefix VIP --name --surname --random 3 \
		--template '{prefix}{name:5}{surname:1}{random}' --platform paddle --seed 7

.PHONY: test
test: ## install what is missing and run every suite (Rust, Python, Node, WASM + browser, CLI, 30 s of each fuzz target)
	@bash .ci/test-all.sh

.PHONY: test-rust
test-rust: ## Rust only: fmt, clippy, unit, doc, vector and property tests
	@bash .ci/test-rust.sh

FUZZ_SECONDS ?= 60
.PHONY: fuzz
fuzz: ## run every fuzz target for FUZZ_SECONDS seconds each (default 60; installs cargo-fuzz if missing)
	@FUZZ_SECONDS=$(FUZZ_SECONDS) bash fuzz/ci.sh

.PHONY: lint
lint: ## rustfmt check and clippy with warnings as errors
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings

.PHONY: wasm
wasm: ## build promocode-wasm: bindings-wasm/pkg (browser ES module) and pkg-node (Node), with sizes
	@bash bindings-wasm/scripts/build.sh

.PHONY: preview
preview: ## serve the live preview page on 127.0.0.1 and print its URL
	@bash bindings-wasm/scripts/preview.sh

.PHONY: bench
bench: ## criterion suite + the cross-language comparison; writes benches/RESULTS.md and the README table
	@bash benches/run.sh

.PHONY: bless
bless: ## rewrite the shared vectors' expectations from actual results (review the diff!)
	PROMOCODE_BLESS=1 $(CARGO) test -q -p promocode --test vectors --test coupon_vectors --test providers

.PHONY: tables
tables: ## regenerate the transliteration and canonical-key tables from the reference crates
	PROMOCODE_REGEN_TABLES=1 $(CARGO) test -q --release -p promocode --test tables
	$(CARGO) test -q --release -p promocode --test tables
