#!/usr/bin/env bash
# UptakeSim front door: builds the command-line tool (Release) when it is missing or older than the sources,
# then runs it with the arguments given. With no arguments: run scenarios/baseline.yaml.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
bin="$root/.build/cli"
exe="$bin/uptakesim"

# Only code makes the tool stale: scenarios are read where they are, and the bundled data is copied over below,
# so editing either never triggers a rebuild.
stale() {
  [ ! -x "$exe" ] && return 0
  [ -n "$(find "$root/src" "$root/Directory.Packages.props" "$root/Directory.Build.props" \
        -newer "$exe" -type f ! -path '*/bin/*' ! -path '*/obj/*' -print -quit 2>/dev/null)" ]
}

if stale; then
  echo "building UptakeSim (Release)..." >&2
  if ! dotnet build "$root/src/UptakeSim.Cli/UptakeSim.Cli.csproj" -c Release -o "$bin" --nologo -v quiet -clp:ErrorsOnly >"$root/.build.log" 2>&1; then
    cat "$root/.build.log" >&2
    echo "build failed (log: .build.log)" >&2
    exit 1
  fi
  touch "$exe"
fi

# The bundled data and scenarios as they are now (cp -u copies only what changed).
cp -u "$root"/data/*.csv "$root"/data/*.md "$root"/data/*.geojson "$bin/data/" 2>/dev/null || true
cp -u "$root"/scenarios/*.yaml "$bin/scenarios/" 2>/dev/null || true

if [ $# -eq 0 ]; then
  set -- run "$root/scenarios/baseline.yaml"
fi
exec "$exe" "$@"
