#!/usr/bin/env bash
# cmake --install puts everything under a prefix: the binary, which runs from there, the man
# page, which man reads, the three shells' completions and the documentation.
#   test_install.sh BUILD_DIR
set -euo pipefail
build=$1
prefix=$(mktemp -d)
trap 'rm -rf "$prefix"' EXIT

cmake --install "$build" --prefix "$prefix" >/dev/null
for file in bin/asyncdemo share/man/man1/asyncdemo.1.gz \
  share/bash-completion/completions/asyncdemo share/zsh/site-functions/_asyncdemo \
  share/fish/vendor_completions.d/asyncdemo.fish share/doc/asyncdemo/README.md \
  share/doc/asyncdemo/docs/pitfalls.md share/doc/asyncdemo/docs/timeline.svg; do
  [ -f "$prefix/$file" ] || { echo "not installed: $file" >&2; exit 1; }
done
# Whole outputs are captured before grep looks at them: grep -q stops reading at its match.
version=$("$prefix/bin/asyncdemo" --version)
grep -qx 'asyncdemo [0-9.]*' <<<"${version%%$'\n'*}"
run=$("$prefix/bin/asyncdemo" --clock virtual --quiet a=1s)
grep -q 'finished in 1.000s' <<<"$run"
# man finds the page through the prefix's MANPATH as a user who installed there would.
page=$(MANPATH="$prefix/share/man" MANWIDTH=80 man asyncdemo 2>/dev/null | col -b)
grep -q '^NAME' <<<"$page"
grep -q 'asyncdemo - watch tasks run one after another' <<<"$page"
grep -q -- '--on-error cancel|continue' <<<"$page"
echo "installed under a prefix: binary, man page, completions, docs"
