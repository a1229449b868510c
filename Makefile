# dataprov - the README's Quick start. CMake does the building; this file only sets up,
# builds and runs. Every target installs the Debian packages it needs first.

DEBIAN_PACKAGES := build-essential cmake pkg-config clang \
	libarchive-dev libpcre2-dev libzstd-dev libxxhash-dev libcmocka-dev libyajl-dev \
	libyaml-dev libssl-dev libutf8proc-dev libpsl-dev libcld2-dev libexttextcat-dev zlib1g-dev \
	zstd gzip bzip2 xz-utils lz4 zip unzip p7zip-full python3 python3-yaml ripgrep parallel \
	valgrind strace node:nodejs npm:npm
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
OUT ?= out

.PHONY: all setup build demo test test-release test-asan tsan bench eval fuzz install clean

all: build

setup:
	@tests/scripts/setup-deps.sh $(DEBIAN_PACKAGES)

build: setup
	@cmake --preset release >/dev/null
	@cmake --build --preset release -j $(JOBS)

demo: build
	@rm -rf $(OUT)/demo
	@build/release/dataprov scan fixtures/demo -o $(OUT)/demo --progress=never; rc=$$?; \
	  if [ $$rc -ne 0 ] && [ $$rc -ne 3 ]; then exit $$rc; fi; \
	  echo "demo: card   $(OUT)/demo/DATACARD.md"; \
	  echo "demo: report $(OUT)/demo/report.json"

test: test-release test-asan tsan

test-release: build
	@ctest --preset release -j $(JOBS)

test-asan: setup
	@cmake --preset asan >/dev/null
	@cmake --build --preset asan -j $(JOBS)
	@# fuzz_smoke builds its own sanitizer targets, allocs runs under valgrind and eval_build
	@# compiles the eval runners without the binary: once is enough
	@ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	  ctest --preset asan -j $(JOBS) -E 'cli/(fuzz_smoke|allocs|install|eval_build)$$'

tsan: setup
	@cmake --preset tsan >/dev/null
	@cmake --build --preset tsan -j $(JOBS)
	@TSAN_OPTIONS=halt_on_error=1 ctest --preset tsan -j $(JOBS) -L threads

bench: build
	@tests/bench/run.sh build/release/dataprov

eval: build
	@tests/eval/run.sh build/release/dataprov

fuzz: setup
	@tests/fuzz/run.sh

install: build
	@cmake --install build/release $(if $(PREFIX),--prefix $(PREFIX),)

clean:
	rm -rf build $(OUT)
