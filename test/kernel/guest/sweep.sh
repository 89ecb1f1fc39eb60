#!/bin/bash
# Many links over one pair of hosts, one after the other: both sides up, a ping (request one way,
# reply the other), the per-SA counters, both sides down. $1/variants/NAME/HOST/ipsec-*.sh.
dir=$1
source "$dir/case.env"
source /shared/guest/topology.sh
A=${HOSTS[0]}
B=${HOSTS[1]}
build_topology
for variant in "$dir"/variants/*; do
  v=${variant##*/}
  phase "$v"
  in_host "$A" "run,$v.up,$variant/$A/ipsec-up.sh"
  in_host "$B" "run,$v.up,$variant/$B/ipsec-up.sh" "ping,$v,$A,${ADDR[$A]},1,2" "sas,$v" \
    "run,$v.down,$variant/$B/ipsec-down.sh"
  in_host "$A" "sas,$v" "run,$v.down,$variant/$A/ipsec-down.sh" "empty,$v"
done
phase end
ip -all netns delete
exit 0
