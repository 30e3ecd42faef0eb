#!/usr/bin/env bash
# Benchmark, not a test: 1M points in SWEREF 99 TM (CSV) to RFC 7946 GeoJSON in WGS 84, odetl side by side
# with GDAL's ogr2ogr on the same file in the same run. Prints wall time and peak RSS (GNU time -v) of both
# and the ratio. Goal (issue #3): odetl at most 0.25x ogr2ogr's wall time, memory flat.
#
#   bench/geo/run.sh [ROWS]        (default 1000000; needs gdal-bin, GNU time and the .NET SDK)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rows=${1:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

command -v ogr2ogr >/dev/null || { echo "needs ogr2ogr: apt-get install gdal-bin" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }

# Deterministic points spread over Sweden's SWEREF 99 TM box (an LCG, so every run gets the same file).
awk -v n="$rows" 'BEGIN {
  print "id,name,kind,easting,northing"
  s = 12345
  for (i = 1; i <= n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648; e = 280000 + (s % 600000000) / 1000
    s = (s * 1103515245 + 12345) % 2147483648; nn = 6140000 + (s % 1500000000) / 1000
    printf "%d,Plats %d,%s,%.3f,%.3f\n", i, i, (i % 3 == 0 ? "badplats" : "laddpunkt"), e, nn
  }
}' > "$work/points.csv"
cp "$here/points.yaml" "$here/schema.json" "$work/"
echo "input: $rows rows, $(du -h "$work/points.csv" | cut -f1)"

dotnet build "$root/src/OpenData.Etl.Cli" -c Release -o "$work/odetl" -v quiet -nologo >/dev/null
odetl_dll="$work/odetl/odetl.dll"

measure() { # label command...
  local label=$1; shift
  /usr/bin/time -v "$@" > "$work/$label.out" 2> "$work/$label.time"
  local wall rss
  wall=$(grep 'Elapsed (wall clock)' "$work/$label.time" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
  rss=$(grep 'Maximum resident set size' "$work/$label.time" | awk '{print $NF}')
  awk -v l="$label" -v w="$wall" -v r="$rss" 'BEGIN { printf "%-8s wall %8.2f s   peak RSS %8.1f MiB\n", l, w, r / 1024 }'
  echo "$wall" > "$work/$label.wall"
}

measure odetl dotnet "$odetl_dll" run "$work/points.yaml" -q
measure ogr2ogr ogr2ogr -f GeoJSON "$work/ogr.geojson" "$work/points.csv" \
  -oo X_POSSIBLE_NAMES=easting -oo Y_POSSIBLE_NAMES=northing -oo KEEP_GEOM_COLUMNS=NO \
  -s_srs EPSG:3006 -t_srs EPSG:4326 -lco RFC7946=YES

echo "features: odetl $(ogrinfo -al -so "$work/out/points.geojson" | grep 'Feature Count' | awk '{print $3}'), ogr2ogr $(ogrinfo -al -so "$work/ogr.geojson" | grep 'Feature Count' | awk '{print $3}')"
echo "bytes:    odetl $(stat -c %s "$work/out/points.geojson"), ogr2ogr $(stat -c %s "$work/ogr.geojson")"
awk -v a="$(cat "$work/odetl.wall")" -v b="$(cat "$work/ogr2ogr.wall")" 'BEGIN { printf "ratio (odetl / ogr2ogr wall time): %.3f (goal: at most 0.25)\n", a / b }'
