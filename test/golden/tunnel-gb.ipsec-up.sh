#!/bin/sh
# ipsec-up.sh for host gb (203.0.113.1), written by ipsec-wizard 0.1.0 on 2026-11-28.
# Choices: tunnel mode, ESP, rijndael-cbc 256-bit, hmac-sha512 (ICV 256 bits), level require, upper protocol any.
# SECRET: this file holds the link keys. Keep it readable by root only (chmod 600).
# Run as root: sh ipsec-up.sh    (undo with ipsec-down.sh)
set -eu

# Remove what an earlier run left, so the script can be run again.
ip xfrm policy delete src 10.2.0.0/16 dst 10.1.0.0/16 dir out 2>/dev/null || true
ip xfrm policy delete src 10.1.0.0/16 dst 10.2.0.0/16 dir in 2>/dev/null || true
ip xfrm policy delete src 10.1.0.0/16 dst 10.2.0.0/16 dir fwd 2>/dev/null || true
ip xfrm policy delete src 10.2.0.0/16 dst 10.3.0.0/24 dir out 2>/dev/null || true
ip xfrm policy delete src 10.3.0.0/24 dst 10.2.0.0/16 dir in 2>/dev/null || true
ip xfrm policy delete src 10.3.0.0/24 dst 10.2.0.0/16 dir fwd 2>/dev/null || true
ip xfrm state delete src 198.51.100.1 dst 203.0.113.1 proto esp spi 0x201 2>/dev/null || true
ip xfrm state delete src 203.0.113.1 dst 198.51.100.1 proto esp spi 0x301 2>/dev/null || true

# Security associations (the SAD): one per direction and protocol
ip xfrm state add src 198.51.100.1 dst 203.0.113.1 proto esp spi 0x201 mode tunnel enc 'cbc(aes)' 0x1111111111111111111111111111111111111111111111111111111111111111 auth-trunc 'hmac(sha512)' 0x22222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222222 256
ip xfrm state add src 203.0.113.1 dst 198.51.100.1 proto esp spi 0x301 mode tunnel enc 'cbc(aes)' 0x3333333333333333333333333333333333333333333333333333333333333333 auth-trunc 'hmac(sha512)' 0x44444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444444 256

# Security policies (the SPD): each subnet pair out, in, and fwd (ip xfrm does not add fwd)
ip xfrm policy add src 10.2.0.0/16 dst 10.1.0.0/16 dir out tmpl src 203.0.113.1 dst 198.51.100.1 proto esp mode tunnel level required
ip xfrm policy add src 10.1.0.0/16 dst 10.2.0.0/16 dir in tmpl src 198.51.100.1 dst 203.0.113.1 proto esp mode tunnel level required
ip xfrm policy add src 10.1.0.0/16 dst 10.2.0.0/16 dir fwd tmpl src 198.51.100.1 dst 203.0.113.1 proto esp mode tunnel level required
ip xfrm policy add src 10.2.0.0/16 dst 10.3.0.0/24 dir out tmpl src 203.0.113.1 dst 198.51.100.1 proto esp mode tunnel level required
ip xfrm policy add src 10.3.0.0/24 dst 10.2.0.0/16 dir in tmpl src 198.51.100.1 dst 203.0.113.1 proto esp mode tunnel level required
ip xfrm policy add src 10.3.0.0/24 dst 10.2.0.0/16 dir fwd tmpl src 198.51.100.1 dst 203.0.113.1 proto esp mode tunnel level required

# Gateway gb carries 10.2.0.0/16 to 10.1.0.0/16 10.3.0.0/24 through the tunnel.
# It forwards packets, so enable forwarding: sysctl -w net.ipv4.ip_forward=1
# and it needs a route to 10.1.0.0/16 10.3.0.0/24 (a default route will do) for packets to reach the tunnel.
if [ "$(cat /proc/sys/net/ipv4/ip_forward 2>/dev/null)" != 1 ]; then
  echo "ipsec-wizard: warning: forwarding is off on gb; the subnets stay apart until: sysctl -w net.ipv4.ip_forward=1" >&2
fi
ip route get 10.1.0.0 >/dev/null 2>&1 || echo "ipsec-wizard: warning: gb has no route to 10.1.0.0/16; add one (a default route will do)." >&2
ip route get 10.3.0.0 >/dev/null 2>&1 || echo "ipsec-wizard: warning: gb has no route to 10.3.0.0/24; add one (a default route will do)." >&2

echo "ipsec-wizard: 2 SAs and 6 policies installed on gb."
