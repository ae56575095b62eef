/* Generates vfp-vectors.txt.gz: arm-linux-gnueabihf-gcc -O1 -static -mcpu=cortex-a15 -mfpu=neon-vfpv4 -mfloat-abi=hard
   -o gen gen-vectors.c && qemu-arm -cpu cortex-a15 ./gen 200 12345 | gzip -9 > vfp-vectors.txt.gz */
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rs = 88172645463325252ull;
static uint64_t rnd(void) { rs ^= rs << 13; rs ^= rs >> 7; rs ^= rs << 17; return rs; }

static uint64_t rval(int E, int F, uint64_t prev, int haveprev) {
    uint64_t fracmask = (1ull << F) - 1, maxe = (1ull << E) - 1, bias = maxe >> 1;
    uint64_t s = rnd() & 1, e, fr = rnd() & fracmask;
    int k = rnd() % 20;
    if (haveprev && k < 4) {
        uint64_t v = prev;
        switch (rnd() % 4) {
        case 0: return v;
        case 1: return v ^ (1ull << (E + F));
        case 2: return v + (rnd() % 5) - 2;
        default: return (v ^ (1ull << (E + F))) + (rnd() % 3) - 1;
        }
    }
    switch (k) {
    case 4: e = 0; fr = 0; break;
    case 5: e = 0; break;
    case 6: e = 0; fr = rnd() % 8 == 0 ? 1 : fr >> (rnd() % F); break;
    case 7: e = maxe; fr = 0; break;
    case 8: e = maxe; fr |= 1ull << (F - 1); break;
    case 9: e = maxe; fr &= ~(1ull << (F - 1)); if (!fr) fr = 1; break;
    case 10: e = maxe - 1 - rnd() % 3; break;
    case 11: e = 1 + rnd() % 3; break;
    case 12: e = bias + rnd() % 34; fr &= ~((1ull << (F > 30 ? F - 30 : 0)) - 1) << (rnd()%2 ? 0 : 0); break;
    case 13: e = bias + rnd() % 34; fr &= fracmask << (rnd() % F); break;
    case 14: e = bias - 3 + rnd() % 7; fr &= fracmask << (F - rnd() % 4 - 1); break;
    case 15: return rnd() & ((E + F + 1 == 64) ? ~0ull : ((1ull << (E + F + 1)) - 1));
    default: e = bias - 20 + rnd() % 40; break;
    }
    return (s << (E + F)) | (e << F) | (fr & fracmask);
}
static uint32_t rs32(uint32_t p, int h) { return (uint32_t) rval(8, 23, p, h); }
static uint64_t rd64(uint64_t p, int h) { return rval(11, 52, p, h); }
static uint32_t rint32(void) {
    switch (rnd() % 4) { case 0: return rnd(); case 1: return (uint32_t)(rnd() % 200) - 100;
    case 2: return (uint32_t)rnd() >> (rnd() % 32); default: return (uint32_t)(1u << (rnd() % 32)) + (rnd() % 3) - 1; }
}
static uint32_t rfpscr(void) {
    uint32_t f = (uint32_t)(rnd() % 4) << 22;
    if (rnd() % 3 == 0) f |= 1 << 24;
    if (rnd() % 3 == 0) f |= 1 << 25;
    if (rnd() % 4 == 0) f |= 1 << 26;
    return f;
}

#define S3(name, insn) static uint32_t name(uint32_t a, uint32_t b, uint32_t c, uint32_t *fp) { uint32_t r, f = *fp; \
  __asm__ volatile("vmsr fpscr, %[f]\n vmov s0, %[a]\n vmov s1, %[b]\n vmov s2, %[c]\n " insn "\n vmov %[r], s2\n vmrs %[f], fpscr" \
  : [r] "=&r"(r), [f] "+r"(f) : [a] "r"(a), [b] "r"(b), [c] "r"(c) : "s0", "s1", "s2", "memory"); *fp = f; return r; }
#define D3(name, insn) static uint64_t name(uint64_t a, uint64_t b, uint64_t c, uint32_t *fp) { uint64_t r; uint32_t f = *fp; \
  __asm__ volatile("vmsr fpscr, %[f]\n vmov d0, %Q[a], %R[a]\n vmov d1, %Q[b], %R[b]\n vmov d2, %Q[c], %R[c]\n " insn "\n vmov %Q[r], %R[r], d2\n vmrs %[f], fpscr" \
  : [r] "=&r"(r), [f] "+r"(f) : [a] "r"(a), [b] "r"(b), [c] "r"(c) : "d0", "d1", "d2", "memory"); *fp = f; return r; }
/* conversions: source in s0/d0, result in s2/d2 */
#define SD(name, insn) static uint64_t name(uint32_t a, uint32_t *fp) { uint64_t r; uint32_t f = *fp; \
  __asm__ volatile("vmsr fpscr, %[f]\n vmov s0, %[a]\n " insn "\n vmov %Q[r], %R[r], d2\n vmrs %[f], fpscr" \
  : [r] "=&r"(r), [f] "+r"(f) : [a] "r"(a) : "d0", "d1", "d2", "memory"); *fp = f; return r; }
#define DS(name, insn) static uint32_t name(uint64_t a, uint32_t *fp) { uint32_t r; uint32_t f = *fp; \
  __asm__ volatile("vmsr fpscr, %[f]\n vmov d0, %Q[a], %R[a]\n " insn "\n vmov %[r], s4\n vmrs %[f], fpscr" \
  : [r] "=&r"(r), [f] "+r"(f) : [a] "r"(a) : "d0", "d1", "d2", "memory"); *fp = f; return r; }
#define SS(name, insn) static uint32_t name(uint32_t a, uint32_t c, uint32_t *fp) { uint32_t r; uint32_t f = *fp; \
  __asm__ volatile("vmsr fpscr, %[f]\n vmov s0, %[a]\n vmov s2, %[c]\n " insn "\n vmov %[r], s2\n vmrs %[f], fpscr" \
  : [r] "=&r"(r), [f] "+r"(f) : [a] "r"(a), [c] "r"(c) : "s0", "s1", "s2", "memory"); *fp = f; return r; }
#define CMPS(name, insn) static uint32_t name(uint32_t a, uint32_t b, uint32_t c, uint32_t *fp) { uint32_t f = *fp; \
  __asm__ volatile("vmsr fpscr, %[f]\n vmov s0, %[a]\n vmov s1, %[b]\n " insn "\n vmrs %[f], fpscr" \
  : [f] "+r"(f) : [a] "r"(a), [b] "r"(b) : "s0", "s1", "s2", "memory"); *fp = f; return 0; }
#define CMPD(name, insn) static uint64_t name(uint64_t a, uint64_t b, uint64_t c, uint32_t *fp) { uint32_t f = *fp; \
  __asm__ volatile("vmsr fpscr, %[f]\n vmov d0, %Q[a], %R[a]\n vmov d1, %Q[b], %R[b]\n " insn "\n vmrs %[f], fpscr" \
  : [f] "+r"(f) : [a] "r"(a), [b] "r"(b) : "d0", "d1", "d2", "memory"); *fp = f; return 0; }

S3(adds, "vadd.f32 s2, s0, s1") S3(subs, "vsub.f32 s2, s0, s1") S3(muls, "vmul.f32 s2, s0, s1")
S3(divs, "vdiv.f32 s2, s0, s1") S3(sqrts, "vsqrt.f32 s2, s0") S3(nmuls, "vnmul.f32 s2, s0, s1")
S3(mlas, "vmla.f32 s2, s0, s1") S3(mlss, "vmls.f32 s2, s0, s1") S3(nmlas, "vnmla.f32 s2, s0, s1") S3(nmlss, "vnmls.f32 s2, s0, s1")
S3(fmas, "vfma.f32 s2, s0, s1") S3(fmss, "vfms.f32 s2, s0, s1") S3(fnmas, "vfnma.f32 s2, s0, s1") S3(fnmss, "vfnms.f32 s2, s0, s1")
D3(addd, "vadd.f64 d2, d0, d1") D3(subd, "vsub.f64 d2, d0, d1") D3(muld, "vmul.f64 d2, d0, d1")
D3(divd, "vdiv.f64 d2, d0, d1") D3(sqrtd, "vsqrt.f64 d2, d0") D3(nmuld, "vnmul.f64 d2, d0, d1")
D3(mlad, "vmla.f64 d2, d0, d1") D3(mlsd, "vmls.f64 d2, d0, d1") D3(nmlad, "vnmla.f64 d2, d0, d1") D3(nmlsd, "vnmls.f64 d2, d0, d1")
D3(fmad, "vfma.f64 d2, d0, d1") D3(fmsd, "vfms.f64 d2, d0, d1") D3(fnmad, "vfnma.f64 d2, d0, d1") D3(fnmsd, "vfnms.f64 d2, d0, d1")
CMPS(cmps, "vcmp.f32 s0, s1") CMPS(cmpes, "vcmpe.f32 s0, s1") CMPS(cmpzs, "vcmp.f32 s0, #0") CMPS(cmpezs, "vcmpe.f32 s0, #0")
CMPD(cmpd, "vcmp.f64 d0, d1") CMPD(cmped, "vcmpe.f64 d0, d1")
SD(cvtds, "vcvt.f64.f32 d2, s0") DS(cvtsd, "vcvt.f32.f64 s4, d0")
S3(ftosizs, "vcvt.s32.f32 s2, s0") S3(ftouizs, "vcvt.u32.f32 s2, s0") S3(ftosis, "vcvtr.s32.f32 s2, s0") S3(ftouis, "vcvtr.u32.f32 s2, s0")
DS(ftosizd, "vcvt.s32.f64 s4, d0") DS(ftouizd, "vcvt.u32.f64 s4, d0") DS(ftosid, "vcvtr.s32.f64 s4, d0") DS(ftouid, "vcvtr.u32.f64 s4, d0")
S3(sitos, "vcvt.f32.s32 s2, s0") S3(uitos, "vcvt.f32.u32 s2, s0") SD(sitod, "vcvt.f64.s32 d2, s0") SD(uitod, "vcvt.f64.u32 d2, s0")
SS(tosls5, "vcvt.s32.f32 s2, s2, #5") SS(touh3, "vcvt.u16.f32 s2, s2, #3") SS(tosh16, "vcvt.s16.f32 s2, s2, #16") SS(toul32, "vcvt.u32.f32 s2, s2, #32")
SS(slto5, "vcvt.f32.s32 s2, s2, #5") SS(uhto3, "vcvt.f32.u16 s2, s2, #3") SS(shto16, "vcvt.f32.s16 s2, s2, #16") SS(ulto32, "vcvt.f32.u32 s2, s2, #32")
SS(f32tohb, "vcvtb.f16.f32 s2, s0") SS(f32toht, "vcvtt.f16.f32 s2, s0") SS(htof32b, "vcvtb.f32.f16 s2, s0") SS(htof32t, "vcvtt.f32.f16 s2, s0")

typedef uint32_t (*fs3)(uint32_t, uint32_t, uint32_t, uint32_t *);
typedef uint64_t (*fd3)(uint64_t, uint64_t, uint64_t, uint32_t *);
struct { const char *n; fs3 f; } s3[] = {
 {"adds", adds}, {"subs", subs}, {"muls", muls}, {"divs", divs}, {"sqrts", sqrts}, {"nmuls", nmuls}, {"mlas", mlas},
 {"mlss", mlss}, {"nmlas", nmlas}, {"nmlss", nmlss}, {"fmas", fmas}, {"fmss", fmss}, {"fnmas", fnmas}, {"fnmss", fnmss},
 {"cmps", cmps}, {"cmpes", cmpes}, {"cmpzs", cmpzs}, {"cmpezs", cmpezs}, {"ftosizs", ftosizs}, {"ftouizs", ftouizs}, {"ftosis", ftosis}, {"ftouis", ftouis}};
struct { const char *n; fd3 f; } d3[] = {
 {"addd", addd}, {"subd", subd}, {"muld", muld}, {"divd", divd}, {"sqrtd", sqrtd}, {"nmuld", nmuld}, {"mlad", mlad},
 {"mlsd", mlsd}, {"nmlad", nmlad}, {"nmlsd", nmlsd}, {"fmad", fmad}, {"fmsd", fmsd}, {"fnmad", fnmad}, {"fnmsd", fnmsd},
 {"cmpd", cmpd}, {"cmped", cmped}};
struct { const char *n; uint32_t (*f)(uint32_t, uint32_t *); } si[] = {{"sitos", (void*)0}};

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 100;
    if (argc > 2) rs = strtoull(argv[2], 0, 0);
    for (unsigned k = 0; k < sizeof s3 / sizeof s3[0]; k++)
        for (int i = 0; i < n; i++) {
            uint32_t a = rs32(0, 0), b = rs32(a, 1), c = rs32(b, 1), f = rfpscr(), f0 = f;
            uint32_t r = s3[k].f(a, b, c, &f);
            printf("%s %08x %08x %08x %08x %08x %08x\n", s3[k].n, f0, a, b, c, r, f);
        }
    for (unsigned k = 0; k < sizeof d3 / sizeof d3[0]; k++)
        for (int i = 0; i < n; i++) {
            uint64_t a = rd64(0, 0), b = rd64(a, 1), c = rd64(b, 1); uint32_t f = rfpscr(), f0 = f;
            uint64_t r = d3[k].f(a, b, c, &f);
            printf("%s %08x %016llx %016llx %016llx %016llx %08x\n", d3[k].n, f0, (unsigned long long)a, (unsigned long long)b, (unsigned long long)c, (unsigned long long)r, f);
        }
#define ONE(name, expr, A, fmt) for (int i = 0; i < n; i++) { uint32_t f = rfpscr(), f0 = f; A; uint64_t r = expr; \
        printf("%s %08x " fmt " 0 0 %016llx %08x\n", #name, f0, (unsigned long long)a, (unsigned long long)r, f); }
    ONE(cvtds, cvtds(a, &f), uint32_t a = rs32(0,0), "%08llx")
    ONE(sitos, sitos(a, 0, 0, &f), uint32_t a = rint32(), "%08llx")
    ONE(uitos, uitos(a, 0, 0, &f), uint32_t a = rint32(), "%08llx")
    ONE(sitod, sitod(a, &f), uint32_t a = rint32(), "%08llx")
    ONE(uitod, uitod(a, &f), uint32_t a = rint32(), "%08llx")
    ONE(cvtsd, cvtsd(a, &f), uint64_t a = rd64(0,0), "%016llx")
    ONE(ftosizd, ftosizd(a, &f), uint64_t a = rd64(0,0), "%016llx")
    ONE(ftouizd, ftouizd(a, &f), uint64_t a = rd64(0,0), "%016llx")
    ONE(ftosid, ftosid(a, &f), uint64_t a = rd64(0,0), "%016llx")
    ONE(ftouid, ftouid(a, &f), uint64_t a = rd64(0,0), "%016llx")
#define FIX(name) ONE(name, name(0, a, &f), uint32_t a = rs32(0,0), "%08llx")
#define FIXI(name) ONE(name, name(0, a, &f), uint32_t a = rint32(), "%08llx")
    FIX(tosls5) FIX(touh3) FIX(tosh16) FIX(toul32) FIXI(slto5) FIXI(uhto3) FIXI(shto16) FIXI(ulto32)
#define HC(name, gen) ONE(name, name(a, 0x12345678, &f), uint32_t a = gen, "%08llx")
    HC(f32tohb, rs32(0,0)) HC(f32toht, rs32(0,0)) HC(htof32b, (uint32_t)rval(5,10,0,0) | (rnd() & 0xffff0000u)) HC(htof32t, ((uint32_t)rval(5,10,0,0) << 16) | (rnd() & 0xffff))
    return 0;
}
