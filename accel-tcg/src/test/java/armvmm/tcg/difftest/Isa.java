package armvmm.tcg.difftest;

/** The instruction classes the differential tester covers, each counted separately. */
public enum Isa {
    A32, T32, VFP, NEON
}
