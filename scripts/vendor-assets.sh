#!/usr/bin/env bash
# Refresh the vendored front-end packages under static/vendor/ from the npm registry.
# Pinned versions: change them here, run `make vendor`, look at the pages, commit.
set -euo pipefail
DKFDS_VERSION=11.2.0
HTMX_VERSION=2.0.11

root=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
npm pack --silent "dkfds@$DKFDS_VERSION" "htmx.org@$HTMX_VERSION" >/dev/null
mkdir dkfds htmx
tar xzf "dkfds-$DKFDS_VERSION.tgz" -C dkfds
tar xzf "htmx.org-$HTMX_VERSION.tgz" -C htmx

dk="$root/static/vendor/dkfds"
rm -rf "$dk" && mkdir -p "$dk/css" "$dk/js" "$dk/fonts/IBMPlexSans/complete" "$dk/img"
cp dkfds/package/dist/css/dkfds-borgerdk.min.css "$dk/css/"
cp dkfds/package/dist/js/dkfds.min.js "$dk/js/"
# Only the font files the stylesheet refers to (woff2 first, woff as fallback).
cp -r dkfds/package/dist/fonts/IBMPlexSans/complete/woff2 dkfds/package/dist/fonts/IBMPlexSans/complete/woff \
      "$dk/fonts/IBMPlexSans/complete/"
cp dkfds/package/dist/fonts/IBMPlexSans/complete/woff2/../*.txt "$dk/fonts/IBMPlexSans/" 2>/dev/null || true
cp -r dkfds/package/dist/img/svg-icons dkfds/package/dist/img/all-svg-icons.svg "$dk/img/"
cp dkfds/package/LICENSE.md "$dk/LICENSE.md" 2>/dev/null || cp dkfds/package/dist/LICENSE.md "$dk/LICENSE.md"
find dkfds/package/dist/fonts -iname 'license*' -exec cp {} "$dk/fonts/IBMPlexSans/" \; -quit
echo "dkfds $DKFDS_VERSION" > "$dk/VERSION"

hx="$root/static/vendor/htmx"
rm -rf "$hx" && mkdir -p "$hx"
cp htmx/package/dist/htmx.min.js "$hx/"
cp htmx/package/LICENSE "$hx/LICENSE"
echo "htmx.org $HTMX_VERSION" > "$hx/VERSION"
echo "vendored dkfds $DKFDS_VERSION and htmx.org $HTMX_VERSION into static/vendor/"

# A small sprite with only the icons the templates use (the full DKFDS sprite is 53 KB).
python3 - "$dk/img/all-svg-icons.svg" "$root/static/icons/sprite.svg" <<'PY'
import re, sys
ICONS = ["home", "list-bulleted", "calendar-month", "flag", "person", "persons", "language",
         "lock", "location", "time", "check", "close", "warning", "info", "success", "error",
         "chevron-right", "chevron-left", "search", "download", "edit", "delete"]
source, target = sys.argv[1], sys.argv[2]
svg = open(source, encoding="utf-8").read()
symbols = []
for name in ICONS:
    match = re.search(r'<symbol id="%s".*?</symbol>' % re.escape(name), svg, re.S)
    if not match:
        sys.exit(f"icon {name} is not in the DKFDS sprite")
    symbols.append(match.group(0))
import os
os.makedirs(os.path.dirname(target), exist_ok=True)
with open(target, "w", encoding="utf-8") as f:
    f.write('<svg xmlns="http://www.w3.org/2000/svg">' + "".join(symbols) + "</svg>\n")
PY
rm -f "$dk/img/all-svg-icons.svg"
