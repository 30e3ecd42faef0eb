#!/usr/bin/env bash
# Benchmark, not a test: odetl side by side with DuckDB and GDAL on the same generated export, in the same run.
#
#   bench/run.sh [ROWS]      (default 1000000; BENCH_ONLY="a b c d" picks cases; BENCH_BUILD=jit times the .NET
#                             build instead of the native executable; BENCH_REPEAT=N runs each case N times,
#                             default 3 up to 2M rows and 1 above)
#
#   (a) CSV -> Parquet only:        odetl bench/pipelines/convert.yaml  vs  DuckDB COPY (SELECT * FROM read_csv(...)) TO parquet
#   (b) CSV -> GeoJSON, reprojected: odetl bench/pipelines/geojson.yaml  vs  ogr2ogr -s_srs EPSG:3006 -t_srs EPSG:4326 -lco RFC7946=YES
#   (c) the full pipeline:          odetl bench/pipelines/full.yaml (every protection, 4 formats, DCAT-AP-SE) vs (a)'s DuckDB time
#   (d) odetl validate on the example pipeline (start-up and binding only)
#
# The export (Windows-1252, ';', decimal commas, CRLF) is generated once into bench/data/ and reused. DuckDB reads
# it as-is (encoding 'latin-1': every character the generator writes has the same byte in Windows-1252 and
# Latin-1). GDAL's CSV driver has no decimal-comma option, so ogr2ogr reads a UTF-8, decimal-point copy of the
# same rows, written by the generator beforehand and not timed. Peers: gdal-bin and GNU time from Debian, and clang for odetl's native build
# (installed here if missing), DuckDB through DuckDB.NET from NuGet in the small bench/OpenData.Etl.Bench runner
# (the duckdb CLI is not packaged in Debian). Wall time, CPU time (user + system) and peak RSS come from GNU time -v.
# Each case runs BENCH_REPEAT times, odetl and its peer one after the other in each round, and the table gives the
# medians: on a shared machine the speed of both drifts by a tenth or more within minutes, and one pair of runs can
# land in different spells. The ratio of each round is printed under the table, so no round is hidden.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rows=${1:-1000000}
repeat=${BENCH_REPEAT:-$([ "$rows" -le 2000000 ] && echo 3 || echo 1)}
only=${BENCH_ONLY:-a b c d}
data="$here/data"
results="$data/results-$rows"
mkdir -p "$data" "$results"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

install() { # command package
  command -v "$1" >/dev/null 2>&1 && return
  echo "installing $2 (Debian)" >&2
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2") >/dev/null
}
install ogr2ogr gdal-bin
[ -x /usr/bin/time ] || install /usr/bin/time time

rm -rf "$data/bin/odetl"
if [ "${BENCH_BUILD:-native}" = native ]; then
  # Published as it is shipped for servers (README, "Installation"): one native executable, compiled ahead of time
  # for x86-64-v3. No JIT at start-up nor while the hot loops warm up; clang links it.
  install clang clang
  echo "publishing odetl (native) and building the bench runner" >&2
  dotnet publish "$root/src/OpenData.Etl.Cli" -c Release -r linux-x64 -p:PublishAot=true -o "$data/bin/odetl" -v quiet -nologo >/dev/null
  odetl=("$data/bin/odetl/odetl")
else
  # BENCH_BUILD=jit: the .NET tool's build with ReadyToRun code; hot loops are re-jitted (tiered) while it runs.
  echo "publishing odetl (Release, ReadyToRun) and building the bench runner" >&2
  dotnet publish "$root/src/OpenData.Etl.Cli" -c Release -r linux-x64 --self-contained false -p:PublishReadyToRun=true -o "$data/bin/odetl" -v quiet -nologo >/dev/null
  odetl=(dotnet "$data/bin/odetl/odetl.dll")
fi
dotnet build "$here/OpenData.Etl.Bench" -c Release -o "$data/bin/bench" -v quiet -nologo >/dev/null
bench=(dotnet "$data/bin/bench/odetl-bench.dll")

export_csv="$data/export-$rows.csv"
peer_csv="$data/peer-$rows.csv"
if [ ! -s "$export_csv" ] || [ ! -s "$peer_csv" ]; then
  echo "generating $rows rows" >&2
  ODETL_SHARED_SPECS="${ODETL_SHARED_SPECS:-$root/../shared/specs}" "${bench[@]}" generate "$rows" "$export_csv" --peer-copy "$peer_csv"
fi
ln -sf "export-$rows.csv" "$data/export.csv"   # the bench pipelines read ../data/export.csv
echo "input: $rows rows, $(du -h "$export_csv" | cut -f1) (peer copy $(du -h "$peer_csv" | cut -f1))" >&2

measure() { # label command...  -> one line "wall cpu rss" appended to results/label.runs
  local label=$1; shift
  sync
  /usr/bin/time -v "$@" > "$results/$label.out" 2> "$results/$label.time" || { cat "$results/$label.time" >&2; exit 1; }
  awk -F': ' '
    /Elapsed \(wall clock\)/ { n = split($2, p, ":"); w = (n == 3) ? p[1]*3600 + p[2]*60 + p[3] : p[1]*60 + p[2] }
    /User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident set size/ { r = $2 }
    END { printf "%.2f %.2f %.0f\n", w, u + s, r / 1024 }' "$results/$label.time" >> "$results/$label.runs"
}

median() { # label -> results/label.m: "wall cpu rss", each the median of its column over this time's runs
  [ -s "$results/$1.runs" ] && [ "$results/$1.runs" -nt "$results/.started" ] || return 0
  local m=()
  for col in 1 2 3; do
    m+=("$(cut -d' ' -f"$col" "$results/$1.runs" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')")
  done
  printf "%.2f %.2f %.0f\n" "${m[@]}" > "$results/$1.m"
}

# Every tool writes into an empty place, untimed: the peers' earlier outputs are deleted before they run, and so are
# odetl's. A run that replaces a gigabyte of its own earlier output pays for the kernel's freeing it (0.5 s here).
fresh() { rm -rf "$here/out"; sync; }
touch "$results/.started"   # rows of cases not run this time are marked as earlier figures
for case in $only; do
  case $case in
    a) rm -f "$results"/odetl-parquet.runs "$results"/duckdb-parquet.runs ;;
    b) rm -f "$results"/odetl-geojson.runs "$results"/ogr2ogr-geojson.runs ;;
    c) rm -f "$results"/odetl-full.runs ;;
    d) rm -f "$results"/odetl-validate.runs ;;
  esac
done
for round in $(seq "$repeat"); do
for case in $only; do
  case $case in
    a)
      fresh
      measure odetl-parquet "${odetl[@]}" run "$here/pipelines/convert.yaml" -q
      rm -f "$results/duckdb.parquet"
      measure duckdb-parquet "${bench[@]}" duckdb "COPY (SELECT * FROM read_csv('$export_csv', delim=';', decimal_separator=',', encoding='latin-1', header=true)) TO '$results/duckdb.parquet' (FORMAT parquet)"
      ;;
    b)
      fresh
      measure odetl-geojson "${odetl[@]}" run "$here/pipelines/geojson.yaml" -q
      rm -f "$results/ogr.geojson"
      measure ogr2ogr-geojson ogr2ogr -f GeoJSON "$results/ogr.geojson" "$peer_csv" -oo SEPARATOR=SEMICOLON \
        -oo X_POSSIBLE_NAMES=Ost_SWEREF99TM -oo Y_POSSIBLE_NAMES=Nord_SWEREF99TM -oo KEEP_GEOM_COLUMNS=NO \
        -s_srs EPSG:3006 -t_srs EPSG:4326 -lco RFC7946=YES
      ;;
    c) fresh; measure odetl-full "${odetl[@]}" run "$here/pipelines/full.yaml" -q ;;
    d) measure odetl-validate "${odetl[@]}" validate "$root/pipelines/livsmedelskontroller.yaml" ;;
  esac
done
done
for label in duckdb-parquet ogr2ogr-geojson odetl-parquet odetl-geojson odetl-full odetl-validate; do median "$label"; done

earlier=""
row() { # label peer-label goal
  [ -s "$results/$1.m" ] || return 0
  read -r w c r < "$results/$1.m"
  local ratio="" goal="" name=$1
  if [ "$results/$1.m" -ot "$results/.started" ]; then name="$1*"; earlier=1; fi
  if [ -n "$2" ] && [ -s "$results/$2.m" ]; then
    read -r pw _ _ < "$results/$2.m"
    ratio=$(awk -v a="$w" -v b="$pw" 'BEGIN { printf "%.2fx %s", a / b, "'"$2"'" }')
    goal=$3
  fi
  printf "| %-16s | %8s | %8s | %8s | %-24s | %-6s |\n" "$name" "$w" "$c" "$r" "$ratio" "$goal"
}
echo
echo "$rows rows, $(nproc) cores, odetl ${BENCH_BUILD:-native} build, $(date -u +%Y-%m-%d), median of $repeat run(s) each"
echo "| run              | wall (s) | CPU (s)  | RSS (MB) | odetl wall / peer wall   | goal   |"
echo "|------------------|----------|----------|----------|--------------------------|--------|"
row duckdb-parquet "" ""
row ogr2ogr-geojson "" ""
row odetl-parquet duckdb-parquet "<= 1.0"
row odetl-geojson ogr2ogr-geojson "<= 0.25"
row odetl-full duckdb-parquet "<= 2.5"
row odetl-validate "" ""
[ -z "$earlier" ] || echo "* not run this time: the figures of an earlier run (BENCH_ONLY picks the cases)"

rounds() { # label peer-label: the ratio in each round, in the order they ran (when both ran in every round)
  [ "$results/$1.runs" -nt "$results/.started" ] && [ "$results/$2.runs" -nt "$results/.started" ] || return 0
  [ "$(wc -l < "$results/$1.runs")" -eq "$(wc -l < "$results/$2.runs")" ] || return 0
  printf "%s / %s by round: %s\n" "$1" "$2" "$(paste -d' ' "$results/$1.runs" "$results/$2.runs" | awk '{ printf "%.2fx ", $1 / $4 }')"
}
by_round=$(rounds odetl-parquet duckdb-parquet; rounds odetl-geojson ogr2ogr-geojson; rounds odetl-full duckdb-parquet)
[ -z "$by_round" ] || printf "\n%s\n" "$by_round"

# Memory at two sizes: the goal compares the full pipeline's peak RSS at 10M rows with that at 1M rows, so once
# both runs exist (bench/run.sh and BENCH_ONLY=c bench/run.sh 10000000) their ratio is printed too.
small="$data/results-1000000/odetl-full.m" large="$data/results-10000000/odetl-full.m"
if [ -s "$small" ] && [ -s "$large" ]; then
  read -r _ _ r1 < "$small"; read -r _ _ r10 < "$large"
  awk -v a="$r1" -v b="$r10" -v t1="$(date -u -r "$small" '+%F %H:%M')" -v t10="$(date -u -r "$large" '+%F %H:%M')" \
    'BEGIN { printf "\nfull pipeline peak RSS: %d MB at 1M rows (%s), %d MB at 10M rows (%s): %.2fx (goal <= 1.2x, and <= 300 MB at 1M)\n", a, t1, b, t10, b / a }'
fi
