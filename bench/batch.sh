#!/bin/sh
# The batch engine's throughput: a casebook built from N submissions generated from
# examples/submissions (each a copy with its school renamed, so that none is a duplicate), at -j1
# and -j2 without the cache, then a fully cached re-run; and the peak memory of the command's own
# process (the parent; workers apart) at 100, 1,000 and 5,000 inputs (MEM_COUNTS). Run it from a
# build directory:
#
#   sh ../main/bench/batch.sh            # N=300, best of 3 runs
#   N=500 RUNS=5 sh bench/batch.sh
#
# CASEBOOK (default ./core/casebook) is the command; the build's plugins and the source's data
# are used unless CASEBOOK_PLUGIN_PATH and CASEBOOK_DATA_DIR say otherwise. Needs python3 (to
# generate the inputs). Figures are in bench/README.md.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
CASEBOOK=${CASEBOOK:-./core/casebook}
N=${N:-300}
RUNS=${RUNS:-3}
export CASEBOOK_PLUGIN_PATH="${CASEBOOK_PLUGIN_PATH:-$PWD/plugins/.libs}"
export CASEBOOK_DATA_DIR="${CASEBOOK_DATA_DIR:-$src/data}"
work=$(mktemp -d "${TMPDIR:-/tmp}/casebook-bench-batch.XXXXXX")
trap 'rm -rf "$work"' EXIT

# generate COUNT DIR: COUNT submissions, the examples in turn, the k-th round's schools renamed
# (두암초등학교 -> 두암7초등학교) in the text of every encoding and inside DOCX and HWPX parts.
generate() {
	python3 - "$src/examples/submissions" "$2" "$1" <<'EOF'
import io, os, sys, zipfile
src, out, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
names = sorted(os.listdir(src))
os.makedirs(out, exist_ok=True)
SUFFIXES = ("초등학교", "중학교", "고등학교", "특수학교")

def renamed(school, k):
    for s in SUFFIXES:
        if school.endswith(s):
            return school[:-len(s)] + str(k) + s
    return school + str(k)

def recode(raw, change):
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"),
                     (b"\xfe\xff", "utf-16-be")):
        if raw.startswith(bom):
            return bom + change(raw[len(bom):].decode(enc)).encode(enc)
    try:
        return change(raw.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:
        return change(raw.decode("cp949")).encode("cp949")

for i in range(count):
    name = names[i % len(names)]
    k = i // len(names)
    school = name.split("_")[0]
    new = renamed(school, k) if k else school
    change = lambda s: s.replace(school, new)
    raw = open(os.path.join(src, name), "rb").read()
    if raw[:2] == b"PK":
        buf = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(raw)) as zin, zipfile.ZipFile(buf, "w") as zout:
            for info in zin.infolist():
                data = zin.read(info)
                if info.filename.endswith(".xml"):
                    data = change(data.decode("utf-8")).encode("utf-8")
                zout.writestr(info, data)
        data = buf.getvalue()
    else:
        data = recode(raw, change)
    open(os.path.join(out, "%04d_%s" % (i, name.replace(school, new))), "wb").write(data)
EOF
}

now() { date +%s.%N; }

# best ARGS...: runs casebook build ARGS... RUNS times (each into a fresh folder unless ARGS name
# one to keep, with -o) and prints the best wall time and, from that run's summary, the time of
# its reading phase (the part the workers share; the rest is start-up, walking and writing).
best() {
	b=
	r=0
	while [ "$r" -lt "$RUNS" ]; do
		rm -rf "$work/out"
		t0=$(now)
		"$CASEBOOK" build -o "$work/out" "$@" > "$work/run.log"
		t=$(echo "$(now) - $t0" | bc -l)
		if [ -z "$b" ] || [ "$(echo "$t < $b" | bc -l)" = 1 ]; then
			b=$t
			cp "$work/run.log" "$work/best.log"
		fi
		r=$((r + 1))
	done
	echo "$b $(sed -n 's/^casebook: .* workers[^;]*; \([0-9.]*\) s.*/\1/p' "$work/best.log")"
}

# line LABEL WALL READING [NOTE]
line() {
	printf '  %-20s %6.2f s  %7.1f files/s  (reading %.2f s, %7.1f files/s)%s\n' "$1" "$2" \
		"$(echo "$N / $2" | bc -l)" "$3" "$(echo "$N / $3" | bc -l)" "${4:-}"
}

generate "$N" "$work/in"
echo "casebook batch benchmark: $N submissions generated from examples/submissions," \
     "$(nproc) processors, best of $RUNS runs"
set -- $(best -j1 --no-cache "$work/in")
j1=$1 r1=$2
line "-j1, no cache" "$j1" "$r1"
set -- $(best -j2 --no-cache "$work/in")
j2=$1 r2=$2
line "-j2, no cache" "$j2" "$r2" "$(printf '; speed-up %.2fx, reading %.2fx' \
	"$(echo "$j1 / $j2" | bc -l)" "$(echo "$r1 / $r2" | bc -l)")"

# The cached re-run: one run fills the cache in a folder kept, the next ones read nothing.
rm -rf "$work/cached"
"$CASEBOOK" build -q -j2 "$work/in" -o "$work/cached"
c=
r=0
while [ "$r" -lt "$RUNS" ]; do
	t0=$(now)
	"$CASEBOOK" build -j2 "$work/in" -o "$work/cached" > "$work/cached.log"
	t=$(echo "$(now) - $t0" | bc -l)
	if [ -z "$c" ] || [ "$(echo "$t < $c" | bc -l)" = 1 ]; then c=$t; fi
	r=$((r + 1))
done
printf '  %-20s %6.2f s  %7.1f files/s  (%s)\n' "-j2, all cached" "$c" \
	"$(echo "$N / $c" | bc -l)" \
	"$(grep -o '[0-9]* read, [0-9]* from the cache' "$work/cached.log")"

# The parent's peak memory (getrusage of the command's own process, which -v prints).
for n in ${MEM_COUNTS:-100 1000 5000}; do
	rm -rf "$work/mem-in" "$work/mem-out"
	generate "$n" "$work/mem-in"
	"$CASEBOOK" build -v -j2 --no-cache "$work/mem-in" -o "$work/mem-out" 2>/dev/null |
		sed -n "s/^casebook: peak memory: /  $n inputs: /p"
	printf '    (casebook.json %s KB)\n' "$(($(wc -c < "$work/mem-out/casebook.json") / 1024))"
done
