# Gongkai build, run and test. `make run` and `make test` work on a fresh machine: every
# tool is installed here, idempotently, from the package registries only.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

CARGO_TARGET_DIR ?= target
export CARGO_TARGET_DIR
SITE          := target/site
PKG           := $(SITE)/pkg
WASM_PROFILE  ?= wasm-release
WASM_BINDGEN_VERSION := $(shell awk '/^name = "wasm-bindgen"$$/{getline; gsub(/"/,"",$$3); print $$3; exit}' Cargo.lock)
# The splitter must match the split points leptos compiles in (`wasm_split_helpers`).
WASM_SPLIT_VERSION   := $(shell awk '/^name = "wasm_split_helpers"$$/{getline; gsub(/"/,"",$$3); print $$3; exit}' Cargo.lock)
WASM_OPT      := end2end/node_modules/.bin/wasm-opt
PG_ADMIN_URL  ?= postgres://postgres@127.0.0.1:5432/postgres
export LEPTOS_OUTPUT_NAME := gongkai

.PHONY: help tools site build run test fmt-check clippy test-sqlite test-postgres openapi e2e bench postgres clean crash-test soak fuzz fuzz-short mutants

help:
	@echo "make run    build and serve on http://127.0.0.1:3000 (SQLite, demo data on first start)"
	@echo "make test   formatting, clippy, Rust tests on SQLite and PostgreSQL, browser tests"
	@echo "make build  release binary target/release/gongkai and the site in target/site"
	@echo "make bench  benchmarks (figures as ratios against a baseline of the same run)"

## Tools ----------------------------------------------------------------------------------
tools: .tools-stamp-rust .tools-stamp-split end2end/node_modules/.package-lock.json /usr/bin/chromium

.tools-stamp-rust: Cargo.lock
	rustup target add wasm32-unknown-unknown
	@if [ "$$(wasm-bindgen --version 2>/dev/null | awk '{print $$2}')" != "$(WASM_BINDGEN_VERSION)" ]; then \
	  echo "installing wasm-bindgen-cli $(WASM_BINDGEN_VERSION) (matches Cargo.lock)"; \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --force; \
	fi
	@touch $@

.tools-stamp-split: Cargo.lock
	@if ! cargo install --list | grep -qx "wasm_split_cli_support v$(WASM_SPLIT_VERSION):"; then \
	  echo "installing wasm-split-cli $(WASM_SPLIT_VERSION) (matches wasm_split_helpers in Cargo.lock)"; \
	  cargo install wasm_split_cli_support --version $(WASM_SPLIT_VERSION) --features build-binary --locked --force; \
	fi
	@touch $@

end2end/node_modules/.package-lock.json: end2end/package-lock.json
	cd end2end && npm ci --no-audit --no-fund

/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium

## Build ----------------------------------------------------------------------------------
# The site: wasm from the frontend crate, cut by wasm-split-cli into the main module and one
# chunk per lazy route (`app::routes`), bound by wasm-bindgen; the main module is shrunk by
# wasm-opt (binaryen from npm; Debian's older binaryen breaks hydration), the chunks by
# dropping their custom sections (below); plus the stylesheet.
# Cargo decides whether the wasm is out of date (a second call with nothing changed takes a
# second); splitting, binding and shrinking it (about half a minute) run only when cargo's output
# is newer than the site's, so `make run` and `make bench` start serving at once when nothing
# changed. The bundle lives in a directory named by the hash of all its files
# (`pkg/<hash>/`, named in pkg/hash.txt, which the server reads): the chunks and the loader
# find each other by relative names, and a browser may keep every file for a year. Each file is
# compressed once here, at brotli's best and gzip's, instead of on the fly for every download.
FRONTEND_WASM := $(CARGO_TARGET_DIR)/wasm32-unknown-unknown/$(WASM_PROFILE)/frontend.wasm
BIND          := $(PKG)/.bind
WASM_OPT_ARGS := -Oz --enable-bulk-memory --enable-nontrapping-float-to-int
# Brotli at quality 11 with node's zlib (node is here for the browser tests already).
BROTLI_JS     := const z = require("zlib"), fs = require("fs"); for (const f of process.argv.slice(1)) fs.writeFileSync(f + ".br", z.brotliCompressSync(fs.readFileSync(f), { params: { [z.constants.BROTLI_PARAM_QUALITY]: 11, [z.constants.BROTLI_PARAM_SIZE_HINT]: fs.statSync(f).size } }));
# Drops a wasm file's custom sections (id 0: names, producers, relocations), in place.
STRIP_JS      := const fs = require("fs"); for (const f of process.argv.slice(1)) { const b = fs.readFileSync(f), out = [b.subarray(0, 8)]; let i = 8; while (i < b.length) { const start = i, id = b[i++]; let n = 0, s = 0, x; do { x = b[i++]; n += (x & 0x7f) * 2 ** s; s += 7; } while (x & 0x80); i += n; if (id !== 0) out.push(b.subarray(start, i)); } fs.writeFileSync(f, Buffer.concat(out)); }
site: tools
	cargo build -p frontend --lib --target wasm32-unknown-unknown --profile $(WASM_PROFILE)
	@$(MAKE) --no-print-directory $(PKG)/hash.txt $(PKG)/gongkai.css
	mkdir -p $(SITE) && cp -r public/. $(SITE)/

$(PKG)/hash.txt: $(FRONTEND_WASM) frontend/pace-loader.js
	rm -rf $(BIND) $@ $(PKG)/gongkai.*.js* $(PKG)/gongkai.*.wasm* $(PKG)/snippets
	mkdir -p $(PKG) && find $(PKG) -mindepth 1 -maxdepth 1 -type d -regextype posix-extended -regex '.*/[0-9a-f]{16}' -exec rm -rf {} +
	mkdir -p $(BIND)
	wasm-split-cli --target web --out-name gongkai $(FRONTEND_WASM) $(BIND)
	wasm-bindgen --target web --no-typescript --keep-lld-exports --no-demangle \
	  --out-dir $(BIND) --out-name gongkai $(BIND)/gongkai.wasm
	$(WASM_OPT) $(WASM_OPT_ARGS) -o $(BIND)/gongkai.wasm $(BIND)/gongkai_bg.wasm
	rm $(BIND)/gongkai_bg.wasm
	# The chunks leave the splitter with their names and relocations: half their size. Dropping
	# those sections makes them as small as wasm-opt does (measured: 1,600 against 1,620 KB
	# brotli over the larger chunks), in a second instead of minutes for hundreds of files.
	node -e '$(STRIP_JS)' $$(find $(BIND) -name '*.wasm' ! -name gongkai.wasm)
	# The loader issues at most 16 fetches per task instead of a page's 70-330 at once.
	node frontend/pace-loader.js $(BIND)/__wasm_split.js
	hash=$$(cd $(BIND) && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum | cut -c1-16); \
	  files=$$(find $(BIND) -type f \( -name '*.js' -o -name '*.wasm' \)); \
	  for f in $$files; do gzip -9 -k -n -f $$f; done; \
	  node -e '$(BROTLI_JS)' $$files; \
	  mv $(BIND) $(PKG)/$$hash; \
	  printf 'bundle: %s\n' $$hash > $@.tmp && mv $@.tmp $@

$(PKG)/gongkai.css: style/main.css
	mkdir -p $(PKG) && cp style/main.css $@

build: site
	cargo build --release -p gongkai
	@if [ "$(CARGO_TARGET_DIR)" != "target" ]; then mkdir -p target/release && cp $(CARGO_TARGET_DIR)/release/gongkai target/release/gongkai; fi

run: build
	@mkdir -p data
	@if [ ! -f data/gongkai.db ]; then target/release/gongkai demo-data; fi
	target/release/gongkai serve

## Test -----------------------------------------------------------------------------------
test: fmt-check clippy test-sqlite test-postgres openapi fuzz-short e2e

fmt-check:
	cargo fmt --all -- --check

clippy: tools
	cargo clippy -p gongkai -p app -p migrations --all-targets --features app/ssr -- -D warnings
	cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings

# Notification tests deliver to a real SMTP listener (aiosmtpd) that the harness starts.
AIOSMTPD_VERSION := 1.4.6
SMTP_SINK := .tools/venv/bin/aiosmtpd
export GONGKAI_TEST_AIOSMTPD := $(abspath $(SMTP_SINK))
$(SMTP_SINK):
	python3 -m venv .tools/venv
	.tools/venv/bin/pip install --quiet aiosmtpd==$(AIOSMTPD_VERSION)

test-sqlite: $(SMTP_SINK)
	GONGKAI_TEST_DB=sqlite cargo test --workspace --exclude frontend --features app/ssr

postgres:
	@pg_isready -h 127.0.0.1 -p 5432 -q || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && exit 0; sleep 1; done; echo "PostgreSQL did not start"; exit 1

# The HTTP tests again, each on a fresh PostgreSQL database that the harness creates and drops.
test-postgres: postgres $(SMTP_SINK)
	GONGKAI_TEST_DB=postgres GONGKAI_TEST_PG_ADMIN_URL=$(PG_ADMIN_URL) \
	  cargo test -p gongkai --features app/ssr --tests

# The OpenAPI document, generated with the routes, must be valid OpenAPI 3.1 (0 errors).
OPENAPI_VALIDATOR_VERSION := 0.9.0
.tools/venv/bin/openapi-spec-validator:
	python3 -m venv .tools/venv
	.tools/venv/bin/pip install --quiet openapi-spec-validator==$(OPENAPI_VALIDATOR_VERSION)

openapi: .tools/venv/bin/openapi-spec-validator
	cargo build -p gongkai
	mkdir -p $(CARGO_TARGET_DIR)
	$(CARGO_TARGET_DIR)/debug/gongkai openapi > $(CARGO_TARGET_DIR)/openapi.json
	.tools/venv/bin/openapi-spec-validator $(CARGO_TARGET_DIR)/openapi.json

# Browser tests against the debug server (its dependencies are shared with the Rust tests)
# and the release site.
e2e: site
	cargo build -p gongkai
	cd end2end && GONGKAI_BIN=$(abspath $(CARGO_TARGET_DIR))/debug/gongkai npx playwright test

# Against the release server, in Chromium: `BENCH=tti` times each public page's first visit
# on a throttled 4G profile, `BENCH=lighthouse` prints Lighthouse's performance score of each;
# no BENCH runs both, after the server-side figures.
PERF_SPECS_tti := first-load
PERF_SPECS_lighthouse := lighthouse
PERF_SPECS_ := first-load lighthouse
bench: site
	cargo build --release -p gongkai --bin gongkai
	cargo run --release -p gongkai --example bench -- $(BENCH)
	@if [ -n "$(PERF_SPECS_$(BENCH))" ]; then \
	  cd end2end && GONGKAI_BIN=$(abspath $(CARGO_TARGET_DIR))/release/gongkai npx playwright test -c perf.config.ts $(PERF_SPECS_$(BENCH)); \
	fi

clean:
	cargo clean
	rm -rf data .tools-stamp-rust .tools-stamp-split

## Torture (never part of `make test`: minutes long, pass/fail) -----------------------------
# 16 clients submit while the release server is SIGKILLed 50 times; every 201 must be in the
# database, on SQLite and on PostgreSQL. CRASH_KILLS=5 for a short run.
crash-test: postgres
	cargo build --release -p gongkai --bin gongkai
	CRASH_PG_ADMIN=$(PG_ADMIN_URL) cargo run --release -p gongkai --example torture -- crash-test

# Ten minutes of mixed traffic at 200 connections on the demo data: no 5xx, and memory back
# within 10 % of its level after warm-up. SOAK_SECS=60 for a short run.
soak: site
	cargo build --release -p gongkai --bin gongkai
	LEPTOS_SITE_ROOT=$(abspath $(SITE)) cargo run --release -p gongkai --example torture -- soak

## Mutation testing -----------------------------------------------------------------------
# cargo-mutants (pinned, into .tools) over the rule modules named in .cargo/mutants.toml,
# checked by the app's unit tests. Not part of `make test`: one build per mutant, hours on
# two cores. The report lands in mutants.out/ (caught.txt, missed.txt, timeout.txt).
CARGO_MUTANTS_VERSION := 27.1.0
CARGO_MUTANTS := .tools/bin/cargo-mutants
mutants:
	@if [ "$$($(CARGO_MUTANTS) mutants --version 2>/dev/null | awk '{print $$2}')" != "$(CARGO_MUTANTS_VERSION)" ]; then \
	  cargo install cargo-mutants --version $(CARGO_MUTANTS_VERSION) --locked --root .tools; \
	fi
	$(CARGO_MUTANTS) mutants -p app $(MUTANTS_ARGS)

## Fuzzing --------------------------------------------------------------------------------
# schemathesis (pinned, into .tools/venv) against /api/v1/openapi.json of the debug server on a
# fresh SQLite database with the demo data, anonymously and signed in as each demo role:
# 0 server errors and 0 answers outside the document. FUZZ_SECONDS is the whole run's time
# budget; .ci/fuzz.sh says what else can be set (FUZZ_SEED, FUZZ_SESSIONS, FUZZ_REPORT_DIR).
fuzz-short:
	cargo build -p gongkai
	FUZZ_SECONDS=150 bash .ci/fuzz.sh

fuzz:
	cargo build -p gongkai
	FUZZ_SECONDS=$(or $(FUZZ_SECONDS),1500) bash .ci/fuzz.sh
