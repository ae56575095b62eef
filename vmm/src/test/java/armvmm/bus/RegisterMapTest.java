package armvmm.bus;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class RegisterMapTest {
    enum Regs implements RegisterMap.Register {
        CTRL(0x00), STATUS(0x04), ID(0xFE0);

        final int offset;

        Regs(int offset) { this.offset = offset; }

        @Override
        public int offset() { return offset; }
    }

    enum Clash implements RegisterMap.Register {
        A(0x10), B(0x10);

        final int offset;

        Clash(int offset) { this.offset = offset; }

        @Override
        public int offset() { return offset; }
    }

    @Test
    void decodesExactWordOffsetsOnly() {
        RegisterMap<Regs> map = RegisterMap.of(Regs.class);
        assertEquals(Regs.CTRL, map.at(0));
        assertEquals(Regs.STATUS, map.at(4));
        assertEquals(Regs.ID, map.at(0xFE0));
        assertNull(map.at(8), "a hole");
        assertNull(map.at(5), "inside a register but not its first byte");
        assertNull(map.at(0x1000), "past the end");
        assertNull(map.at(-4));
    }

    @Test
    void twoRegistersAtOneOffsetIsATableBug() {
        var e = assertThrows(IllegalArgumentException.class, () -> RegisterMap.of(Clash.class));
        assertTrue(e.getMessage().contains("B") && e.getMessage().contains("A"), e.getMessage());
    }
}
