package armvmm.kvm.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** KVM_IRQ_LINE's irq field for arm64: vcpu2_index[31:28] irq_type[27:24] vcpu_index[23:16] irq_id[15:0]. */
class VgicTest {
    @Test
    void spiIsTypeOneWithTheGicInterruptId() {
        assertEquals(0x0100_0020, Vgic.spiIrq(32));
        assertEquals(0x0100_0044, Vgic.spiIrq(68)); // vexpress UART0: SPI 36, interrupt ID 68
    }

    @Test
    void ppiIsTypeTwoWithTheVcpu() {
        assertEquals(0x0201_001b, Vgic.ppiIrq(1, 27));
        assertEquals(0x1205_0010, Vgic.ppiIrq(0x105, 16)); // vCPU 261: vcpu2_index carries bits above 255
    }
}
