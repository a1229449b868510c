#!/usr/bin/env bash
# The Slurm recipe (tests/scripts/slurm-scan.sh) on a private single-node Slurm started here
# (Debian slurm-wlm + munge): a job array scans shards, a dependent job merges them, and the
# merged report.json equals one scan's. Skipped (exit 0) when slurm-wlm is not installed or
# we are not root. The script itself is always checked with bash -n.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=${DP_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
script=$src/tests/scripts/slurm-scan.sh
bash -n "$script" || { echo "FAIL: bash -n $script"; exit 1; }
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null ||
   ! command -v munged >/dev/null || [ "$(id -u)" -ne 0 ]; then
	echo "merge_slurm: skipped (needs root and slurm-wlm + munge installed)"
	exit 0
fi
W=$(mktemp -d /tmp/dataprov-slurm-XXXXXX)
chmod 755 "$W"
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	for f in "$W/slurmctld.pid" "$W/slurmd.pid"; do
		[ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	sleep 1
	rm -rf "$W"
}
trap cleanup EXIT
mkdir -p "$W/spool/ctld" "$W/spool/d" "$W/munge" "$W/shards"
host=$(hostname)
cat > "$W/slurm.conf" <<CONF
ClusterName=dptest
SlurmctldHost=$host
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$W/munge/munge.socket
StateSaveLocation=$W/spool/ctld
SlurmdSpoolDir=$W/spool/d
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
NodeName=$host CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=dptest Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$W/slurm.conf
# a private munged (its own key and socket), so a system one is left alone
dd if=/dev/urandom of="$W/munge/munge.key" bs=1024 count=1 2>/dev/null
chmod 400 "$W/munge/munge.key"
munged --force --key-file="$W/munge/munge.key" --socket="$W/munge/munge.socket" \
	--pid-file="$W/munge/munged.pid" --log-file="$W/munge/munged.log" \
	--seed-file="$W/munge/seed" 2>/dev/null
[ -s "$W/munge/munged.pid" ] && pids+=("$(cat "$W/munge/munged.pid")")
slurmctld -f "$W/slurm.conf" && slurmd -f "$W/slurm.conf" ||
	{ echo "FAIL: cannot start slurmctld/slurmd"; tail -5 "$W"/*.log; exit 1; }
for _ in $(seq 30); do
	sinfo -h -o %t 2>/dev/null | grep -q idle && break
	sleep 1
done
sinfo -h -o %t | grep -q idle || { echo "FAIL: the node never became idle"; tail -5 "$W"/*.log; exit 1; }

for k in $(seq 0 6); do
	for i in $(seq 1 40); do
		printf '{"text":"row %s shared","split":"train"}\n{"text":"row %s-%s","split":"test"}\n' \
			$((i % 9)) "$k" "$i"
	done > "$W/shards/s$k.jsonl"
done
DATAPROV=$bin DATAPROV_OPTS="-q" bash "$script" "$W/shards" "$W/out" 3 ||
	{ echo "FAIL: slurm-scan.sh"; exit 1; }
for _ in $(seq 120); do
	[ -z "$(squeue -h 2>/dev/null)" ] && break
	sleep 1
done
"$bin" scan -q --progress=never "$W/shards" -o "$W/ref"
python3 - "$W/out/card/report.json" "$W/ref/report.json" <<'PY'
import json, sys
try:
    a, b = (json.load(open(p)) for p in sys.argv[1:])
except OSError as e:
    print(f"FAIL: no merged report ({e})"); sys.exit(1)
for x in (a, b):
    x["dedup"].pop("spilled_runs", None)
ok = a == b and a["dedup"]["exact"]["duplicates"] > 0
print("merge_slurm: job array + dependent merge equal one scan:", "ok" if ok else "FAIL")
sys.exit(0 if ok else 1)
PY
