#!/usr/bin/env bash
# Consumer tests: in a temporary folder outside the repository, install the engine's wheel into
# a fresh venv and each binding as its users would (Go: a module with a replace; PHP: Composer
# with a path repository, copied into vendor/; Java: the jar from `mvn install`; C#: the built
# dll; C: `liter-llm config --cflags --libs`), then a chat and a stream against the mock
# provider. Nothing points at the checkout at run time: LITER_LLM_LIB and LITER_LLM_VENV are
# unset, the library is found by `liter-llm config --lib` on PATH, and each program checks the
# engine started in the fresh venv.
#   tests/consumers/run.sh DIST_DIR CS_DLL    (DIST_DIR: the wheel and the sdist of make wheel)   (under tests/with_mock.sh; Go, Java, mono, php,
#                                               composer on PATH or in the env as make sets it)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WHEEL=$(ls "$1"/*.whl)
SDIST=$(ls "$1"/*.tar.gz)
CS_DLL=$2
: "${LITER_LLM_MOCK_URL:?run under tests/with_mock.sh}"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/literllm-consumers.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
unset LITER_LLM_LIB LITER_LLM_VENV

step() { printf '== %s\n' "$*"; }

step "engine: pip install the wheel into a fresh venv"
python3 -m venv "$WORK/venv"
PIP_CACHE_DIR="$ROOT/.cache/pip" "$WORK/venv/bin/pip" install -q --disable-pip-version-check "$WHEEL" 2>&1 \
  | { grep -v "^WARNING: Location" || true; }
export PATH="$WORK/venv/bin:$PATH" EXPECT_VENV="$WORK/venv"
liter-llm config

step "engine from the sdist: building it gives a wheel that holds the library and header"
"$WORK/venv/bin/pip" wheel -q --disable-pip-version-check --no-deps -w "$WORK/from-sdist" "$SDIST" 2>&1 \
  | { grep -v "^WARNING: Location" || true; }
listing=$(unzip -l "$WORK"/from-sdist/*.whl)  # whole, not piped into grep -q (SIGPIPE)
grep -q "liter_llm/lib/libliter_llm.so" <<<"$listing"
grep -q "liter_llm/include/liter_llm.h" <<<"$listing"

step "C"
mkdir "$WORK/c" && cp "$HERE/c/main.c" "$WORK/c/"
# shellcheck disable=SC2046
gcc -std=c11 -Wall -Wextra -Werror "$WORK/c/main.c" $(liter-llm config --cflags --libs) -o "$WORK/c/main"
"$WORK/c/main"

step "Go"
mkdir "$WORK/go" && cp "$HERE/go/main.go" "$WORK/go/"
cat > "$WORK/go/go.mod" <<MOD
module consumer

go 1.22

require github.com/liter-llm/liter_llm/bindings/go v0.0.0

replace github.com/liter-llm/liter_llm/bindings/go => $ROOT/bindings/go
MOD
(cd "$WORK/go" && GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local go run .)

step "PHP"
mkdir "$WORK/php" && cp "$HERE/php/main.php" "$WORK/php/"
sed "s#@BINDING@#$ROOT/bindings/php#" "$HERE/php/composer.json" > "$WORK/php/composer.json"
(cd "$WORK/php" && COMPOSER_HOME="$ROOT/.cache/composer" composer install -q --no-interaction --no-progress)
test -f "$WORK/php/vendor/liter-llm/liter-llm/liter_llm.h" && test ! -L "$WORK/php/vendor/liter-llm/liter-llm"
php -d ffi.enable=1 "$WORK/php/main.php"

step "Java"
(cd "$ROOT/bindings/java" && mvn -o -B -q install -DskipTests 2>&1 | { grep -vE '^WARNING|^\S*\[0m\S*$' || true; })
cp -r "$HERE/java" "$WORK/java"
(cd "$WORK/java" && mvn -o -B -q test 2>&1 | { grep -vE '^WARNING|^\S*\[0m\S*$' || true; })
grep -h "Java consumer" "$WORK"/java/target/surefire-reports/*-output.txt 2>/dev/null \
  || grep -l 'failures="0"' "$WORK"/java/target/surefire-reports/TEST-*.xml >/dev/null

step "C#"
mkdir "$WORK/csharp" && cp "$HERE/csharp/Program.cs" "$CS_DLL" "$WORK/csharp/"
mcs -nologo -warnaserror -r:"$WORK/csharp/LiterLlm.dll" -out:"$WORK/csharp/Program.exe" "$WORK/csharp/Program.cs"
mono "$WORK/csharp/Program.exe"

step "no engine installed: the lookup lists what it tried and says how to fix it"
NOPATH=$(tr ':' '\n' <<<"$PATH" | grep -vxF "$WORK/venv/bin" | paste -sd:)
for run in "cd $WORK/go && GOFLAGS=-mod=mod GOPROXY=off GOTOOLCHAIN=local go run ." \
           "php -d ffi.enable=1 $WORK/php/main.php" "mono $WORK/csharp/Program.exe"; do
  if out=$(PATH="$NOPATH" bash -c "$run" 2>&1); then
    echo "expected a lookup failure from: $run"; exit 1
  fi
  grep -q "liter-llm config --lib: not found on PATH" <<<"$out" \
    && grep -q "pip install literllm-engine" <<<"$out" \
    || { echo "unhelpful lookup failure from $run: $out"; exit 1; }
done

step "test doubles run with no engine at all"
cp "$HERE/csharp/Fake.cs" "$WORK/csharp/"
mcs -nologo -warnaserror -r:"$WORK/csharp/LiterLlm.dll" -out:"$WORK/csharp/Fake.exe" "$WORK/csharp/Fake.cs"
PATH="$NOPATH" mono "$WORK/csharp/Fake.exe"
M2="$HOME/.m2/repository"
JCP="$M2/dev/literllm/liter-llm/0.1.0/liter-llm-0.1.0.jar"
for j in databind core annotations; do
  JCP="$JCP:$(ls "$M2"/com/fasterxml/jackson/core/jackson-$j/2.17.2/jackson-$j-2.17.2.jar)"
done
PATH="$NOPATH" java -cp "$JCP" "$HERE/java/Fake.java"

echo "consumers passed: C, Go, PHP, Java, C#"
