#!/bin/sh
# ipsec-up.sh for host b (192.168.2.100), written by ipsec-wizard 0.1.0 on 2026-11-28.
# Choices: transport mode, AH+ESP, rijndael-cbc 192-bit, hmac-sha1 (ICV 96 bits), level require, upper protocol any.
# SECRET: this file holds the link keys. Keep it readable by root only (chmod 600).
# Run as root: sh ipsec-up.sh    (undo with ipsec-down.sh)
set -eu

# Remove what an earlier run left, so the script can be run again.
ip xfrm policy delete src 192.168.2.100/32 dst 192.168.1.100/32 dir out 2>/dev/null || true
ip xfrm policy delete src 192.168.1.100/32 dst 192.168.2.100/32 dir in 2>/dev/null || true
ip xfrm state delete src 192.168.1.100 dst 192.168.2.100 proto ah spi 0x200 2>/dev/null || true
ip xfrm state delete src 192.168.1.100 dst 192.168.2.100 proto esp spi 0x201 2>/dev/null || true
ip xfrm state delete src 192.168.2.100 dst 192.168.1.100 proto ah spi 0x300 2>/dev/null || true
ip xfrm state delete src 192.168.2.100 dst 192.168.1.100 proto esp spi 0x301 2>/dev/null || true

# Security associations (the SAD): one per direction and protocol
ip xfrm state add src 192.168.1.100 dst 192.168.2.100 proto ah spi 0x200 mode transport auth-trunc 'hmac(sha1)' 0x46915c30ed7e2465b42861b6ab19f2772813020c 96
ip xfrm state add src 192.168.1.100 dst 192.168.2.100 proto esp spi 0x201 mode transport enc 'cbc(aes)' 0xa3993b3dfc41ef0a1aa8d168a8bf2c27e48249ac17b61e09
ip xfrm state add src 192.168.2.100 dst 192.168.1.100 proto ah spi 0x300 mode transport auth-trunc 'hmac(sha1)' 0xc4dac594f8228e0b94a54758f7fbf2fdf4e37f3e 96
ip xfrm state add src 192.168.2.100 dst 192.168.1.100 proto esp spi 0x301 mode transport enc 'cbc(aes)' 0x8f6498928ba354bd45cfad147f54c67b3b742896b3bafc02

# Security policies (the SPD): outbound traffic to each peer and inbound from it
ip xfrm policy add src 192.168.2.100/32 dst 192.168.1.100/32 dir out tmpl proto esp mode transport level required tmpl proto ah mode transport level required
ip xfrm policy add src 192.168.1.100/32 dst 192.168.2.100/32 dir in tmpl proto esp mode transport level required tmpl proto ah mode transport level required

echo "ipsec-wizard: 4 SAs and 2 policies installed on b."
