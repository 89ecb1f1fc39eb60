#!/bin/sh
# ipsec-down.sh for host gb (203.0.113.1), written by ipsec-wizard 0.1.0 on 2026-11-28.
# Choices: tunnel mode, ESP, rijndael-cbc 256-bit, hmac-sha512 (ICV 256 bits), level require, upper protocol any.
# Run as root: sh ipsec-down.sh. Removes exactly what ipsec-up.sh added, nothing else.

ip xfrm policy delete src 10.2.0.0/16 dst 10.1.0.0/16 dir out 2>/dev/null || true
ip xfrm policy delete src 10.1.0.0/16 dst 10.2.0.0/16 dir in 2>/dev/null || true
ip xfrm policy delete src 10.1.0.0/16 dst 10.2.0.0/16 dir fwd 2>/dev/null || true
ip xfrm policy delete src 10.2.0.0/16 dst 10.3.0.0/24 dir out 2>/dev/null || true
ip xfrm policy delete src 10.3.0.0/24 dst 10.2.0.0/16 dir in 2>/dev/null || true
ip xfrm policy delete src 10.3.0.0/24 dst 10.2.0.0/16 dir fwd 2>/dev/null || true
ip xfrm state delete src 198.51.100.1 dst 203.0.113.1 proto esp spi 0x201 2>/dev/null || true
ip xfrm state delete src 203.0.113.1 dst 198.51.100.1 proto esp spi 0x301 2>/dev/null || true

echo "ipsec-wizard: IPsec entries for gb removed."
