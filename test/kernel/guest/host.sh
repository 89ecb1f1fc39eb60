#!/bin/bash
# Runs inside one host's network namespace (ip netns exec HOST bash host.sh HOST STEP...), so a
# whole phase costs one namespace switch. Each step is "verb,label[,args]"; results are printed as
# "@key value" lines and ">>> key" ... "<<< key" blocks for the test to parse.
host=$1
shift
block() {
  echo ">>> $1"
  cat
  echo "<<< $1"
}
for step in "$@"; do
  IFS=, read -r verb label a b c d <<< "$step"
  case $verb in
    run) # run,label,script: apply a generated file the way its header says (sh FILE)
      out=$(sh "$a" 2>&1)
      rc=$?
      printf '%s\n' "$out" | block "$label.out.$host"
      echo "@$label.rc.$host $rc"
      ;;
    ping) # ping,label,peer,address,count,wait
      ping -q -c "$c" -i 0.2 -W "$d" "$b" > /dev/null 2>&1
      echo "@$label.ping.$host.$a $?"
      ;;
    stat) # stat,label: the namespace's XFRM error counters
      block "$label.xfrm_stat.$host" < /proc/net/xfrm_stat
      ;;
    sas) # sas,label: per-SA counters; key material is blanked before it leaves the guest
      ip -s xfrm state 2>&1 | sed -E 's/0x[0-9a-f]{16,}/<key>/g' | block "$label.sas.$host"
      ;;
    empty) # empty,label: what is left in the SAD and SPD
      ip xfrm state 2>&1 | sed -E 's/0x[0-9a-f]{16,}/<key>/g' | block "$label.state.$host"
      ip xfrm policy 2>&1 | block "$label.policy.$host"
      ;;
    *)
      echo "@error.$host unknown step $step"
      ;;
  esac
done
