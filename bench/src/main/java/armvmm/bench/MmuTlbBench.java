package armvmm.bench;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusMaster;
import armvmm.memory.RamBlock;
import armvmm.isa.mem.CodePages;
import armvmm.isa.mem.Mmu;
import armvmm.isa.mem.TranslationRegime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * The cost of a guest load or store through the TCG MMU: a TLB hit (the path every guest access takes),
 * against a plain RamBlock access (bounds-checked native memory) and a TLB miss with a two-level
 * short-descriptor walk. Each operation touches 16 words spread over 16 pages of one 64 KB working set.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MmuTlbBench {
    private static final long RAM = 0x8000_0000L;
    private static final int VA = 0x0040_0000;
    private RamBlock ram;
    private Mmu mmu;

    @Setup
    public void setup() {
        AddressSpace bus = new AddressSpace();
        ram = new RamBlock("ram", 16 << 20);
        bus.mapRam("ram", RAM, ram);
        // L1 at RAM, one page table at RAM + 0x4000 mapping VA 0x00400000.. onto RAM + 0x100000.., Normal memory
        ram.write32((VA >>> 20) << 2, (int) (RAM + 0x4000) | 0b01);
        for (int p = 0; p < 256; p++) ram.write32(0x4000 + p * 4, (int) (RAM + 0x10_0000 + p * 4096L) | 0b10 | 0b11 << 4 | 0b1100);
        mmu = new Mmu(bus, new CodePages(), new BusMaster() {
            public int id() { return 0; }
            public long currentPc() { return 0; }
        });
        mmu.setRegime(new TranslationRegime(TranslationRegime.SCTLR_M, 0, RAM, 0, 1, 0, 0, 0, 0, 0, false));
    }

    @TearDown
    public void tearDown() { ram.close(); }

    @Benchmark
    @OperationsPerInvocation(16)
    public int tlbHitRead32() {
        int s = 0;
        for (int p = 0; p < 16; p++) s += mmu.read32(VA + p * 4096 + 0x40, 0);
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(16)
    public void tlbHitWrite32() {
        for (int p = 0; p < 16; p++) mmu.write32(VA + p * 4096 + 0x40, p, 0);
    }

    @Benchmark
    @OperationsPerInvocation(16)
    public int ramBlockRead32() {
        int s = 0;
        for (int p = 0; p < 16; p++) s += ram.read32(0x10_0000 + p * 4096L + 0x40);
        return s;
    }

    @Benchmark
    @OperationsPerInvocation(16)
    public int tlbMissWalkRead32() {
        int s = 0;
        for (int p = 0; p < 16; p++) {
            mmu.tlbInvalidateMvaAllAsid(VA + p * 4096);
            s += mmu.read32(VA + p * 4096 + 0x40, 0);
        }
        return s;
    }
}
