/* Generates neon-ls-vectors.txt.gz: arm-linux-gnueabihf-gcc -O1 -static -mcpu=cortex-a15 -mfpu=neon-vfpv4 -mfloat-abi=hard
   -o neonls gen-neon-ls-vectors.c && qemu-arm -cpu cortex-a15 ./neonls 6000 777 | python3 filter-qemu-alignment.py | gzip -9 */
/* Random Advanced SIMD element/structure load/store encodings (Rn = r6, Rm = r7, SP or PC) run on qemu-arm:
   prints the encoding, the seed of the D registers and of the 512-byte buffer, r6's offset into the buffer
   (from 128) and r7, then UNDEF, ALIGN (SIGBUS), or r6 afterwards (offset from the buffer), each changed D
   register and each changed buffer byte. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <setjmp.h>
#include <sys/mman.h>

static uint64_t rs;
static uint64_t next(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs; }
static void fill(uint64_t seed, uint64_t *d, uint8_t *buf) {
    rs = seed | 1;
    for (int i = 0; i < 32; i++) d[i] = next();
    for (int i = 0; i < 512; i++) buf[i] = (uint8_t) next();
}
static sigjmp_buf jb;
static void onsig(int sig) { siglongjmp(jb, sig); }
static uint8_t buf[512] __attribute__((aligned(64)));

int main(int argc, char **argv) {
    int count = atoi(argv[1]);
    uint64_t g = strtoull(argv[2], 0, 0) | 1;
    uint32_t *code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint32_t stub[] = {0xe92d4ff0 /* push {r4-r11, lr} */, 0xe5936000 /* ldr r6, [r3] */, 0xe5937004 /* ldr r7, [r3, #4] */,
        0xeee12a10, 0xec900b20, 0xecd10b20, 0 /* insn */, 0xec800b20, 0xecc10b20, 0xe5836000 /* str r6, [r3] */,
        0xe8bd8ff0 /* pop {r4-r11, pc} */};
    memcpy(code, stub, sizeof stub);
    signal(SIGILL, onsig);
    signal(SIGBUS, onsig);
    for (int i = 0; i < count; i++) {
        g ^= g << 13; g ^= g >> 7; g ^= g << 17;
        uint64_t h = g * 0x9e3779b97f4a7c15ull;
        uint32_t rmsel = (h >> 60) % 3;
        uint32_t rm = rmsel == 0 ? 15 : rmsel == 1 ? 13 : 7;
        uint32_t enc = 0xf4000000u | ((uint32_t) g & 0x00efffffu);
        enc = (enc & ~0x000f000fu) | (6u << 16) | rm;
        enc &= ~((1u << 22) | (8u << 12)); /* D0-D7 first: no UNPREDICTABLE register list past D31 */
        uint64_t seed = h >> 3;
        int off = (h >> 20) % 64;
        int32_t r7 = (int32_t) ((h >> 30) % 65) - 32;
        uint64_t d[32], in[32];
        uint8_t before[512];
        fill(seed, d, buf);
        memcpy(in, d, sizeof d);
        memcpy(before, buf, sizeof buf);
        uint32_t regs[2] = {(uint32_t) (uintptr_t) (buf + 128 + off), (uint32_t) r7};
        code[6] = enc;
        __builtin___clear_cache((char *) code, (char *) code + sizeof stub);
        printf("%08x %016llx %d %d", enc, (unsigned long long) seed, off, r7);
        int sig = sigsetjmp(jb, 1);
        if (sig) {
            printf(sig == SIGILL ? " UNDEF\n" : " ALIGN\n");
            signal(SIGILL, onsig);
            signal(SIGBUS, onsig);
            continue;
        }
        ((void (*)(uint64_t *, uint64_t *, uint32_t, uint32_t *)) code)(d, d + 16, 0, regs);
        printf(" %d", (int) (regs[0] - (uint32_t) (uintptr_t) buf));
        for (int k = 0; k < 32; k++)
            if (d[k] != in[k]) printf(" d%d:%016llx", k, (unsigned long long) d[k]);
        for (int k = 0; k < 512; k++)
            if (buf[k] != before[k]) printf(" m%d:%02x", k, buf[k]);
        printf("\n");
    }
    return 0;
}
