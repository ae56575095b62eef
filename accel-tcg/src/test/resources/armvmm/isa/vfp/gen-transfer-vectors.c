/* Generates vfp-transfers.txt.gz: arm-linux-gnueabihf-gcc -O1 -static -mcpu=cortex-a15 -mfpu=neon-vfpv4 -mfloat-abi=hard
   -o vfpls gen-transfer-vectors.c && qemu-arm -cpu cortex-a15 ./vfpls 6000 2718 | gzip -9 > vfp-transfers.txt.gz */
/* Random VFP loads, stores and core-register transfers (cp10/cp11) run on qemu-arm. Rn is r6, pointing into a
   512-byte buffer at 128 + off; transfer registers are r4-r11. Prints the encoding, the seed (D registers,
   r4-r11 and the buffer), off, then UNDEF, ALIGN, or the FPSCR afterwards with every changed D register
   (dN:), core register (rN:) and buffer byte (mN:). */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <setjmp.h>
#include <sys/mman.h>

static uint64_t rs;
static uint64_t next(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs; }
static void fill(uint64_t seed, uint64_t *d, uint32_t *core, uint8_t *buf) {
    rs = seed | 1;
    for (int i = 0; i < 32; i++) d[i] = next();
    for (int i = 0; i < 8; i++) core[i] = (uint32_t) next();
    for (int i = 0; i < 512; i++) buf[i] = (uint8_t) next();
}
static sigjmp_buf jb;
static void onsig(int sig) { siglongjmp(jb, sig); }
static uint8_t buf[512] __attribute__((aligned(64)));

/* base, mask of the random bits */
static const uint32_t templates[][2] = {
    {0xed000a00u, 0x00d0f1ffu}, /* VLDR/VSTR */
    {0xec800a00u, 0x01f0f1ffu}, /* VLDM/VSTM (P U D W L) */
    {0xee000a10u, 0x0010f080u}, /* VMOV Rt <-> Sn */
    {0xec400a10u, 0x0010f12fu}, /* VMOV Rt, Rt2 <-> Dm / Sm, Sm1 */
    {0xee000b10u, 0x00f0f0e0u}, /* VMOV scalar <-> Rt, VDUP */
    {0xeee10a10u, 0x0010f000u}, /* VMSR/VMRS FPSCR */
};

int main(int argc, char **argv) {
    int count = atoi(argv[1]);
    uint64_t g = strtoull(argv[2], 0, 0) | 1;
    uint32_t *code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    uint32_t stub[] = {0xe92d4ff0 /* push {r4-r11, lr} */, 0xe8930ff0 /* ldm r3, {r4-r11} */, 0xeee12a10, 0xec900b20,
        0xecd10b20, 0 /* insn */, 0xec800b20, 0xecc10b20, 0xe8830ff0 /* stm r3, {r4-r11} */, 0xeef10a10 /* vmrs r0, fpscr */,
        0xeee12a10 /* vmsr fpscr, r2: the C code must not run with the guest's FPSCR */, 0xe8bd8ff0};
    memcpy(code, stub, sizeof stub);
    signal(SIGILL, onsig);
    signal(SIGBUS, onsig);
    for (int i = 0; i < count; i++) {
        g ^= g << 13; g ^= g >> 7; g ^= g << 17;
        uint64_t h = g * 0x9e3779b97f4a7c15ull;
        int t = (h >> 58) % 6;
        uint32_t enc = templates[t][0] | ((uint32_t) g & templates[t][1]);
        /* transfer registers: r4-r11 but not r6 (the buffer pointer), Rt != Rt2 (UNPREDICTABLE otherwise) */
        static const uint32_t regs[7] = {4, 5, 7, 8, 9, 10, 11};
        uint32_t rt = regs[(h >> 20) % 7], rt2 = regs[((h >> 20) % 7 + 1 + (h >> 26) % 6) % 7];
        switch (t) {
        case 0: enc = (enc & ~0xf0000u) | (6u << 16); enc &= ~0xe0u; break; /* Rn = r6, imm8 < 32 */
        case 1: /* Rn = r6, imm8 < 16; P = U = 0 would be the 64-bit transfers, with Rt taken from Vd */
            enc = (enc & ~0xf00f0u) | (6u << 16);
            if (!(enc & (3u << 23))) enc |= 1u << 23;
            break;
        case 3:
            enc = (enc & ~0xff000u) | (rt2 << 16) | (rt << 12);
            if (!(enc & 0x100u) && (enc & 0x2fu) == 0x2fu) enc &= ~0x20u; /* S31 has no S32 after it */
            break;
        default: enc = (enc & ~0xf000u) | (rt << 12); break;
        }
        uint64_t seed = h >> 3;
        int off = (h >> 30) % 64;
        uint64_t d[32], in[32];
        uint32_t core[8], corein[8];
        uint8_t before[512];
        fill(seed, d, core, buf);
        core[2] = (uint32_t) (uintptr_t) (buf + 128 + off);
        memcpy(in, d, sizeof d);
        memcpy(corein, core, sizeof core);
        memcpy(before, buf, sizeof buf);
        code[5] = enc;
        __builtin___clear_cache((char *) code, (char *) code + sizeof stub);
        printf("%08x %016llx %d", enc, (unsigned long long) seed, off);
        int sig = sigsetjmp(jb, 1);
        if (sig) {
            __asm__ volatile("vmsr fpscr, %0" : : "r"(0)); /* the trapped instruction ran under the guest FPSCR */
            printf(sig == SIGILL ? " UNDEF\n" : " ALIGN\n");
            signal(SIGILL, onsig);
            signal(SIGBUS, onsig);
            continue;
        }
        uint32_t fpscr = ((uint32_t (*)(uint64_t *, uint64_t *, uint32_t, uint32_t *)) code)(d, d + 16, 0, core);
        printf(" %08x", fpscr);
        for (int k = 0; k < 32; k++)
            if (d[k] != in[k]) printf(" d%d:%016llx", k, (unsigned long long) d[k]);
        for (int k = 0; k < 8; k++)
            if (core[k] != corein[k]) printf(" r%d:%08x", k + 4, k == 2 ? core[k] - (uint32_t) (uintptr_t) buf : core[k]);
        for (int k = 0; k < 512; k++)
            if (buf[k] != before[k]) printf(" m%d:%02x", k, buf[k]);
        printf("\n");
    }
    return 0;
}
