package armvmm.boards.vexpress;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import armvmm.boards.HostTools;
import armvmm.memory.RamBlock;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecondaryBootRomTest {
    @TempDir
    Path tmp;

    /** The hand-encoded pen is what the assembler makes of the assembly in its comments. */
    @Test
    void theEncodedPenIsItsAssembly() throws Exception {
        assumeTrue(HostTools.works("arm-none-eabi-as", "--version"), "arm-none-eabi-as (Debian package gcc-arm-none-eabi / binutils-arm-none-eabi) is not installed");
        Files.writeString(tmp.resolve("pen.S"), """
                    .syntax unified
                    .arm
                    ldr   r0, gicd
                    movw  r1, #0xffff
                    str   r1, [r0, #0x100]
                    ldr   r0, gicc
                    mov   r1, #1
                    str   r1, [r0]
                    mov   r1, #0xff
                    str   r1, [r0, #4]
                    ldr   r2, flags
                pen:
                    wfi
                    ldr   r3, [r2]
                    cmp   r3, #0
                    beq   pen
                    bx    r3
                gicd:  .word 0x2c001000
                gicc:  .word 0x2c002000
                flags: .word 0x1c010030
                """);
        HostTools.run(tmp, "arm-none-eabi-as", "-mcpu=cortex-a15", "-o", "pen.o", "pen.S");
        HostTools.run(tmp, "arm-none-eabi-objcopy", "-O", "binary", "pen.o", "pen.bin");
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(tmp.resolve("pen.bin"))).order(ByteOrder.LITTLE_ENDIAN);
        int[] expected = new int[b.remaining() / 4];
        for (int i = 0; i < expected.length; i++) expected[i] = b.getInt();
        assertArrayEquals(expected, SecondaryBootRom.code(VexpressMap.GIC_DIST.base, VexpressMap.GIC_CPU.base, SecondaryBootRom.SYS_FLAGS));
    }

    @Test
    void theRomHoldsThePenAtItsEntry() {
        try (RamBlock rom = SecondaryBootRom.build()) {
            assertEquals(0xe59f0030, rom.read32(0));
            assertEquals(0x2c001000, rom.read32(0x38));
            assertEquals(0x2c002000, rom.read32(0x3c));
            assertEquals(0x1c010030, rom.read32(0x40));
        }
        assertEquals(0, SecondaryBootRom.entry());
    }
}
