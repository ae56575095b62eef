package armvmm.bench;

import armvmm.memory.HostMemory;
import armvmm.memory.RamBlock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.*;

/**
 * Guest RAM accessors: which wrapper to put under every guest load and store. Each op is a 32-bit
 * little-endian read-modify-write at a pseudo-random word of 1 MiB of off-heap memory.
 * Candidates: netty's direct ByteBuf (LE view), a direct ByteBuffer (LE), our RamBlock (offset checked
 * against the block) and HostMemory on a raw host address (what a TLB hit uses).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MemoryAccessBenchmark {
    static final int SIZE = 1 << 20, MASK = SIZE - 4, OPS = 1024;

    RamBlock ram;
    long host;
    ByteBuf netty;
    ByteBuffer nio;
    int seed;

    @Setup
    public void setup() {
        ram = new RamBlock("bench", SIZE);
        host = ram.hostAddress();
        netty = Unpooled.directBuffer(SIZE, SIZE).writerIndex(SIZE);
        nio = ByteBuffer.allocateDirect(SIZE).order(ByteOrder.LITTLE_ENDIAN);
    }

    @TearDown
    public void tearDown() {
        ram.close();
        netty.release();
    }

    private int next(int x) { return (x * 1103515245 + 12345); }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int hostMemory() {
        int x = seed++, acc = 0;
        for (int i = 0; i < OPS; i++) {
            x = next(x);
            long a = host + (x & MASK);
            int v = HostMemory.read32(a);
            HostMemory.write32(a, v + 1);
            acc += v;
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int ramBlockChecked() {
        int x = seed++, acc = 0;
        for (int i = 0; i < OPS; i++) {
            x = next(x);
            int off = x & MASK;
            int v = ram.read32(off);
            ram.write32(off, v + 1);
            acc += v;
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int nettyByteBufLE() {
        int x = seed++, acc = 0;
        for (int i = 0; i < OPS; i++) {
            x = next(x);
            int off = x & MASK;
            int v = netty.getIntLE(off);
            netty.setIntLE(off, v + 1);
            acc += v;
        }
        return acc;
    }

    @Benchmark
    @OperationsPerInvocation(OPS)
    public int directByteBufferLE() {
        int x = seed++, acc = 0;
        for (int i = 0; i < OPS; i++) {
            x = next(x);
            int off = x & MASK;
            int v = nio.getInt(off);
            nio.putInt(off, v + 1);
            acc += v;
        }
        return acc;
    }
}
