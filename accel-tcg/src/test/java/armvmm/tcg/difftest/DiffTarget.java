package armvmm.tcg.difftest;

/** Something that executes a case: the TCG CPU under test, or the qemu-arm oracle. */
public interface DiffTarget {
    DiffResult run(DiffCase c);
}
