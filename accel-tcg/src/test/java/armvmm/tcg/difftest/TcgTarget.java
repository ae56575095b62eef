package armvmm.tcg.difftest;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusMaster;
import armvmm.cpu.CpuMode;
import armvmm.memory.RamBlock;
import armvmm.tcg.FlatMemoryAccess;
import armvmm.tcg.cpu.ArmCpu;
import armvmm.tcg.cpu.BasicSystemControl;
import armvmm.tcg.decode.Coprocessors;
import armvmm.tcg.decode.Decoders;
import armvmm.tcg.exec.Interpreter;
import armvmm.tcg.mem.CodePages;

/**
 * The TCG CPU as a differential-test target: the harness's layout (code area, data block, SP area) as RAM,
 * User mode, VFP enabled, and a branch-to-self after the sequence so that the run ends where the sequence
 * ends. The vectors at address 0 are branches to self too, so an exception is seen as the mode it enters.
 */
public final class TcgTarget implements DiffTarget {
    private static final int VECTORS = 0;
    private final AddressSpace bus = new AddressSpace();
    private final RamBlock vectors = new RamBlock("vectors", 4096);
    private final RamBlock code = new RamBlock("code", 0x10000);
    private final RamBlock data = new RamBlock("data", DiffCase.DATA_SIZE);
    private final RamBlock stack = new RamBlock("sp", 4096);
    private final BasicSystemControl sys = new BasicSystemControl();
    private final CodePages codePages = new CodePages();
    private final ArmCpu cpu;
    private final Interpreter interp;

    public TcgTarget() {
        bus.mapRam("vectors", VECTORS, vectors);
        bus.mapRam("code", DiffCase.CODE, code);
        bus.mapRam("data", DiffCase.DATA, data);
        bus.mapRam("sp", DiffCase.TEST_SP - 4096, stack);
        for (int i = 0; i < 8; i++) vectors.write32(i * 4, 0xeafffffe); // b .
        sys.vbar = VECTORS;
        cpu = new ArmCpu(null, sys);
        cpu.mem = new FlatMemoryAccess(bus, codePages, new BusMaster() {
            public int id() { return 0; }
            public long currentPc() { return cpu.currentPc; }
        }, sys);
        interp = new Interpreter(cpu, Decoders.of(Decoders.loadExtensions(), Coprocessors.NONE), codePages);
        bus.addRamWriteListener(codePages::written);
    }

    @Override
    public DiffResult run(DiffCase c) {
        byte[] bytes = c.code();
        int end = DiffCase.CODE + bytes.length;
        byte[] withStop = java.util.Arrays.copyOf(bytes, bytes.length + 4);
        if (c.thumb()) { withStop[bytes.length] = (byte) 0xfe; withStop[bytes.length + 1] = (byte) 0xe7; } // b .
        else { withStop[bytes.length] = (byte) 0xfe; withStop[bytes.length + 1] = (byte) 0xff; withStop[bytes.length + 2] = (byte) 0xff; withStop[bytes.length + 3] = (byte) 0xea; }
        bus.writeBytes(DiffCase.CODE, withStop, 0, withStop.length);
        byte[] initial = c.data();
        bus.writeBytes(DiffCase.DATA, initial, 0, initial.length);

        cpu.reset(0);
        cpu.setCpsr(0x1d3);
        cpu.setMode(CpuMode.USR);
        cpu.setCpsr(c.apsr() & DiffResult.APSR_MASK | CpuMode.USR.bits | (c.thumb() ? 1 << 5 : 0));
        for (int i = 0; i < 13; i++) cpu.r[i] = c.regs()[i];
        cpu.r[13] = DiffCase.TEST_SP;
        cpu.r[14] = c.regs()[13];
        System.arraycopy(c.d(), 0, cpu.d, 0, 32);
        cpu.fpscr = c.fpscr();
        cpu.fpexc = 1 << 30; // FPEXC.EN: what Linux leaves set for a process using VFP
        cpu.nextPc = DiffCase.CODE;
        cpu.pcWritten = true;
        cpu.clearExclusive();

        interp.run(200);

        CpuMode m = cpu.mode();
        if (m == CpuMode.UND) return DiffResult.ofFault(DiffResult.SIGILL);
        if (m == CpuMode.ABT) return DiffResult.ofFault((sys.dfsr & 0x40f) == 0x1 ? DiffResult.SIGBUS : DiffResult.SIGSEGV);
        if (m != CpuMode.USR || cpu.nextPc != end)
            return DiffResult.ofFault(99); // stopped somewhere unexpected: always a mismatch
        int[] regs = new int[14];
        System.arraycopy(cpu.r, 0, regs, 0, 13);
        regs[13] = cpu.r[14];
        byte[] out = new byte[DiffCase.DATA_SIZE];
        data.read(0, out, 0, out.length);
        return new DiffResult(0, regs, cpu.cpsr(), cpu.fpscr, cpu.d.clone(), out);
    }
}
