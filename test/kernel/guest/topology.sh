#!/bin/bash
# Sourced by the case scripts: builds the hosts of a case as network namespaces, two joined by one
# veth pair or more on a bridge, each with its plan address, a host route to every peer and a
# permanent neighbour entry (no ARP or neighbour discovery on the wire, so a capture shows only the
# test's own traffic).
GUEST=/shared/guest
emit() { echo "@$1 ${*:2}"; }
in_host() {
  local host=$1
  shift
  ip netns exec "$host" sh "$GUEST/host.sh" "$host" "$@"
}

build_topology() {
  ip -all netns delete 2> /dev/null
  ip link del br0 2> /dev/null
  local plen=32
  [ "$FAMILY" = ipv6 ] && plen=128
  for h in "${HOSTS[@]}"; do
    ip netns add "$h"
    ip -n "$h" link set lo up
  done
  if [ "$TOPOLOGY" = pair ]; then
    local a=${HOSTS[0]} b=${HOSTS[1]}
    ip link add "v-$a" address "${MAC[$a]}" type veth peer name "v-$b" address "${MAC[$b]}"
    ip link set "v-$a" netns "$a"
    ip link set "v-$b" netns "$b"
  else
    ip link add br0 type bridge
    ip link set br0 addrgenmode none 2> /dev/null
    ip link set br0 up
    for h in "${HOSTS[@]}"; do
      ip link add "v-$h" address "${MAC[$h]}" type veth peer name "p-$h"
      ip link set "p-$h" addrgenmode none 2> /dev/null
      ip link set "p-$h" master br0
      ip link set "p-$h" up
      ip link set "v-$h" netns "$h"
    done
  fi
  for h in "${HOSTS[@]}"; do
    ip -n "$h" link set "v-$h" name wire
    ip -n "$h" link set wire addrgenmode none 2> /dev/null
    ip -n "$h" link set wire up
    if [ "$FAMILY" = ipv6 ]; then
      ip -n "$h" addr add "${ADDR[$h]}/$plen" dev wire nodad
    else
      ip -n "$h" addr add "${ADDR[$h]}/$plen" dev wire
    fi
    for p in "${HOSTS[@]}"; do
      [ "$p" = "$h" ] && continue
      ip -n "$h" route add "${ADDR[$p]}/$plen" dev wire
      ip -n "$h" neigh replace "${ADDR[$p]}" lladdr "${MAC[$p]}" dev wire nud permanent
    done
  done
}

# A capture on the wire between the hosts: inside the second host for a pair, on the bridge otherwise.
start_capture() {
  : > /tmp/capture.txt
  : > /tmp/capture.err
  if [ "$TOPOLOGY" = pair ]; then
    ip netns exec "${HOSTS[1]}" tcpdump -i wire -nn -t -l --immediate-mode -Z root 'ip or ip6' \
      > /tmp/capture.txt 2> /tmp/capture.err &
  else
    tcpdump -i br0 -nn -t -l --immediate-mode -Z root 'ip or ip6' \
      > /tmp/capture.txt 2> /tmp/capture.err &
  fi
  capture_pid=$!
  local tries=0
  until [[ $(< /tmp/capture.err) == *"listening on"* ]] || ((tries++ > 750)); do
    read -r -t 0.02 -u 3 _
  done
}

stop_capture() {
  # tcpdump writes its last lines and statistics on SIGTERM.
  kill -TERM "$capture_pid"
  wait "$capture_pid"
  echo ">>> capture"
  cat /tmp/capture.txt
  echo "<<< capture"
  echo ">>> capture.err"
  cat /tmp/capture.err
  echo "<<< capture.err"
}

phase() { emit "phase.$1" "$EPOCHREALTIME"; }
exec 3<> /run/idle
