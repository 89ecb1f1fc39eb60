#!/bin/bash
# Many links at once over one pair of hosts (the key-length sweep): variant i has its own address
# pair on the same wire. Every variant's generated ipsec-up.sh is applied on both hosts, then b
# pings a from each variant's address (request one way, reply the other) and a lists its per-SA
# counters. $1/variants.txt: "NAME ADDRESS-OF-A ADDRESS-OF-B" per line.
dir=$1
source "$dir/case.env"
source /shared/guest/topology.sh
phase setup
build_topology
ip -n a -batch "$dir/a.batch"
ip -n b -batch "$dir/b.batch"
up_a=()
up_b=()
pings=()
while read -r name address_a address_b; do
  up_a+=("run,$name.up,$dir/variants/$name/a/ipsec-up.sh")
  up_b+=("run,$name.up,$dir/variants/$name/b/ipsec-up.sh")
  pings+=("ping,$name,a,$address_a,1,2,$address_b")
done < "$dir/variants.txt"
phase up
in_host a "${up_a[@]}"
in_host b "${up_b[@]}"
phase ping
in_host b "${pings[@]}"
phase check
in_host a sas,all flush,all empty,all
in_host b flush,all empty,all
phase end
ip -all netns delete
exit 0
