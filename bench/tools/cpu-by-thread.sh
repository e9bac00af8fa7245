#!/usr/bin/env bash
# Where a process's CPU goes: CPU seconds per thread name over a window, from /proc (no agent, no
# safepoint bias). Thread names ending in digits are summed (http-nio-8080-exec-12 -> http-nio-8080-exec-).
#   bash bench/tools/cpu-by-thread.sh PID [SECONDS]
set -euo pipefail
pid=$1; secs=${2:-30}
hz=$(getconf CLK_TCK)
snapshot() { # tid name ticks, for each thread
  for t in /proc/"$pid"/task/*; do
    # comm may hold spaces: the fields after ") " are fixed
    stat=$(cat "$t/stat" 2>/dev/null) || continue
    name=$(cat "$t/comm" 2>/dev/null | tr ' ' '_')
    rest=${stat##*) }
    set -- $rest
    echo "${t##*/} $name $(( ${12} + ${13} ))"
  done
}
before=$(snapshot); sleep "$secs"; after=$(snapshot)
join -a2 <(echo "$before" | sort) <(echo "$after" | sort) | awk -v hz="$hz" -v secs="$secs" '
  { name=$2; sub(/[0-9]+$/, "", name); used = (NF >= 5 ? $5 - $3 : $3) ; cpu[name] += used; total += used }
  END { for (n in cpu) if (cpu[n] > 0) printf "%8.2f s  %5.1f %%  %s\n", cpu[n]/hz, 100*cpu[n]/hz/secs, n;
        printf "%8.2f s  %5.1f %%  (all threads, %% of one core over %d s)\n", total/hz, 100*total/hz/secs, secs }' | sort -rn
