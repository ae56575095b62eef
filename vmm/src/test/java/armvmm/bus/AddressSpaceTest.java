package armvmm.bus;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.memory.RamBlock;
import org.junit.jupiter.api.Test;

class AddressSpaceTest {
    @Test
    void overlappingRegionIsRejectedNamingBoth() {
        AddressSpace as = new AddressSpace();
        as.mapRam("ram", 0x8000_0000L, new RamBlock("ram", 1 << 20));
        var e = assertThrows(IllegalStateException.class, () -> as.mapRam("ram2", 0x800F_F000L, new RamBlock("ram2", 1 << 16)));
        assertTrue(e.getMessage().contains("ram2") && e.getMessage().contains("ram ["), e.getMessage());
    }
}
