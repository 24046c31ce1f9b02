#!/usr/bin/env bash
# Coverage-guided fuzzing of skalint's readers and the LSP transport (cargo-fuzz, libFuzzer).
#
#   bash fuzz/run.sh [SECONDS_PER_TARGET]     (default 20; CI runs `bash fuzz/run.sh 20`)
#
# Builds the seed corpora from fixtures/, builds every target once, runs each for the given
# seconds and exits non-zero if any target found a crash, a timeout or an out-of-memory; the
# inputs that did are printed (fuzz/artifacts/<target>/). Works on the stable toolchain:
# RUSTC_BOOTSTRAP=1 lets stable rustc take the -Z flags cargo-fuzz passes.
#
# Environment: FUZZ_TARGETS (space-separated subset, default all), FUZZ_TIMEOUT (seconds one
# input may take, default 30), FUZZ_RSS_MB (default 4096), FUZZ_SANITIZER (default address).
set -euo pipefail

secs=${1:-20}
case $secs in '' | *[!0-9]*) echo "usage: bash fuzz/run.sh [SECONDS_PER_TARGET]" >&2; exit 2 ;; esac
fuzz=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(dirname "$fuzz")
cd "$fuzz"

export RUSTC_BOOTSTRAP=1
# Debug assertions and overflow checks on, optimised, AddressSanitizer (unsafe code in the
# zip, inflate and PDF crates).
build_flags=(-O -a -s "${FUZZ_SANITIZER:-address}")
timeout=${FUZZ_TIMEOUT:-30}
rss=${FUZZ_RSS_MB:-4096}
all_targets=(load_docx load_odt load_pdf load_text load_markdown lsp_frames)
read -r -a targets <<<"${FUZZ_TARGETS:-${all_targets[*]}}"

if ! cargo fuzz --version >/dev/null 2>&1; then
    echo "== installing cargo-fuzz"
    cargo install --locked cargo-fuzz
fi

# --- seed corpora ---------------------------------------------------------------------------

# Largest input per target: the fixtures are under 200 kB; text needs less.
max_len() {
    case $1 in
    load_docx | load_odt | load_pdf) echo 262144 ;;
    load_text | load_markdown) echo 65536 ;;
    lsp_frames) echo 16384 ;;
    esac
}

# seed TARGET FILE...: copies the files that fit max_len (a truncated zip or PDF is no seed).
seed() {
    local target=$1 limit f
    shift
    limit=$(max_len "$target")
    mkdir -p "corpus/$target"
    for f in "$@"; do
        [ -f "$f" ] || continue
        if [ "$(wc -c <"$f")" -gt "$limit" ]; then
            echo "   (not a seed of $target, larger than $limit bytes: ${f#"$root"/})"
            continue
        fi
        cp "$f" "corpus/$target/"
    done
}

# frame JSON: one LSP message as the protocol sends it (Content-Length counts bytes).
frame() {
    printf 'Content-Length: %d\r\n\r\n%s' "$(printf '%s' "$1" | wc -c)" "$1"
}

lsp_seeds() {
    local dir=corpus/lsp_frames uri='file:///tmp/rapport.md'
    local text='# Kvalitetsrapport\n\n## Resultat\n\nEleverna i åk 9 når målen i högre grad än förra året.\n'
    local init='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":null,"rootUri":null,"capabilities":{"textDocument":{"publishDiagnostics":{"relatedInformation":true}}}}}'
    local initialized='{"jsonrpc":"2.0","method":"initialized","params":{}}'
    local open='{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"'$uri'","languageId":"markdown","version":1,"text":"'$text'"}}}'
    local change='{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"'$uri'","version":2},"contentChanges":[{"range":{"start":{"line":4,"character":0},"end":{"line":4,"character":8}},"text":"Barnen"}]}}'
    local hover='{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"'$uri'"},"position":{"line":2,"character":3}}}'
    local actions='{"jsonrpc":"2.0","id":3,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"'$uri'"},"range":{"start":{"line":0,"character":0},"end":{"line":5,"character":0}},"context":{"diagnostics":[]}}}'
    local shutdown='{"jsonrpc":"2.0","id":4,"method":"shutdown"}'
    local exit='{"jsonrpc":"2.0","method":"exit"}'
    mkdir -p "$dir"
    frame "$init" >"$dir/initialize"
    frame "$open" >"$dir/didopen"
    frame "$change" >"$dir/didchange"
    frame "$hover" >"$dir/hover"
    {
        printf 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n'
        frame "$actions"
    } >"$dir/codeaction-content-type"
    {
        frame "$init"
        frame "$initialized"
        frame "$open"
        frame "$change"
        frame "$hover"
        frame "$actions"
        frame "$shutdown"
        frame "$exit"
    } >"$dir/session"
    # Garbage before a frame, a body that is not JSON, and a length past the end.
    {
        printf 'hello\r\n\r\n'
        frame '{not json'
        printf 'Content-Length: 99\r\n\r\n{"jsonrpc":"2.0"}'
    } >"$dir/garbage"
}

echo "== seed corpora (fuzz/corpus/)"
shopt -s nullglob
seed load_docx "$root"/fixtures/office/*.docx "$root"/fixtures/bench/*.docx
seed load_odt "$root"/fixtures/office/*.odt
seed load_pdf "$root"/fixtures/office/*.pdf
seed load_text "$root"/fixtures/reports/*.txt "$root"/fixtures/office/*.txt
seed load_markdown "$root"/fixtures/reports/*.md "$root"/fixtures/templates/*.md
lsp_seeds
for t in "${targets[@]}"; do
    echo "   $t: $(find "corpus/$t" -type f | wc -l) inputs"
done

# --- build once, then run each target -------------------------------------------------------

echo "== cargo fuzz build ${build_flags[*]}"
start=$SECONDS
cargo fuzz build "${build_flags[@]}"
echo "   built in $((SECONDS - start)) s"

stamp=$(mktemp)
trap 'rm -f "$stamp"' EXIT
failed=()
for t in "${targets[@]}"; do
    echo "== $t: ${secs} s"
    mkdir -p "artifacts/$t"
    start=$SECONDS
    # The LSP reader logs every skipped frame to stderr; those lines are dropped here (a
    # panic message, libFuzzer's and AddressSanitizer's reports are kept).
    set +e
    cargo fuzz run "${build_flags[@]}" "$t" -- \
        -max_total_time="$secs" -max_len="$(max_len "$t")" -timeout="$timeout" \
        -rss_limit_mb="$rss" -print_final_stats=1 2>&1 | grep -av '^skalint lsp: '
    status=${PIPESTATUS[0]}
    set -e
    echo "   $t: exit $status after $((SECONDS - start)) s"
    # Inputs slower than libFuzzer's -report_slow_units (10 s) are kept but do not fail the run.
    find "artifacts/$t" -type f -name 'slow-unit-*' -newer "$stamp" | while read -r a; do
        echo "   SLOW $t: fuzz/$a"
    done
    if [ "$status" -ne 0 ]; then
        failed+=("$t")
        found=$(find "artifacts/$t" -type f ! -name 'slow-unit-*' -newer "$stamp")
        if [ -n "$found" ]; then
            while read -r a; do
                echo "   CRASH $t: fuzz/$a"
                echo "   reproduce: (cd fuzz && RUSTC_BOOTSTRAP=1 cargo fuzz run ${build_flags[*]} $t $a)"
            done <<<"$found"
        else
            echo "   $t failed without an artifact (see the output above)"
        fi
    fi
done

if [ ${#failed[@]} -gt 0 ]; then
    echo "== fuzzing found problems in: ${failed[*]}" >&2
    exit 1
fi
echo "== no crashes in ${#targets[@]} targets (${secs} s each)"
