#!/usr/bin/env bash
# The cluster path of docs/cluster.md on a real, single-node Slurm cluster.
#
#   scripts/test-slurm.sh          # as root; run by .ci/run
#
# Installs slurm-wlm and munge with apt-get if they are missing, writes a
# slurm.conf for this host (one node with its real CPU count and memory, no
# cgroups) into a temporary directory, starts munged, slurmctld and slurmd as
# background processes and stops them by PID on exit. Then, as
# docs/cluster.md says, from the repository root:
#   1. `patrolsim plan` prints the sbatch line for 3 shards of
#      tests/fixtures/sweep-small.toml; the line is run as printed, the array
#      is merged with scripts/merge-shards.sh, and runs.csv, summary.csv and
#      summary.json must equal a local `patrolsim sweep` byte for byte.
#   2. An array numbered from 1 and a missing binary are refused (exit 2,
#      nothing written).
#   3. A 3-shard array of a slower sweep: one task is cancelled (scancel)
#      while it runs, the merge must fail, the task is resubmitted alone
#      (SHARDS=3 sbatch --array=1 ...), it resumes, and the merge must again
#      equal a local sweep byte for byte.
# Any mismatch or failure exits non-zero and prints the Slurm logs. Every wait
# times out after $SLURM_TEST_TIMEOUT seconds (default 300). The daemons listen
# on $SLURM_TEST_PORT and the next port (default: a free random pair).
#
# Without root it skips (exit 0, saying why) - except under CI=true, where a
# skip is a failure. The binary: target/release/patrolsim (built if missing;
# $CARGO_TARGET_DIR is honoured).

set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
timeout_s=${SLURM_TEST_TIMEOUT:-300}
started=$SECONDS

say() { echo "test-slurm [$((SECONDS - started)) s]: $*" >&2; }
skip() {
    if [[ ${CI:-} == true ]]; then
        say "FAILED: cannot run ($*), and under CI=true this test may not skip"
        exit 1
    fi
    say "SKIPPED: $*"
    exit 0
}
die() {
    say "FAILED: $*"
    exit 1
}

[[ $(id -u) == 0 ]] || skip "not root: installing slurm-wlm and starting munged, slurmctld and slurmd as SlurmUser=root need root"
[[ $(uname -s) == Linux ]] || skip "not Linux"

# ---- install -----------------------------------------------------------------
policy_rc=""
tmp=""
pids=()
jobs_submitted=()
cleanup() {
    local rc=$?
    set +e
    if ((rc != 0)) && [[ -n $tmp ]]; then
        say "---- diagnostics (exit $rc) ----"
        SLURM_CONF=$tmp/slurm.conf squeue 2>&1 | head -20
        SLURM_CONF=$tmp/slurm.conf scontrol show node 2>&1 | head -30
        for f in "$tmp"/munged.log "$tmp"/slurmctld.log "$tmp"/slurmd.log "$tmp"/*.stderr "$tmp"/joblogs/*; do
            [[ -s $f ]] || continue
            echo "==== $f (last 40 lines)" >&2
            tail -n 40 "$f" >&2
        done
    fi
    if ((${#jobs_submitted[@]} > 0)) && [[ -n $tmp ]]; then
        SLURM_CONF=$tmp/slurm.conf scancel "${jobs_submitted[@]}" 2>/dev/null
        for j in "${jobs_submitted[@]}"; do
            mkdir -p "$tmp/joblogs" && mv -f "$repo"/slurm-patrolsim-sweep-"$j"_*.out "$tmp/joblogs/" 2>/dev/null
        done
    fi
    # Stop the daemons by PID, newest first: slurmd, slurmctld, munged.
    local i
    for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
        kill -TERM "${pids[i]}" 2>/dev/null
        for _ in $(seq 50); do kill -0 "${pids[i]}" 2>/dev/null || break; sleep 0.2; done
        kill -KILL "${pids[i]}" 2>/dev/null
        wait "${pids[i]}" 2>/dev/null
    done
    [[ -n $policy_rc ]] && rm -f "$policy_rc"
    if [[ -n $tmp ]]; then
        if ((rc == 0)); then rm -rf "$tmp"; else say "kept $tmp for inspection"; fi
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The daemons live in sbin, which some CI shells leave out of PATH.
export PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin
missing=()
for c in munged munge slurmctld slurmd sbatch; do
    command -v "$c" >/dev/null 2>&1 || missing+=("$c")
done
if ((${#missing[@]} > 0)); then
    command -v apt-get >/dev/null 2>&1 || skip "${missing[*]} not installed and no apt-get to install them"
    say "installing slurm-wlm and munge (missing: ${missing[*]})"
    # Keep the packages' maintainer scripts from starting system services.
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        policy_rc=/usr/sbin/policy-rc.d
        printf '#!/bin/sh\nexit 101\n' >"$policy_rc" && chmod 755 "$policy_rc"
    fi
    ok=""
    for attempt in 1 2 3; do
        if DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
            DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
                slurm-wlm munge >/dev/null; then
            ok=1
            break
        fi
        say "apt-get failed (attempt $attempt of 3)"
        sleep $((attempt * 5))
    done
    [[ -n $ok ]] || die "could not install slurm-wlm and munge with apt-get"
    [[ -n $policy_rc ]] && rm -f "$policy_rc" && policy_rc=""
fi

# ---- the binary --------------------------------------------------------------
bin=${CARGO_TARGET_DIR:-$repo/target}/release/patrolsim
if [[ ! -x $bin ]]; then
    say "building $bin"
    cargo build --release --locked --bin patrolsim
fi
[[ -x $bin ]] || die "$bin was not built"
# sweep.sbatch and merge-shards.sh find target/release/patrolsim in the
# submission directory by themselves; set PATROLSIM only when that is not the
# binary they would take (another patrolsim on PATH, or CARGO_TARGET_DIR).
if command -v patrolsim >/dev/null 2>&1 || [[ $bin != "$repo/target/release/patrolsim" ]]; then
    export PATROLSIM=$bin
fi

# ---- the cluster -------------------------------------------------------------
tmp=$(mktemp -d /tmp/patrolsim-slurm.XXXXXX)
chmod 755 "$tmp"
node=$(hostname -s)
cpus=$(nproc)
mem_mb=$(($(sed -n 's/^MemTotal: *\([0-9]*\) kB/\1/p' /proc/meminfo) / 1024))
mkdir -p "$tmp"/{munge,state,spool,joblogs}
chmod 700 "$tmp/munge"
# Ports: $SLURM_TEST_PORT and the next, or a free random pair (another copy of
# this test may be running on the same machine).
listening() { (echo >"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port=${SLURM_TEST_PORT:-}
if [[ -z $port ]]; then
    for _ in $(seq 50); do
        port=$((20000 + RANDOM % 20000 * 2))
        listening "$port" || listening $((port + 1)) || break
    done
fi
export SLURM_CONF=$tmp/slurm.conf
cat >"$SLURM_CONF" <<EOF
# Written by scripts/test-slurm.sh: one node, no cgroups, everything under $tmp.
ClusterName=patrolsimtest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/munge/munge.socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
ReturnToService=2
MinJobAge=3600
KillWait=5
InactiveLimit=0
MailProg=/bin/true
NodeName=$node NodeAddr=127.0.0.1 CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
# sweep.sbatch asks for --mem=4G; on a smaller machine lower it the way a user
# would without touching the command line (sbatch's input variable).
if ((mem_mb < 4096)); then
    export SBATCH_MEM_PER_NODE=$((mem_mb / 2))M
    say "only $mem_mb MB of memory: SBATCH_MEM_PER_NODE=$SBATCH_MEM_PER_NODE overrides the script's --mem=4G"
fi
say "node $node: $cpus CPUs, $mem_mb MB; ports $port, $((port + 1)); config $SLURM_CONF"

# Wait until "$@" succeeds, at most $timeout_s seconds.
wait_for() {
    local what=$1
    shift
    local end=$((SECONDS + timeout_s))
    until "$@"; do
        ((SECONDS < end)) || die "timed out after ${timeout_s} s waiting for $what"
        sleep 0.25
    done
}
# A daemon must still be alive while we wait for it.
alive() { kill -0 "$1" 2>/dev/null || die "$2 (PID $1) exited; see its log below"; }

dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
munged --foreground --force --key-file="$tmp/munge/munge.key" --socket="$tmp/munge/munge.socket" \
    --pid-file="$tmp/munge/munged.pid" --log-file="$tmp/munged.log" --seed-file="$tmp/munge/seed" \
    >"$tmp/munged.stderr" 2>&1 &
pids+=($!)
munge_ok() { alive "${pids[0]}" munged && munge -n -S "$tmp/munge/munge.socket" 2>/dev/null | unmunge -S "$tmp/munge/munge.socket" >/dev/null 2>&1; }
wait_for munged munge_ok

slurmctld -D -f "$SLURM_CONF" >"$tmp/slurmctld.stderr" 2>&1 &
pids+=($!)
ctld_ok() { alive "${pids[1]}" slurmctld && scontrol ping 2>/dev/null | grep -q 'is UP'; }
wait_for slurmctld ctld_ok

slurmd -D -f "$SLURM_CONF" -N "$node" >"$tmp/slurmd.stderr" 2>&1 &
pids+=($!)
node_idle() {
    alive "${pids[2]}" slurmd
    local s
    s=$(sinfo -h -n "$node" -o %T 2>/dev/null) || return 1
    case $s in
    idle) return 0 ;;
    drain* | down*) die "node $node is $s: $(scontrol show node "$node" | grep -o 'Reason=.*')" ;;
    *) return 1 ;;
    esac
}
wait_for "node $node to be idle" node_idle
say "munged, slurmctld and slurmd up (PIDs ${pids[*]})"

# ---- helpers for jobs ----------------------------------------------------------
# Run an sbatch command line; the job id goes to $jid.
submit() {
    local out
    out=$("$@") || die "sbatch failed: $*"
    jid=${out##*Submitted batch job }
    [[ $jid =~ ^[0-9]+$ ]] || die "no job id in sbatch's answer: $out"
    jobs_submitted+=("$jid")
}
job_done() { [[ -z $(squeue -h -j "$1" -o %i 2>/dev/null || echo busy) ]]; }
wait_job() {
    wait_for "job $1" job_done "$1"
    mv -f "$repo"/slurm-patrolsim-sweep-"$1"_*.out "$tmp/joblogs/" 2>/dev/null || true
}
# "STATE EXITCODE" of array task $2 of job $1.
task_state() {
    scontrol -o show job "${1}_$2" 2>/dev/null | sed -n 's/.*JobState=\([^ ]*\).*ExitCode=\([^ ]*\).*/\1 \2/p'
}
expect_state() {
    local got
    got=$(task_state "$1" "$2")
    [[ $got == "$3" ]] || die "task ${1}_$2: expected '$3', got '$got'"
}
joblog() { cat "$tmp/joblogs/slurm-patrolsim-sweep-${1}_$2.out"; }
same_as_local() { # MERGED LOCAL
    local f
    for f in runs.csv summary.csv summary.json; do
        cmp "$1/$f" "$2/$f" || die "$f of the merged array differs from the local sweep ($1 vs $2)"
    done
}

# ---- 1. plan's line, run as printed, merged, compared --------------------------
sweep1=tests/fixtures/sweep-small.toml
plan=$("$bin" plan "$sweep1" --shards 3 --cores 1 --out-root "$tmp/r1")
line=$(sed -n 's/^slurm: //p' <<<"$plan")
[[ $line == "sbatch --array=0-2 --cpus-per-task=1 "* ]] || die "unexpected plan line: $line"
say "1. running plan's line: $line"
read -ra words <<<"$line"
submit "${words[@]}" && j1=$jid
# 2. Refusals, submitted alongside: an array from 1, and a binary that is not there.
submit sbatch --array=1-3 --cpus-per-task=1 scripts/sweep.sbatch "$sweep1" "$tmp/r-from1" && j_from1=$jid
submit env PATROLSIM="$tmp/no-such-patrolsim" sbatch --array=0-1 --cpus-per-task=1 \
    scripts/sweep.sbatch "$sweep1" "$tmp/r-nobin" && j_nobin=$jid
"$bin" sweep "$sweep1" --out "$tmp/local1" --jobs 1 >/dev/null 2>&1
wait_job "$j1"
wait_job "$j_from1"
wait_job "$j_nobin"
for t in 0 1 2; do expect_state "$j1" $t "COMPLETED 0:0"; done
joblog "$j1" 1 | grep -q "^shard 2/3 of $sweep1 -> $tmp/r1/shard-2 on 1 threads" ||
    die "task 1's log does not show shard 2/3 on 1 thread: $(joblog "$j1" 1)"
scripts/merge-shards.sh "$tmp/r1" >"$tmp/merge1.out"
same_as_local "$tmp/r1/merged" "$tmp/local1"
say "1. plan line, 3 tasks, merge: identical to the local sweep"

for t in 1 2 3; do
    expect_state "$j_from1" $t "FAILED 2:0"
    joblog "$j_from1" $t | grep -q "must be numbered 0-2" || die "array from 1: no message in task $t's log"
done
[[ ! -e $tmp/r-from1 ]] || die "an array numbered from 1 wrote $tmp/r-from1"
for t in 0 1; do
    expect_state "$j_nobin" $t "FAILED 2:0"
    joblog "$j_nobin" $t | grep -q "set PATROLSIM" || die "missing binary: no message in task $t's log"
done
[[ ! -e $tmp/r-nobin ]] || die "a missing binary wrote $tmp/r-nobin"
PATROLSIM=$tmp/no-such-patrolsim scripts/merge-shards.sh "$tmp/r1" 2>"$tmp/nobin-merge.err" && die "merge-shards.sh ran without a binary"
grep -q "set PATROLSIM" "$tmp/nobin-merge.err" || die "merge-shards.sh without a binary: $(cat "$tmp/nobin-merge.err")"
say "2. array from 1 and missing binary: refused with exit 2, nothing written"

# ---- 3. cancel one task while it runs, resubmit it alone, merge, compare -------
sweep2=$tmp/sweep-cancel.toml
cat >"$sweep2" <<EOF
[sweep]
scenario = "$repo/scenarios/county.toml"
replications = 6
seed = 7
set = ["scenario.horizon_days=365"]

[grid]
"deployment.patrol_share" = [0.3, 0.6, 0.9, 1.0]
EOF
submit sbatch --array=0-2 --cpus-per-task=1 scripts/sweep.sbatch "$sweep2" "$tmp/r2" && j2=$jid
runs_of() { find "$1/runs" -maxdepth 1 -name '*.json' 2>/dev/null | wc -l; }
caught() {
    local s
    s=$(task_state "$j2" 1)
    [[ $s == RUNNING* && $(runs_of "$tmp/r2/shard-2") -ge 1 ]] && return 0
    [[ -n $s && $s != PENDING* && $s != RUNNING* ]] # finished before it was caught
}
wait_for "task 1 of job $j2 to run" caught
scancel "${j2}_1"
wait_job "$j2"
state=$(task_state "$j2" 1)
if [[ $state == CANCELLED* ]]; then
    cancelled=$(runs_of "$tmp/r2/shard-2")
    say "3. cancelled task ${j2}_1 after $cancelled of its 8 runs"
    ((cancelled < 8)) || die "task ${j2}_1 was cancelled but had finished all 8 runs"
else
    # It finished before scancel reached it: lose runs by hand instead.
    expect_state "$j2" 1 "COMPLETED 0:0"
    find "$tmp/r2/shard-2/runs" -name '*.json' | sort | tail -n 5 | xargs rm -f
    cancelled=$(runs_of "$tmp/r2/shard-2")
    say "3. task ${j2}_1 finished before scancel; deleted 5 of its 8 runs instead"
fi
expect_state "$j2" 0 "COMPLETED 0:0"
expect_state "$j2" 2 "COMPLETED 0:0"
if scripts/merge-shards.sh "$tmp/r2" 2>"$tmp/merge-incomplete.err"; then
    die "merge-shards.sh accepted an array with a cancelled task"
else
    rc=$?
fi
((rc == 2)) || die "merge of an incomplete array exited $rc, not 2: $(cat "$tmp/merge-incomplete.err")"
grep -q missing "$tmp/merge-incomplete.err" || die "merge does not say runs are missing: $(cat "$tmp/merge-incomplete.err")"
[[ ! -e $tmp/r2/merged/summary.csv ]] || die "a refused merge wrote $tmp/r2/merged/summary.csv"
# As docs/cluster.md says: SHARDS=3 sbatch --array=1 ... (env: submit is a function)
submit env SHARDS=3 sbatch --array=1 --cpus-per-task=1 scripts/sweep.sbatch "$sweep2" "$tmp/r2" && j3=$jid
"$bin" sweep "$sweep2" --out "$tmp/local2" --jobs "$cpus" >/dev/null 2>&1
wait_job "$j3"
expect_state "$j3" 1 "COMPLETED 0:0"
joblog "$j3" 1 | grep -q "^shard 2/3 of " || die "the resubmitted task did not run shard 2/3: $(joblog "$j3" 1)"
if ((cancelled > 0)); then
    joblog "$j3" 1 | grep -q "resume: $cancelled of 8 runs already done" ||
        die "the resubmitted task did not resume from $cancelled runs: $(joblog "$j3" 1)"
fi
scripts/merge-shards.sh "$tmp/r2" >"$tmp/merge2.out"
same_as_local "$tmp/r2/merged" "$tmp/local2"
say "3. resubmitted task ${j3}_1 resumed; merge identical to the local sweep"

say "PASSED in $((SECONDS - started)) s"
