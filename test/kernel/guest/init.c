/*
 * PID 1 of the user-mode Linux guest. It mounts the host's /usr and /etc read-only through hostfs
 * (so the guest runs the host's own bash, ip, ping and tcpdump), a tmpfs for every writable
 * directory, and the shared case directory named by `ipsecw_shared=` on the kernel command line,
 * then runs /shared/guest/serve.sh and powers the guest off when it ends.
 * Built static by the harness with the host's gcc; no busybox needed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

static void power_off(void) {
  sync();
  reboot(RB_POWER_OFF);
  _exit(1);
}

static void must(int ok, const char *what) {
  if (ok) return;
  fprintf(stderr, "guest init: %s: %s\n", what, strerror(errno));
  power_off();
}

int main(void) {
  const char *shared = getenv("ipsecw_shared");
  const char *dirs[] = {"/proc", "/sys", "/dev", "/usr", "/etc", "/tmp",
                        "/run", "/var", "/root", "/shared", "/lib", 0};
  for (int i = 0; dirs[i]; i++) mkdir(dirs[i], 0755);
  must(mount("proc", "/proc", "proc", 0, 0) == 0, "mount /proc");
  must(mount("sysfs", "/sys", "sysfs", 0, 0) == 0, "mount /sys");
  must(mount("devtmpfs", "/dev", "devtmpfs", 0, 0) == 0, "mount /dev");
  must(mount("none", "/usr", "hostfs", MS_RDONLY, "/usr") == 0, "mount the host's /usr");
  must(mount("none", "/etc", "hostfs", MS_RDONLY, "/etc") == 0, "mount the host's /etc");
  must(shared != 0, "ipsecw_shared= is missing from the kernel command line");
  must(mount("none", "/shared", "hostfs", 0, shared) == 0, "mount the shared directory");
  const char *writable[] = {"/tmp", "/run", "/var", "/root", 0};
  for (int i = 0; writable[i]; i++) must(mount("tmpfs", writable[i], "tmpfs", 0, 0) == 0, "mount tmpfs");
  /* Debian merged /usr: the rest of /lib is linked by serve.sh, this much lets bash start. */
  symlink("usr/bin", "/bin");
  symlink("usr/sbin", "/sbin");
  symlink("usr/lib64", "/lib64");
  symlink("/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu");

  pid_t shell = fork();
  must(shell >= 0, "fork");
  if (shell == 0) {
    char *argv[] = {"bash", "/shared/guest/serve.sh", 0};
    char *envp[] = {"PATH=/usr/sbin:/usr/bin", "HOME=/root", "LANG=C", "TERM=dumb", 0};
    execve("/usr/bin/bash", argv, envp);
    fprintf(stderr, "guest init: exec /usr/bin/bash: %s\n", strerror(errno));
    _exit(127);
  }
  /* Reap every orphan until the serving shell ends, then stop the whole guest. */
  for (;;) {
    int status;
    pid_t done = wait(&status);
    if (done == shell || (done < 0 && errno == ECHILD)) break;
  }
  power_off();
  return 0;
}
