/*
 * memfill - the save/restore suite's witness process (tests/e2e/save).
 *
 *   memfill MIB        fills MIB MiB with a known pattern, prints
 *                      "DOMU-MEM pid=P mib=M sum=S", then every 3 s reads
 *                      the whole buffer again and prints
 *                      "DOMU-MEMCHECK pid=P sum=S n=N uptime=U wall=W"
 *   memfill -s MIB     prints the checksum the pattern must have (for the
 *                      dom0 side to compare with) and exits
 *
 * The pattern differs in every 8-byte word (no page is all zeroes), so a
 * page lost, moved or zeroed by a save/restore changes the sum.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t word(uint64_t i)
{
    return (i + 1) * 0x9e3779b97f4a7c15ull ^ 0x5a5aa5a5c3c33c3cull;
}

static uint64_t checksum(const volatile uint64_t *p, uint64_t n)
{
    uint64_t s = 0xcbf29ce484222325ull;

    for (uint64_t i = 0; i < n; i++)
        s = (s ^ p[i]) * 0x100000001b3ull;
    return s;
}

int main(int argc, char **argv)
{
    int sum_only = argc > 2 && !strcmp(argv[1], "-s");
    long mib = atol(argv[argc - 1]);
    uint64_t n, *buf;

    if (argc < 2 || mib < 1 || mib > 4096) {
        fprintf(stderr, "usage: memfill [-s] MIB\n");
        return 2;
    }
    n = (uint64_t)mib << 17;            /* 8-byte words */
    buf = malloc(n * 8);
    if (!buf) {
        perror("memfill");
        return 1;
    }
    for (uint64_t i = 0; i < n; i++)
        buf[i] = word(i);
    if (sum_only) {
        printf("%016llx\n", (unsigned long long)checksum(buf, n));
        return 0;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("DOMU-MEM pid=%d mib=%ld sum=%016llx\n", (int)getpid(), mib,
           (unsigned long long)checksum(buf, n));
    for (unsigned k = 1;; k++) {
        char up[64] = "?";
        FILE *f = fopen("/proc/uptime", "r");

        sleep(3);
        if (f) {
            if (fscanf(f, "%63s", up) != 1)
                strcpy(up, "?");
            fclose(f);
        }
        printf("DOMU-MEMCHECK pid=%d sum=%016llx n=%u uptime=%s wall=%lld\n",
               (int)getpid(), (unsigned long long)checksum(buf, n), k, up,
               (long long)time(NULL));
    }
}
