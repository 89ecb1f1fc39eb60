#!/bin/bash
# One full case: plain ping, both sides up, one side only, down, and a wrong key.
# $1 is the case directory: case.env, hosts/NAME/ipsec-{up,down}.sh, wrong/NAME/ipsec-up.sh.
dir=$1
source "$dir/case.env"
source /shared/guest/topology.sh
A=${HOSTS[0]}
V=${HOSTS[1]}

pings() { # pings LABEL COUNT WAIT [HOST...]: every listed host pings every other host
  local label=$1 count=$2 wait=$3
  shift 3
  local from=("$@")
  [ ${#from[@]} -eq 0 ] && from=("${HOSTS[@]}")
  for h in "${from[@]}"; do
    local steps=()
    for p in "${HOSTS[@]}"; do
      [ "$p" = "$h" ] || steps+=("ping,$label,$p,${ADDR[$p]},$count,$wait")
    done
    in_host "$h" "${steps[@]}"
  done
}

phase setup
build_topology

phase plain
pings plain 1 2

phase up
start_capture
for h in "${HOSTS[@]}"; do in_host "$h" "run,up,$dir/hosts/$h/ipsec-up.sh"; done
pings up 2 2
for h in "${HOSTS[@]}"; do in_host "$h" sas,up stat,up; done
stop_capture

phase down
for h in "${HOSTS[@]}"; do in_host "$h" "run,down,$dir/hosts/$h/ipsec-down.sh" empty,down; done
pings down 1 2

phase oneside
in_host "$A" "run,oneup,$dir/hosts/$A/ipsec-up.sh" stat,one0
for p in "${HOSTS[@]:1}"; do in_host "$p" stat,one0; done
pings oneout 1 0.5 "$A"
for p in "${HOSTS[@]:1}"; do in_host "$p" stat,one1 "ping,onein,$A,${ADDR[$A]},1,0.5" stat,one2; done
in_host "$A" stat,one2 "run,onedown,$dir/hosts/$A/ipsec-down.sh" empty,onedown

phase wrongkey
for h in "${HOSTS[@]}"; do
  up=$dir/hosts/$h/ipsec-up.sh
  [ "$h" = "$V" ] && up=$dir/wrong/$h/ipsec-up.sh
  in_host "$h" "run,wkup,$up"
done
in_host "$V" stat,wk0
steps=("ping,wk,$V,${ADDR[$V]},1,0.5")
for p in "${HOSTS[@]:2}"; do steps+=("ping,wk,$p,${ADDR[$p]},1,2"); done
in_host "$A" "${steps[@]}"
in_host "$V" stat,wk1
for h in "${HOSTS[@]}"; do in_host "$h" "run,wkdown,$dir/hosts/$h/ipsec-down.sh" empty,wkdown; done

phase end
ip -all netns delete
ip link del br0 2> /dev/null
exit 0
