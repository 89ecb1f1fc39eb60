#!/bin/bash
# Asks the kernel for every algorithm in $1/algorithms.txt ("id proto xfrm-name bits key" per line)
# by adding one SA with it in a scratch namespace; prints "@probe.ID rc" and the kernel's answer.
dir=$1
ip netns add probe
ip netns exec probe bash -c '
  spi=4096
  while read -r id proto name bits key; do
    spi=$((spi + 1))
    if [ "$proto" = ah ]; then
      out=$(ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto ah spi $spi mode transport \
        auth-trunc "$name" "0x$key" 96 2>&1)
    else
      out=$(ip xfrm state add src 192.0.2.1 dst 192.0.2.2 proto esp spi $spi mode transport \
        enc "$name" "${key:+0x$key}" 2>&1)
    fi
    echo "@probe.$id $?"
    echo ">>> probe.$id"
    printf "%s\n" "$out"
    echo "<<< probe.$id"
  done < "'"$dir"'/algorithms.txt"
  ip xfrm state flush
'
ip netns delete probe
exit 0
