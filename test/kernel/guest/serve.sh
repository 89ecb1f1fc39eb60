#!/bin/bash
# The guest's serving shell (started by init): finishes the root file system, registers kmod's
# modprobe so the kernel can autoload esp4, ah4, the ciphers and the rest, then runs each case the
# host queues under /shared/queue, one at a time, until it queues "halt".
set -u
for entry in /usr/lib/*; do
  [ -e "/lib/${entry##*/}" ] || ln -s "$entry" /lib/
done
# The UML package keeps its modules outside /lib/modules; the root file system is writable.
ln -sfn /usr/lib/uml/modules /lib/modules
echo /usr/sbin/modprobe > /proc/sys/kernel/modprobe
ip link set lo up
modprobe -a ipv6 veth bridge xfrm_user af_key > /shared/modprobe.log 2>&1
echo "kernel $(uname -r)" >> /shared/modprobe.log
mkdir -p /shared/queue
touch /shared/ready

# A FIFO nobody writes to: `read -t` on it sleeps without starting a process.
mkfifo /run/idle
exec 3<> /run/idle
while :; do
  for request in /shared/queue/*; do
    [ -e "$request" ] || continue
    id=${request##*/}
    rm -f "$request"
    [ "$id" = halt ] && exit 0
    dir=/shared/cases/$id
    started=$EPOCHREALTIME
    bash "$dir/run.sh" "$dir" > "$dir/result.tmp" 2>&1
    status=$?
    echo "@guest.rc $status" >> "$dir/result.tmp"
    echo "@guest.started $started" >> "$dir/result.tmp"
    echo "@guest.ended $EPOCHREALTIME" >> "$dir/result.tmp"
    mv "$dir/result.tmp" "$dir/result.txt"
  done
  read -r -t 0.05 -u 3 _
done
