package armvmm.boards;

import armvmm.board.Board;
import armvmm.machine.Machine;
import armvmm.machine.VmmException;

/** Versatile Express V2P-CA15 (Cortex-A15 core tile, RS1 memory map). */
public final class VexpressA15 implements Board {
    @Override
    public String name() { return "vexpress-a15"; }

    @Override
    public String description() { return "ARM Versatile Express with a Cortex-A15 core tile (V2P-CA15)"; }

    @Override
    public long defaultMemoryBytes() { return 512L << 20; }

    @Override
    public int maxCpus() { return 4; }

    @Override
    public void build(Machine machine) {
        throw new VmmException("the vexpress-a15 board is not implemented yet");
    }
}
