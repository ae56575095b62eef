package armvmm.isa.mem;

import static armvmm.isa.mem.TranslationRegime.*;
import static armvmm.isa.mem.WalkResult.PERM_R;
import static armvmm.isa.mem.WalkResult.PERM_W;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusMaster;

/**
 * The VMSAv7 short-descriptor translation table format (ARM ARM B3.5): a first-level table selected by
 * TTBCR.N from TTBR0 or TTBR1 holding sections, supersections and pointers to second-level tables of
 * large (64 KB) and small (4 KB) pages; domains checked against DACR; TEX remap through PRRR/NMRR.
 */
final class ShortDescriptorWalk extends TableWalker {
    /** Short-format PAR attribute fields (B4.1.112). */
    static final int PAR_SH = 1 << 7, PAR_NS = 1 << 9;
    /** PAR.Inner[6:4] for a Normal memory inner cache policy in descriptor/NMRR encoding (00 NC, 01 WB-WA, 10 WT, 11 WB). */
    private static final int[] PAR_INNER_NORMAL = {0b000, 0b101, 0b110, 0b111};
    private static final int PAR_INNER_STRONGLY_ORDERED = 0b001, PAR_INNER_DEVICE = 0b011;

    ShortDescriptorWalk(AddressSpace bus, BusMaster master) {
        super(bus, master, false);
    }

    @Override
    void walk(TranslationRegime r, int va, boolean pl0, AccessKind kind, WalkResult out) {
        int ttbcr = r.ttbcr();
        int n = ttbcr & TTBCR_N;
        long l1Address;
        if (n == 0 || (va >>> (32 - n)) == 0) {
            if ((ttbcr & TTBCR_PD0) != 0) throw fault(FaultType.TRANSLATION, 1, 0, kind, va);
            long base = r.ttbr0() & 0xffff_ffffL & (-1L << (14 - n));
            l1Address = base | (long) ((va >>> 20) & (0xfff >>> n)) << 2;
        } else {
            if ((ttbcr & TTBCR_PD1) != 0) throw fault(FaultType.TRANSLATION, 1, 0, kind, va);
            l1Address = (r.ttbr1() & 0xffff_c000L) | (long) (va >>> 20) << 2;
        }
        int l1 = (int) descriptor(r, l1Address, 4, 1, 0, kind, va);

        int domain, ap, tex, level;
        boolean c, b, s, nG, xn, pxn, ns;
        switch (l1 & 3) {
            case 0 -> throw fault(FaultType.TRANSLATION, 1, 0, kind, va);
            case 1 -> { // page table
                domain = (l1 >>> 5) & 0xf;
                pxn = (l1 & 4) != 0;
                ns = (l1 & 8) != 0;
                long l2Address = (l1 & 0xffff_fc00L) | (long) ((va >>> 12) & 0xff) << 2;
                int l2 = (int) descriptor(r, l2Address, 4, 2, domain, kind, va);
                level = 2;
                switch (l2 & 3) {
                    case 0 -> throw fault(FaultType.TRANSLATION, 2, domain, kind, va);
                    case 1 -> { // large page, 64 KB
                        out.pa = (l2 & 0xffff_0000L) | (va & 0xffff);
                        out.blockShift = 16;
                        xn = (l2 & (1 << 15)) != 0;
                        tex = (l2 >>> 12) & 7;
                    }
                    default -> { // small page, 4 KB
                        out.pa = (l2 & 0xffff_f000L) | (va & 0xfff);
                        out.blockShift = 12;
                        xn = (l2 & 1) != 0;
                        tex = (l2 >>> 6) & 7;
                    }
                }
                b = (l2 & 4) != 0;
                c = (l2 & 8) != 0;
                ap = ((l2 >>> 4) & 3) | ((l2 >>> 7) & 4);
                s = (l2 & (1 << 10)) != 0;
                nG = (l2 & (1 << 11)) != 0;
            }
            default -> { // section or supersection; bit 0 is PXN
                level = 1;
                pxn = (l1 & 1) != 0;
                b = (l1 & 4) != 0;
                c = (l1 & 8) != 0;
                xn = (l1 & 16) != 0;
                ap = ((l1 >>> 10) & 3) | ((l1 >>> 13) & 4);
                tex = (l1 >>> 12) & 7;
                s = (l1 & (1 << 16)) != 0;
                nG = (l1 & (1 << 17)) != 0;
                ns = (l1 & (1 << 19)) != 0;
                if ((l1 & (1 << 18)) != 0) { // supersection, 16 MB: PA[39:36] in bits 8:5, PA[35:32] in bits 23:20
                    domain = 0;
                    out.pa = (l1 & 0xff00_0000L) | ((long) (l1 >>> 20) & 0xf) << 32 | ((long) (l1 >>> 5) & 0xf) << 36 | (va & 0xff_ffff);
                    out.blockShift = 24;
                } else {
                    domain = (l1 >>> 5) & 0xf;
                    out.pa = (l1 & 0xfff0_0000L) | (va & 0xf_ffff);
                    out.blockShift = 20;
                }
            }
        }
        out.level = level;
        out.domain = domain;
        out.global = !nG;

        // ARM ARM B3.15 TranslationTableWalkSD, then CheckDomain, then CheckPermission: in that order.
        boolean afe = (r.sctlr() & SCTLR_AFE) != 0;
        if (afe && (ap & 1) == 0) throw fault(FaultType.ACCESS_FLAG, level, domain, kind, va);
        int access = (r.dacr() >>> (2 * domain)) & 3;
        if (access == 0 || access == 2) throw fault(FaultType.DOMAIN, level, domain, kind, va);
        if (access == 3) { // Manager: no permission checks, XN included
            out.perms = PERM_R | PERM_W | WalkResult.PERM_X;
        } else {
            int perms = accessPermissions(ap, afe, pl0);
            boolean pl0Writable = (accessPermissions(ap, afe, true) & PERM_W) != 0;
            out.perms = withExecute(perms, xn, pxn, pl0, pl0Writable, r.sctlr());
        }
        memoryAttributes(r, tex, c, b, s, ns || !r.secure(), out);
    }

    /**
     * AP[2:0] (B3.7.1 table B3-8), or with SCTLR.AFE the simplified model where AP[0] is the access flag and
     * AP[2:1] alone give the permissions (table B3-9).
     */
    static int accessPermissions(int ap, boolean afe, boolean pl0) {
        if (afe) {
            boolean pl0Access = (ap & 2) != 0, readOnly = (ap & 4) != 0;
            if (pl0 && !pl0Access) return 0;
            return readOnly ? PERM_R : PERM_R | PERM_W;
        }
        return switch (ap) {
            case 1 -> pl0 ? 0 : PERM_R | PERM_W;        // PL1 only
            case 2 -> pl0 ? PERM_R : PERM_R | PERM_W;   // PL0 read-only
            case 3 -> PERM_R | PERM_W;                  // full access
            case 5 -> pl0 ? 0 : PERM_R;                 // PL1 read-only
            case 6, 7 -> PERM_R;                        // read-only at both
            default -> 0;                               // 0: no access, 4: reserved
        };
    }

    /**
     * The memory type (B3.8.2 TEX[2:0]/C/B, or with SCTLR.TRE the PRRR/NMRR remap of B3.8.3): whether the
     * region is Device or Strongly-ordered, and the PAR attribute fields.
     */
    private static void memoryAttributes(TranslationRegime r, int tex, boolean c, boolean b, boolean s, boolean ns, WalkResult out) {
        int cb = (c ? 2 : 0) | (b ? 1 : 0);
        int type; // 0 Strongly-ordered, 1 Device, 2 Normal
        int inner = 0, outer = 0;
        boolean shareable;
        if ((r.sctlr() & SCTLR_TRE) != 0) {
            int n = ((tex & 1) << 2) | cb;
            int tr = (r.prrr() >>> (2 * n)) & 3;
            type = tr == 3 ? 2 : tr; // TR 0b11 is reserved: taken as Normal
            if (type == 2) {
                inner = (r.nmrr() >>> (2 * n)) & 3;
                outer = (r.nmrr() >>> (2 * n + 16)) & 3;
                shareable = (r.prrr() & (1 << (s ? 19 : 18))) != 0; // PRRR.NS1 / NS0
            } else {
                shareable = type == 0 || (r.prrr() & (1 << (s ? 17 : 16))) != 0; // PRRR.DS1 / DS0
            }
        } else if ((tex & 4) != 0) { // cacheable Normal: TEX[1:0] outer, C:B inner policy
            type = 2;
            inner = cb;
            outer = tex & 3;
            shareable = s;
        } else {
            switch ((tex << 2) | cb) {
                case 0b00000 -> { type = 0; shareable = true; }
                case 0b00001 -> { type = 1; shareable = true; }
                case 0b01000 -> { type = 1; shareable = false; }
                case 0b00010 -> { type = 2; inner = outer = 0b10; shareable = s; } // write-through
                case 0b00011 -> { type = 2; inner = outer = 0b11; shareable = s; } // write-back, no write-allocate
                case 0b00111 -> { type = 2; inner = outer = 0b01; shareable = s; } // write-back, write-allocate
                default -> { type = 2; shareable = s; }                              // non-cacheable (and reserved encodings)
            }
        }
        out.device = type != 2;
        int innerField = switch (type) {
            case 0 -> PAR_INNER_STRONGLY_ORDERED;
            case 1 -> PAR_INNER_DEVICE;
            default -> PAR_INNER_NORMAL[inner];
        };
        out.parAttributes = innerField << 4 | outer << 2 | (shareable ? PAR_SH : 0) | (ns ? PAR_NS : 0);
    }
}
