package armvmm.tcg;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import armvmm.accel.Accelerator;
import armvmm.error.VmmException;
import armvmm.machine.PowerEvent;
import armvmm.tcg.exec.Interpreter;
import armvmm.tcg.exec.JitMode;
import armvmm.tcg.testing.BareMetal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code --accel tcg,jit=...}: the setting reaches every vCPU's interpreter, and bad settings are one line. */
class TcgAcceleratorSettingsTest {
    /** Counts 100,000 down in one block, then exits through the test device with code 7. */
    private static final int[] COUNT_DOWN = {
            0xe3000000,  // movw r0, #0
            0xe3410000,  // movt r0, #0x1000      the test device
            0xe30816a0,  // movw r1, #0x86a0
            0xe3401001,  // movt r1, #1           r1 = 100,000
            0xe2511001,  // loop: subs r1, r1, #1
            0x1afffffd,  //       bne loop
            0xe3a02007,  // mov r2, #7
            0xe5802004,  // str r2, [r0, #4]      EXIT 7
            0xeafffffe}; // b .

    private static Interpreter run(Accelerator tcg) throws Exception {
        ByteBuffer image = ByteBuffer.allocate(4 * COUNT_DOWN.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int w : COUNT_DOWN) image.putInt(w);
        try (BareMetal.Session s = new BareMetal.Session(image.array(), (int) BareMetal.RAM_BASE, 1, tcg)) {
            assertEquals(PowerEvent.Kind.POWER_OFF, s.runAsync(30_000).get(60, TimeUnit.SECONDS).kind());
            assertEquals(7, s.device.exitCode());
            return s.vcpu.interpreter();
        }
    }

    @Test
    void jitOffInterpretsTheHotLoop() throws Exception {
        Interpreter i = run(new TcgAccelerator().withSettings(Map.of("jit", "off")));
        assertEquals(JitMode.OFF, i.jit);
        assertEquals(0, i.blocksTranslated + i.blocksCalls, "no block became JVM code");
    }

    @Test
    void jitTranslateTranslatesTheHotLoop() throws Exception {
        Interpreter i = run(new TcgAccelerator().withSettings(Map.of("jit", "translate")));
        assertTrue(i.blocksTranslated >= 1, "the loop was translated");
    }

    @Test
    void jitCallsCompilesTheHotLoopAsCalls() throws Exception {
        Interpreter i = run(new TcgAccelerator().withSettings(Map.of("jit", "calls")));
        assertEquals(0, i.blocksTranslated);
        assertTrue(i.blocksCalls >= 1, "the loop became a method of executor calls");
    }

    @Test
    void tbSizeBoundsEachVcpusJvmCode() throws Exception {
        Interpreter i = run(new TcgAccelerator().withSettings(Map.of("tb-size", "1")));
        assertEquals(1L << 20, i.codeCacheLimit);
        assertTrue(i.blocksTranslated >= 1 && i.codeCacheFlushes == 0, "one small loop fits in 1 MiB");
    }

    @Test
    void badSettingsAreOneLine() {
        assertEquals("--accel tcg,jit=fast: not a JIT mode (translate, calls or off)",
                assertThrows(VmmException.class, () -> new TcgAccelerator().withSettings(Map.of("jit", "fast"))).getMessage());
        assertEquals("--accel tcg,tb-size=0: use a number of MiB from 1 to 4096",
                assertThrows(VmmException.class, () -> new TcgAccelerator().withSettings(Map.of("tb-size", "0"))).getMessage());
        assertEquals("--accel tcg,frobs=: no such setting (tcg takes jit, tb-size)",
                assertThrows(VmmException.class, () -> new TcgAccelerator().withSettings(Map.of("frobs", "64"))).getMessage());
    }
}
