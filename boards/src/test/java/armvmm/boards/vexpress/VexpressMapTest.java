package armvmm.boards.vexpress;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.boards.common.PrivateInterrupt;
import armvmm.boards.common.VirtioSlot;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VexpressMapTest {
    @Test
    void noTwoWindowsOverlap() {
        List<VexpressMap> sorted = Arrays.stream(VexpressMap.values()).sorted(Comparator.comparingLong(w -> w.base)).toList();
        for (int i = 1; i < sorted.size(); i++)
            assertTrue(sorted.get(i - 1).end() <= sorted.get(i).base, sorted.get(i - 1) + " overlaps " + sorted.get(i));
    }

    @Test
    void noTwoWindowsShareAnInterrupt() {
        Map<Integer, VexpressMap> owner = new HashMap<>();
        for (VexpressMap w : VexpressMap.values())
            for (int spi : w.spis()) {
                VexpressMap prev = owner.put(spi, w);
                assertNull(prev, "SPI " + spi + " of " + w + " is also " + prev + "'s");
                assertTrue(VexpressMap.SPI_BASE + spi < VexpressMap.GIC_LINES, w + ": SPI " + spi + " beyond the GIC's lines");
            }
    }

    @Test
    void numbersAreThoseOfTheCa15DeviceTreeAndQemu() {
        assertEquals(0x1c090000L, VexpressMap.UART0.base);
        assertEquals(37, VexpressMap.UART0.intid(0));
        assertEquals(0x1c0c0000L, VexpressMap.UART3.base);
        assertEquals(34, VexpressMap.TIMER01.intid(0));
        assertEquals(35, VexpressMap.TIMER23.intid(0));
        assertEquals(36, VexpressMap.RTC.intid(0));
        assertEquals(0x2c001000L, VexpressMap.GIC_DIST.base);
        assertEquals(0x2c002000L, VexpressMap.GIC_CPU.base);
        assertEquals(0x2c000000L, VexpressMap.PERIPHBASE);
        assertEquals(0x80000000L, VexpressMap.DRAM.base);
        assertEquals(List.of(29, 30, 27, 26), List.of(PrivateInterrupt.SECURE_PHYSICAL_TIMER.intid(), PrivateInterrupt.NON_SECURE_PHYSICAL_TIMER.intid(),
                PrivateInterrupt.VIRTUAL_TIMER.intid(), PrivateInterrupt.HYPERVISOR_TIMER.intid()));
    }

    @Test
    void virtioTransportsSitInTheirWindowAtQemusPlaces() {
        assertEquals(4, VirtioSlot.count(VexpressMap.VIRTIO));
        for (int i = 0; i < VirtioSlot.count(VexpressMap.VIRTIO); i++) {
            VirtioSlot s = new VirtioSlot(VexpressMap.VIRTIO, i, VirtioSlot.Kind.BLOCK, Map.of());
            assertEquals(0x1c130000L + 0x200L * i, s.base());
            assertEquals(32 + 40 + i, s.intid());
            assertTrue(s.base() >= VexpressMap.VIRTIO.base && s.base() + s.size() <= VexpressMap.VIRTIO.end());
        }
    }
}
