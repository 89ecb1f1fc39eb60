#!/bin/bash
# Tunnel mode between two sites: four namespaces, a machine behind each gateway, and the two
# gateways joined through a bridge in the guest's own namespace (the "wan"). The machines reach
# each other only through the gateways. The capture listens on that bridge, outside both gateways:
# a capture inside the receiving gateway would also show the packets it has just decapsulated,
# which Linux hands back to the same interface, although they never crossed the wire in clear.
# Every neighbour is permanent, so no ARP or neighbour discovery races the first ping.
# $1 is the case directory: tunnel.env, hosts/GW/ipsec-{up,down}.sh for both gateways.
dir=$1
source "$dir/tunnel.env"
source /shared/guest/topology.sh

# tunnel.env gives: FAMILY; GW_A GW_B (names); WAN_A WAN_B (gateway addresses); LAN_A LAN_B
# (gateway inside addresses), NET_A NET_B (prefix lengths of the subnets), HOST_A HOST_B (the
# machines' addresses); MAC_WAN_A MAC_WAN_B MAC_LAN_GA MAC_LAN_GB MAC_HA MAC_HB.
plen=32 v=-4 forwarding=net/ipv4/ip_forward nodad=
if [ "$FAMILY" = ipv6 ]; then
  plen=128 v=-6 forwarding=net/ipv6/conf/all/forwarding nodad=nodad
fi
HA=ha HB=hb

set_forwarding() { # set_forwarding GW 0|1
  ip netns exec "$1" bash -c "echo $2 > /proc/sys/$forwarding"
}

build_sites() {
  ip -all netns delete 2> /dev/null
  ip link del brwan 2> /dev/null
  for ns in "$HA" "$GW_A" "$GW_B" "$HB"; do
    ip netns add "$ns"
    ip -n "$ns" link set lo up
  done
  ip link add brwan type bridge
  ip link set brwan addrgenmode none 2> /dev/null
  ip link set brwan up
  wan_port "$GW_A" wan-a "$MAC_WAN_A"
  wan_port "$GW_B" wan-b "$MAC_WAN_B"
  # Each site's lan: the machine and its gateway, one veth pair.
  ip link add lan-ha address "$MAC_HA" type veth peer name lan-ga address "$MAC_LAN_GA"
  ip link set lan-ha netns "$HA"
  ip link set lan-ga netns "$GW_A"
  ip link add lan-hb address "$MAC_HB" type veth peer name lan-gb address "$MAC_LAN_GB"
  ip link set lan-hb netns "$HB"
  ip link set lan-gb netns "$GW_B"
  site "$GW_A" wan-a "$WAN_A" "$WAN_B" "$MAC_WAN_B" lan-ga "$LAN_A/$NET_A" "$NET_B_CIDR" "$HOST_A" "$MAC_HA"
  site "$GW_B" wan-b "$WAN_B" "$WAN_A" "$MAC_WAN_A" lan-gb "$LAN_B/$NET_B" "$NET_A_CIDR" "$HOST_B" "$MAC_HB"
  machine "$HA" lan-ha "$HOST_A/$NET_A" "$LAN_A" "$MAC_LAN_GA"
  machine "$HB" lan-hb "$HOST_B/$NET_B" "$LAN_B" "$MAC_LAN_GB"
}

wan_port() { # wan_port GW IF MAC: the gateway's wan interface, its other end on the bridge
  ip link add "$2" address "$3" type veth peer name "p-$2"
  ip link set "p-$2" addrgenmode none 2> /dev/null
  ip link set "p-$2" master brwan
  ip link set "p-$2" up
  ip link set "$2" netns "$1"
}

site() { # site GW WAN_IF WAN_ADDR PEER_WAN PEER_MAC LAN_IF LAN_CIDR FAR_CIDR MACHINE MACHINE_MAC
  local gw=$1 wan=$2 addr=$3 peer=$4 mac=$5 lan=$6 lancidr=$7 far=$8
  for link in "$wan" "$lan"; do
    ip -n "$gw" link set "$link" addrgenmode none 2> /dev/null
    ip -n "$gw" link set "$link" up
  done
  ip -n "$gw" addr add "$addr/$plen" dev "$wan" $nodad
  ip -n "$gw" route add "$peer/$plen" dev "$wan"
  ip -n "$gw" neigh replace "$peer" lladdr "$mac" dev "$wan" nud permanent
  ip -n "$gw" addr add "$lancidr" dev "$lan" $nodad
  ip -n "$gw" neigh replace "$9" lladdr "${10}" dev "$lan" nud permanent
  # The far site lies beyond the other gateway.
  ip "$v" -n "$gw" route add "$far" via "$peer" dev "$wan"
}

machine() { # machine NS IF CIDR GATEWAY GATEWAY_MAC
  ip -n "$1" link set "$2" addrgenmode none 2> /dev/null
  ip -n "$1" link set "$2" up
  ip -n "$1" addr add "$3" dev "$2" $nodad
  ip -n "$1" neigh replace "$4" lladdr "$5" dev "$2" nud permanent
  ip "$v" -n "$1" route add default via "$4" dev "$2"
}

capture_wan() {
  : > /tmp/capture.txt
  : > /tmp/capture.err
  tcpdump -i brwan -nn -t -l --immediate-mode -Z root 'ip or ip6' \
    > /tmp/capture.txt 2> /tmp/capture.err &
  capture_pid=$!
  local tries=0
  until [[ $(< /tmp/capture.err) == *"listening on"* ]] || ((tries++ > 200)); do
    read -r -t 0.02 -u 3 _
  done
}

# Like stop_capture, under another block name: the plain phase has its own capture.
stop_capture_as() {
  kill -TERM "$capture_pid"
  wait "$capture_pid"
  echo ">>> $1"
  cat /tmp/capture.txt
  echo "<<< $1"
}

both_ways() { # both_ways LABEL COUNT WAIT
  in_host "$HA" "ping,$1,$HB,$HOST_B,$2,$3"
  in_host "$HB" "ping,$1,$HA,$HOST_A,$2,$3"
}

up() { in_host "$1" "run,$2,$dir/hosts/$1/ipsec-up.sh"; }
down() { in_host "$1" "run,$2,$dir/hosts/$1/ipsec-down.sh" "empty,$2"; }

phase setup
build_sites

# With forwarding off, ipsec-up.sh must say so (it never turns it on by itself).
phase warn
up "$GW_A" warn
emit "warn.forwarding.$GW_A" "$(ip netns exec "$GW_A" cat /proc/sys/$forwarding)"
down "$GW_A" warndown
set_forwarding "$GW_A" 1
set_forwarding "$GW_B" 1
up "$GW_A" warn2
down "$GW_A" warn2down

phase plain
capture_wan
both_ways plain 1 2
stop_capture_as plaincapture

phase up
capture_wan
up "$GW_A" up
up "$GW_B" up
both_ways up 2 2
in_host "$GW_A" sas,up
in_host "$GW_B" sas,up
stop_capture

# gb drops its side: nothing passes in either direction, and ga's fwd policy turns away the
# plain packets gb now forwards.
phase oneside
down "$GW_B" onedown
in_host "$GW_A" stat,one0
both_ways one 1 1
in_host "$GW_A" stat,one1

phase down
down "$GW_A" down
both_ways down 1 2

phase end
ip -all netns delete
ip link del brwan 2> /dev/null
exit 0
