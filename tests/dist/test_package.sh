#!/usr/bin/env bash
# The .deb CPack makes: its dependencies are Debian's runtime packages, unpacked it holds a
# binary that runs and a man page that man reads, and lintian reports no error on it.
#   test_package.sh BUILD_DIR
set -euo pipefail
build=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cpack --config "$build/CPackConfig.cmake" -B "$work/out" >/dev/null 2>&1
deb=$(ls "$work"/out/asyncdemo_*.deb)
echo "package: $(basename "$deb")"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for package in libc6 libstdc++6 libuv1 libspdlog; do
  grep -q "$package" <<<"$depends" || { echo "missing dependency on $package" >&2; exit 1; }
done

dpkg-deb -x "$deb" "$work/root"
# Whole outputs are captured before grep looks at them: grep -q stops reading at its match.
"$work/root/usr/bin/asyncdemo" --version
run=$("$work/root/usr/bin/asyncdemo" --clock virtual --quiet --async a=2s)
grep -q 'finished in 2.000s' <<<"$run"
page=$(MANWIDTH=80 man -l "$work/root/usr/share/man/man1/asyncdemo.1.gz" 2>/dev/null | col -b)
grep -q 'asyncdemo - watch tasks run one after another' <<<"$page"
echo "man page: $(grep -c . <<<"$page") lines"
for file in usr/share/bash-completion/completions/asyncdemo \
  usr/share/zsh/vendor-completions/_asyncdemo usr/share/fish/vendor_completions.d/asyncdemo.fish \
  usr/share/doc/asyncdemo/copyright usr/share/doc/asyncdemo/changelog.gz; do
  [ -f "$work/root/$file" ] || { echo "not in the package: $file" >&2; exit 1; }
done

# Every tag lintian prints is shown; one of level error fails the test.
echo "lintian:"
lintian --fail-on error --display-info "$deb" 2>&1 | sed 's/^/  /'
status=${PIPESTATUS[0]}
[ "$status" -eq 0 ] || { echo "lintian reports errors" >&2; exit 1; }
echo "lintian: no errors"
