#!/usr/bin/env bash
# Generates the token model, compiles spin's verifier and runs it (CTest's
# model.token_life.*; docs/store.md, "Model").
#
#   run_model.sh GENERATOR HARNESS WORKDIR safety|liveness INSTANCES pass|violation [MUTATION]
#
# `pass`: the search must be complete with no error. `violation`: the model
# was generated wrong on purpose (MUTATION) and spin must find the error,
# which proves the check can fail.
set -euo pipefail
gen=$1 harness=$2 work=$3 mode=$4 instances=$5 expect=$6 mutation=${7:-}

rm -rf "$work" && mkdir -p "$work" && cd "$work"
"$gen" "$harness" token_life.pml $mutation

defines=(-DINSTANCES="$instances")
pan_args=(-m2000000)
cc_args=(-O2 -w -DNFAIR=3)
if [[ $mode == liveness ]]; then
  defines+=(-DLIVENESS)
  pan_args+=(-a -f)  # acceptance cycles under weak fairness
else
  cc_args+=(-DSAFETY)
fi
spin "${defines[@]}" -a token_life.pml >spin.log
gcc "${cc_args[@]}" -o pan pan.c
start=$EPOCHREALTIME
./pan "${pan_args[@]}" >pan.log 2>&1 || true
end=$EPOCHREALTIME

grep -E 'errors:|states, stored|transitions|assertion violated|acceptance cycle' pan.log || true
awk -v m="$mode" -v n="$instances" -v s="$start" -v e="$end" \
  'BEGIN { printf "spin %s, %s instances: %.1f s\n", m, n, e - s }'

errors=$(sed -n 's/.*errors: \([0-9]*\).*/\1/p' pan.log)
[[ -n $errors ]] || { echo "no result from pan:"; cat pan.log; exit 1; }
if [[ $expect == violation ]]; then
  ((errors > 0)) || { echo "FAIL: spin found no error in the broken model ($mutation)"; exit 1; }
  echo "ok: the broken model ($mutation) is rejected"
  exit 0
fi
if ((errors > 0)); then
  echo "FAIL: spin found an error; trail:"
  spin "${defines[@]}" -t -p -g token_life.pml | tail -60
  exit 1
fi
# An incomplete search proves nothing.
if grep -qE 'max search depth too small|reached -DMEMLIM|out of memory' pan.log; then
  echo "FAIL: the search was not exhaustive"; cat pan.log; exit 1
fi
echo "ok"
