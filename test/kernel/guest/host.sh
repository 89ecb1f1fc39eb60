#!/bin/sh
# Runs inside one host's network namespace (ip netns exec HOST sh host.sh HOST STEP...), so a whole
# phase costs one namespace switch; plain sh because it starts several times faster than bash in
# the guest. Each step is "verb,label[,args]"; results are printed as "@key value" lines and
# ">>> key" ... "<<< key" blocks for the test to parse.
host=$1
shift
scratch=/tmp/host-$host.$$
block() {
  echo ">>> $1"
  cat
  echo "<<< $1"
}
# Key material is blanked before any listing leaves the guest.
hide_keys() { sed -E 's/0x[0-9a-f]{16,}/<key>/g'; }
set -f
for step in "$@"; do
  IFS=,
  # shellcheck disable=SC2086 # split on commas on purpose
  set -- $step
  unset IFS
  verb=$1 label=$2 a=${3:-} b=${4:-} c=${5:-} d=${6:-}
  case $verb in
    run) # run,label,script: apply a generated file the way its header says (sh FILE)
      sh "$a" > "$scratch" 2>&1
      rc=$?
      block "$label.out.$host" < "$scratch"
      echo "@$label.rc.$host $rc"
      ;;
    ping) # ping,label,peer,address,count,wait[,source]
      if [ -n "${7:-}" ]; then
        ping -q -c "$c" -i 0.2 -W "$d" -I "$7" "$b" > /dev/null 2>&1
      else
        ping -q -c "$c" -i 0.2 -W "$d" "$b" > /dev/null 2>&1
      fi
      echo "@$label.ping.$host.$a $?"
      ;;
    stat) # stat,label: the namespace's XFRM error counters
      block "$label.xfrm_stat.$host" < /proc/net/xfrm_stat
      ;;
    sas) # sas,label: per-SA counters
      ip -s xfrm state 2>&1 | hide_keys | block "$label.sas.$host"
      ;;
    empty) # empty,label: what is left in the SAD and SPD
      ip xfrm state 2>&1 | hide_keys | block "$label.state.$host"
      ip xfrm policy 2>&1 | block "$label.policy.$host"
      ;;
    flush) # flush,label: empty the SAD and SPD without the generated down script
      ip xfrm state flush && ip xfrm policy flush
      echo "@$label.flush.$host $?"
      ;;
    *)
      echo "@error.$host unknown step $step"
      ;;
  esac
done
rm -f "$scratch"
