/* Generates neon/neon-vectors.txt.gz and vfp/vfp-encodings.txt.gz:
   arm-linux-gnueabihf-gcc -O1 -static -mcpu=cortex-a15 -mfpu=neon-vfpv4 -mfloat-abi=hard -o randenc gen-random-encodings.c
   qemu-arm -cpu cortex-a15 ./randenc 6000 424242 neon | python3 ../neon/filter-unpredictable.py | gzip -9 > ../neon/neon-vectors.txt.gz
   qemu-arm -cpu cortex-a15 ./randenc 6000 31337 vfp | python3 filter-unpredictable-fixed.py | gzip -9 > vfp-encodings.txt.gz */
/* Random Advanced SIMD ("neon") or VFP ("vfp") data-processing encodings run on qemu-arm: prints, per instruction, the encoding, the
   FPSCR before, the seed of the register contents, and either UNDEF or the FPSCR after and every D register
   that changed. */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <setjmp.h>
#include <sys/mman.h>

static uint64_t rs;
static uint64_t next(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs; }
static const uint32_t specials[16] = {0, 0x80000000, 0x3f800000, 0xbf800000, 0x7f800000, 0xff800000, 0x7fc00000,
    0x7f800001, 0x00000001, 0x00800000, 0x4b000000, 0x3f000000, 0x40490fdb, 0xc2c80000, 0x7f7fffff, 0};
static uint64_t fspecial(uint64_t r) { uint32_t k = r % 16; return k == 15 ? (r >> 8) & 0xffffffffu : specials[k]; }
static void fill(uint64_t seed, uint64_t *d) {
    rs = seed | 1;
    for (int i = 0; i < 32; i++) {
        switch (next() % 4) {
        case 0: d[i] = next(); break;
        case 1: d[i] = next() & 0x0303030303030303ull; break;
        case 2: { uint64_t lo = fspecial(next()); d[i] = lo | (fspecial(next()) << 32); break; }
        default: d[i] = next() | 0x8000800080008000ull; break;
        }
    }
}

static sigjmp_buf jb;
static void onill(int sig) { siglongjmp(jb, 1); }

int main(int argc, char **argv) {
    int count = atoi(argv[1]);
    uint64_t gen = strtoull(argv[2], 0, 0);
    int vfp = argc > 3 && strcmp(argv[3], "vfp") == 0;
    uint32_t *code = mmap(0, 4096, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    /* r0 = &d[0], r1 = &d[16], r2 = fpscr */
    uint32_t stub[] = {0xeee12a10 /* vmsr fpscr, r2 */, 0xec900b20 /* vldmia r0, {d0-d15} */,
        0xecd10b20 /* vldmia r1, {d16-d31} */, 0 /* insn */, 0xec800b20 /* vstmia r0, {d0-d15} */,
        0xecc10b20 /* vstmia r1, {d16-d31} */, 0xeef10a10 /* vmrs r0, fpscr */,
        0xe3a01000 /* mov r1, #0 */, 0xeee11a10 /* vmsr fpscr, r1: the C code must not run with the guest's FPSCR */,
        0xe12fff1e /* bx lr */};
    memcpy(code, stub, sizeof stub);
    signal(SIGILL, onill);
    uint64_t g = gen | 1;
    for (int i = 0; i < count; i++) {
        g ^= g << 13; g ^= g >> 7; g ^= g << 17;
        uint32_t enc;
        uint64_t h = g * 0x9e3779b97f4a7c15ull;
        if (vfp) {
            /* cond AL, 1110, opc1 opc2 Vd 101 sz opc3 M 0 Vm; often opc1 = 1x11, opc3 = x1 (the two-register group) */
            enc = 0xee000a00u | ((uint32_t) g & 0x00fff1efu);
            if ((h >> 50) & 1) enc |= 0x00b00040u;
        } else {
            enc = 0xf2000000u | ((uint32_t) g & 0x01ffffffu);
            if ((h >> 50) & 3) enc &= ~((1u << 12) | (1u << 16) | 1u); /* mostly even registers, so Q forms are defined */
        }
        uint32_t fpscr = ((h >> 40) & 1 ? 1u << 27 : 0) | ((h >> 41) & 1 ? 1u << 26 : 0) | ((uint32_t)(h >> 42) & 3) << 22
            | (vfp ? ((h >> 44) & 1 ? 1u << 24 : 0) | ((h >> 45) & 1 ? 1u << 25 : 0) : ((h >> 44) & 1 ? 3u << 24 : 0))
            | (vfp && ((h >> 46) & 15) == 0 ? ((uint32_t) (h >> 47) & 0x37) << 16 : 0); /* sometimes Len/Stride */
        uint64_t seed = h >> 1;
        uint64_t d[32], in[32];
        fill(seed, d);
        memcpy(in, d, sizeof d);
        code[3] = enc;
        __builtin___clear_cache((char *) code, (char *) code + sizeof stub);
        if (sigsetjmp(jb, 1)) {
            __asm__ volatile("vmsr fpscr, %0" : : "r"(0)); /* the trapped instruction ran under the guest FPSCR */
            printf("%08x %08x %016llx UNDEF\n", enc, fpscr, (unsigned long long) seed);
            signal(SIGILL, onill);
            continue;
        }
        uint32_t out = ((uint32_t (*)(uint64_t *, uint64_t *, uint32_t)) code)(d, d + 16, fpscr);
        printf("%08x %08x %016llx %08x", enc, fpscr, (unsigned long long) seed, out);
        for (int k = 0; k < 32; k++)
            if (d[k] != in[k]) printf(" %d:%016llx", k, (unsigned long long) d[k]);
        printf("\n");
    }
    return 0;
}
