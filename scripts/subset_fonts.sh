#!/usr/bin/env bash
# Latin subsets of the IBM Plex Sans weights Sammen's pages use (400, 600, 700), from the
# vendored DKFDS fonts. Danish, English and the Latin letters of names from other languages
# (ø, å, æ, ş, ğ, ł, ć …): U+0000-024F, general punctuation, €, ™, arrows, minus.
# Needs fonttools and brotli (a dev tool, not a dependency): pip install fonttools brotli
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
src="$root/static/vendor/dkfds/fonts/IBMPlexSans/complete/woff2"
out="$root/static/fonts"
mkdir -p "$out"
for weight in Regular SemiBold Bold; do
  pyftsubset "$src/IBMPlexSans-$weight.woff2" --flavor=woff2 --layout-features='*' \
    --unicodes="U+0000-024F,U+2000-206F,U+20AC,U+2122,U+2190-2193,U+2212,U+FEFF,U+FFFD" \
    --output-file="$out/IBMPlexSans-$weight-latin.woff2"
done
cp "$root/static/vendor/dkfds/fonts/IBMPlexSans/license.txt" "$out/IBMPlexSans-LICENSE.txt"
