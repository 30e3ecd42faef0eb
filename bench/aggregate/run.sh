#!/usr/bin/env bash
# Benchmark, not a test: aggregate and protect a 3-D table of about 10^6 cells (290 kommuner x 12 months x
# 288 categories = 1,002,240 interior cells; 1,093,443 with margins) from ROWS generated case records,
# and write CSV and Parquet. Prints wall time, peak RSS and the suppression figures. Goal (issue #6): < 60 s.
#
#   bench/aggregate/run.sh [ROWS]        (default 6000000; needs GNU time and the .NET SDK)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
rows=${1:-6000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
[ -x /usr/bin/time ] || { echo "needs GNU time: apt-get install time" >&2; exit 2; }

# Deterministic records (Park-Miller's LCG; its products stay exact in awk's doubles): kommun sizes skewed like Sweden's (a few large, many small), so small
# cells are frequent where they are in real statistics.
awk -v n="$rows" 'BEGIN {
  print "id,kommun,manad,kategori,belopp"
  s = 4711
  for (i = 1; i <= n; i++) {
    s = (s * 16807) % 2147483647; u = s / 2147483647
    k = int(290 * u * u * u)
    s = (s * 16807) % 2147483647; m = int(s / 65536) % 12 + 1
    s = (s * 16807) % 2147483647; c = int(s / 65536) % 288
    s = (s * 16807) % 2147483647; b = int(s / 2048) % 100000
    printf "%d,%04d,2024-%02d,K%03d,%d\n", i, 1000 + k, m, c, b
  }
}' > "$work/cases.csv"
cp "$here/cases.yaml" "$here/schema.json" "$work/"
echo "input: $rows rows, $(du -h "$work/cases.csv" | cut -f1)"

dotnet build "$root/src/OpenData.Etl.Cli" -c Release -o "$work/odetl" -v quiet -nologo >/dev/null
/usr/bin/time -v dotnet "$work/odetl/odetl.dll" run "$work/cases.yaml" > "$work/run.out" 2> "$work/run.err" || { cat "$work/run.err" >&2; exit 1; }
grep -E 'cells|rows read' "$work/run.err"
wall=$(grep 'Elapsed (wall clock)' "$work/run.err" | awk '{print $NF}' | awk -F: '{ if (NF == 3) print $1*3600 + $2*60 + $3; else print $1*60 + $2 }')
rss=$(grep 'Maximum resident set size' "$work/run.err" | awk '{print $NF}')
cpu=$(awk -F': ' '/User time|System time/ { t += $2 } END { print t }' "$work/run.err")
# CPU time as well as wall time: on a shared machine the wall time also measures the neighbours.
awk -v w="$wall" -v c="$cpu" -v r="$rss" -v l="$(cut -d' ' -f1 /proc/loadavg)" 'BEGIN { printf "wall %.2f s (goal: under 60 s), CPU %.2f s, peak RSS %.1f MiB, load average %s\n", w, c, r / 1024, l }'
