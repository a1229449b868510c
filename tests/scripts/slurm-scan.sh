#!/usr/bin/env bash
# slurm-scan.sh - scan a corpus's shards as a Slurm job array, then merge them in a
# dependent job (see dataprov-merge(1), "Slurm").
#
#   tests/scripts/slurm-scan.sh SHARD_DIR OUT_DIR [GROUP]
#
# Submits one array task per GROUP shards (default 1; use more for many small shards),
# each running `dataprov scan` on its shards into OUT_DIR/parts/NNNNNN, and one merge job
# that starts when every task succeeded (--dependency=afterok) and writes OUT_DIR/card.
# Extra scan options (the same for scan and merge) come from $DATAPROV_OPTS; sbatch options
# (partition, account, time) from $SBATCH_OPTS. The shard list is frozen in
# OUT_DIR/shards.txt so tasks and the merge agree on it.
set -euo pipefail

if [ "$#" -lt 2 ]; then
	echo "usage: $0 SHARD_DIR OUT_DIR [GROUP]" >&2
	exit 2
fi
shards=$(cd "$1" && pwd)
out=$(mkdir -p "$2" && cd "$2" && pwd)
group=${3:-1}
dataprov=${DATAPROV:-dataprov}
opts=${DATAPROV_OPTS:-}

find "$shards" -maxdepth 1 -type f | LC_ALL=C sort > "$out/shards.txt"
n=$(wc -l < "$out/shards.txt")
if [ "$n" -eq 0 ]; then
	echo "$0: no shards in $shards" >&2
	exit 1
fi
tasks=$(( (n + group - 1) / group ))
mkdir -p "$out/parts" "$out/logs"

# One array task: scan shards [id*group, id*group+group) of the frozen list.
cat > "$out/scan-task.sh" <<TASK
#!/usr/bin/env bash
set -euo pipefail
id=\${SLURM_ARRAY_TASK_ID:?not run by sbatch --array}
first=\$(( id * $group + 1 ))
mapfile -t files < <(sed -n "\${first},\$(( first + $group - 1 ))p" "$out/shards.txt")
part=\$(printf '%s/parts/%06d' "$out" "\$id")
# exit 3 (an input could not be read) still leaves a result to merge
$dataprov scan --progress=never -j "\${SLURM_CPUS_PER_TASK:-1}" $opts "\${files[@]}" -o "\$part" || [ \$? -eq 3 ]
TASK

cat > "$out/merge-task.sh" <<TASK
#!/usr/bin/env bash
set -euo pipefail
ls -d "$out"/parts/* | $dataprov merge --progress=never $opts -o "$out/card" --from - || [ \$? -eq 3 ]
TASK
chmod +x "$out/scan-task.sh" "$out/merge-task.sh"

# shellcheck disable=SC2086
array=$(sbatch --parsable ${SBATCH_OPTS:-} --job-name=dataprov-scan \
	--array="0-$(( tasks - 1 ))" --output="$out/logs/scan-%A_%a.log" "$out/scan-task.sh")
# shellcheck disable=SC2086
merge=$(sbatch --parsable ${SBATCH_OPTS:-} --job-name=dataprov-merge \
	--dependency="afterok:${array%%;*}" --output="$out/logs/merge-%j.log" "$out/merge-task.sh")
echo "submitted scan array $array ($tasks tasks over $n shards) and merge job $merge"
echo "result: $out/card/report.json"
