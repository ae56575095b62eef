package armvmm.devices.pci;

import java.util.List;

/**
 * Function 0 of bus 0: the host bridge itself, as QEMU's generic PCIe host presents it (Red Hat's
 * 1b36:0008, class 06 00 00, a host bridge). It has no BARs: it is there so that an enumeration finds
 * the root complex where a guest expects it.
 */
public final class PciHostBridge extends PciFunction {
    public static final Identity ID = new Identity(PciTestDev.VENDOR_REDHAT, 0x0008, 0, 0x06_00_00, PciTestDev.SUBSYSTEM_VENDOR_QEMU, PciTestDev.SUBSYSTEM_QEMU);

    public PciHostBridge() { super("pcie-host-bridge", ID, List.of()); }

    @Override
    protected long barRead(PciBar bar, int offset, int size) { throw new IllegalStateException("the host bridge has no BARs"); }

    @Override
    protected void barWrite(PciBar bar, int offset, int size, long value) { throw new IllegalStateException("the host bridge has no BARs"); }
}
