package armvmm.devices.pci;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.bus.MmioDevice;
import armvmm.snapshot.SnapshotFormatException;
import armvmm.snapshot.Snapshottable;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The host as a guest's PCI code sees it through the ECAM window and the two address windows: enumeration,
 * BAR sizing and assignment, decoding switched by COMMAND, and QEMU's pci-testdev protocol (the one
 * kvm-unit-tests' pci-test drives), byte for byte.
 */
class PciEcamHostTest {
    /** Where the board maps the memory window; PCI memory addresses equal CPU addresses. */
    static final long MEM_BASE = 0x1000_0000L;
    static final int TESTDEV = 1 << 3;

    PciEcamHost host;
    MmioDevice ecam, mem, io;

    @BeforeEach
    void plug() {
        host = new PciEcamHost("pcie@3f000000");
        assertEquals(1, host.plug(new PciTestDev("pci-testdev")));
        ecam = host.ecam();
        mem = host.memoryWindow(MEM_BASE);
        io = host.ioWindow();
    }

    long cfgRead(int devfn, int reg, int size) { return ecam.read((long) devfn << PciEcamHost.DEVFN_SHIFT | reg, size, 0); }

    void cfgWrite(int devfn, int reg, int size, long v) { ecam.write((long) devfn << PciEcamHost.DEVFN_SHIFT | reg, size, v, 0); }

    @Test
    void enumerationFindsTheHostBridgeAndTheTestDeviceAndAllOnesElsewhere() {
        assertEquals(0x0008_1b36L, cfgRead(0, 0, 4));
        assertEquals(0x0005_1b36L, cfgRead(TESTDEV, 0, 4));
        assertEquals(0x1b36, cfgRead(TESTDEV, 0, 2));
        assertEquals(0x05, cfgRead(TESTDEV, 2, 1));
        assertEquals(0x06_00_00_00L, cfgRead(0, 0x08, 4), "host bridge: class 06, subclass 00, revision 0");
        assertEquals(0x00_ff_00_00L, cfgRead(TESTDEV, 0x08, 4), "QEMU's pci-testdev class code");
        assertEquals(0x1100_1af4L, cfgRead(TESTDEV, 0x2c, 4), "QEMU's subsystem IDs");
        assertEquals(0, cfgRead(TESTDEV, 0x0e, 1), "type 0 header, one function");
        assertEquals(0xffff_ffffL, cfgRead(2 << 3, 0, 4), "no device 2");
        assertEquals(0xffff, cfgRead(TESTDEV | 1, 0, 2), "no function 1");
        assertEquals(0xffff_ffffL, ecam.read(1L << PciEcamHost.BUS_SHIFT, 4, 0), "nothing on bus 1");
        assertEquals(0xffff_ffffL, cfgRead(TESTDEV, 0x100, 4), "no extended configuration space");
        assertEquals(0, cfgRead(TESTDEV, 0x34, 1), "no capability list");
        cfgWrite(2 << 3, 0x04, 2, 0xffff);
        assertEquals(0xffff_ffffL, cfgRead(2 << 3, 0, 4), "writes to an absent function change nothing");
    }

    @Test
    void readOnlyRegistersIgnoreWritesAndCommandTakesOnlyItsBits() {
        cfgWrite(TESTDEV, 0, 4, 0x1234_5678);
        assertEquals(0x0005_1b36L, cfgRead(TESTDEV, 0, 4));
        cfgWrite(TESTDEV, 0x04, 4, 0xffff_ffffL);
        assertEquals(0x0547, cfgRead(TESTDEV, 0x04, 2), "I/O, memory, master, parity, SERR, INTx disable");
        assertEquals(0, cfgRead(TESTDEV, 0x06, 2), "status has no bit a write can set");
        cfgWrite(TESTDEV, 0x3c, 1, 0x2a);
        assertEquals(0x2a, cfgRead(TESTDEV, 0x3c, 1), "interrupt line is the driver's scratch");
        assertEquals(0, cfgRead(TESTDEV, 0x3d, 1), "no interrupt pin");
    }

    @Test
    void barsAreSizedByWritingAllOnes() {
        cfgWrite(TESTDEV, 0x10, 4, 0xffff_ffffL);
        assertEquals(0xffff_f000L, cfgRead(TESTDEV, 0x10, 4), "BAR0: 4 KiB of 32-bit memory");
        cfgWrite(TESTDEV, 0x14, 4, 0xffff_ffffL);
        assertEquals(0xffff_ff01L, cfgRead(TESTDEV, 0x14, 4), "BAR1: 256 bytes of I/O");
        for (int bar = 2; bar < 6; bar++) {
            cfgWrite(TESTDEV, 0x10 + 4 * bar, 4, 0xffff_ffffL);
            assertEquals(0, cfgRead(TESTDEV, 0x10 + 4 * bar, 4), "BAR" + bar + " not implemented");
        }
        cfgWrite(TESTDEV, 0x30, 4, 0xffff_ffffL);
        assertEquals(0, cfgRead(TESTDEV, 0x30, 4), "no expansion ROM");
        cfgWrite(0, 0x10, 4, 0xffff_ffffL);
        assertEquals(0, cfgRead(0, 0x10, 4), "the host bridge has no BARs");
    }

    @Test
    void aBarDecodesOnlyWhereItIsAndOnlyWithItsCommandBit() {
        cfgWrite(TESTDEV, 0x10, 4, MEM_BASE + 0x2000);
        mem.write(0x2000, 1, 0, 0);
        assertEquals(0xffff_ffffL, mem.read(0x2000 + 4, 4, 0), "memory decoding off: a master abort");
        cfgWrite(TESTDEV, 0x04, 2, 0x2);
        mem.write(0x2000, 1, 0, 0);
        assertEquals(2048, mem.read(0x2000 + 4, 4, 0), "test 0 selected through BAR0 at its new address");
        cfgWrite(TESTDEV, 0x10, 4, MEM_BASE + 0x5000);
        assertEquals(0xffff_ffffL, mem.read(0x2000 + 4, 4, 0), "the old address no longer decodes");
        assertEquals(2048, mem.read(0x5000 + 4, 4, 0));
        assertEquals(0xffff_ffffL, mem.read(0x5000 + 0x1000, 4, 0), "past the BAR's 4 KiB");

        cfgWrite(TESTDEV, 0x14, 4, 0x100);
        io.write(0x100, 1, 0, 0);
        assertEquals(0xff, io.read(0x100 + 4, 1, 0), "I/O decoding still off");
        cfgWrite(TESTDEV, 0x04, 2, 0x3);
        io.write(0x100, 1, 1, 0);
        assertEquals(128 + 4, io.read(0x100 + 4, 4, 0), "portio test 1 (wildcard) writes to half the BAR plus 4");
    }

    /** kvm-unit-tests' pci_testdev_one, for every test of both BARs: select, read the header, write 16 times, count. */
    @Test
    void everyTestCountsItsSixteenWritesAndNamesItself() {
        cfgWrite(TESTDEV, 0x10, 4, MEM_BASE);
        cfgWrite(TESTDEV, 0x14, 4, 0);
        cfgWrite(TESTDEV, 0x04, 2, 0x3);
        String[] names = {"mmio-no-eventfd", "mmio-wildcard-eventfd", "mmio-datamatch-eventfd",
                "portio-no-eventfd", "portio-wildcard-eventfd", "portio-datamatch-eventfd"};
        for (int t = 0; t < 6; t++) {
            MmioDevice w = t < 3 ? mem : io;
            w.write(0, 1, t % 3, 0);
            assertEquals(t, w.read(0, 1, 0), "the header says which test");
            assertEquals(1, w.read(1, 1, 0), "width 1");
            assertEquals(0, w.read(12, 4, 0), "count starts at 0");
            long offset = w.read(4, 4, 0);
            assertEquals((t < 3 ? 2048 : 128) + t, offset);
            int data = (int) w.read(8, 4, 0);
            assertEquals(t % 3 == 1 ? 0xce : 0xfa, data);
            for (int i = 0; i < 16; i++) w.write(offset, 1, data, 0);
            assertEquals(16, w.read(12, 4, 0), names[t]);
            StringBuilder name = new StringBuilder();
            for (int i = 16; ; i++) {
                int c = (int) w.read(i, 1, 0);
                if (c == 0) break;
                name.append((char) c);
            }
            assertEquals(names[t], name.toString());
        }
    }

    @Test
    void aDataMatchingTestCountsOnlyItsDataAndAWildcardAnyByte() {
        cfgWrite(TESTDEV, 0x10, 4, MEM_BASE);
        cfgWrite(TESTDEV, 0x04, 2, 0x2);
        mem.write(0, 1, 2, 0);
        mem.write(2048 + 2, 1, 0x11, 0);
        mem.write(2048 + 1, 1, 0xfa, 0);
        assertEquals(0, mem.read(12, 4, 0), "another byte, or the right byte elsewhere, does not count");
        mem.write(2048 + 2, 1, 0xfa, 0);
        assertEquals(1, mem.read(12, 4, 0));
        mem.write(0, 1, 1, 0);
        assertEquals(0, mem.read(12, 4, 0), "selecting a test zeroes its count");
        mem.write(2048 + 1, 1, 0x11, 0);
        mem.write(2048 + 1, 1, 0x22, 0);
        assertEquals(2, mem.read(12, 4, 0));
        mem.write(0, 1, 3, 0);
        assertEquals(0, mem.read(0, 4, 0), "no test 3: nothing selected, the BAR reads 0");
    }

    @Test
    void resetUnassignsTheBarsAndTheSnapshotCarriesThem() throws IOException {
        cfgWrite(TESTDEV, 0x10, 4, MEM_BASE + 0x3000);
        cfgWrite(TESTDEV, 0x04, 2, 0x2);
        mem.write(0x3000, 1, 0, 0);
        mem.write(0x3000 + 2048, 1, 0xfa, 0);
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        Snapshottable s = (Snapshottable) ecam;
        s.saveState(new DataOutputStream(saved));

        ecam.reset();
        assertEquals(0, cfgRead(TESTDEV, 0x04, 2));
        assertEquals(0, cfgRead(TESTDEV, 0x10, 4));

        s.loadState(new DataInputStream(new ByteArrayInputStream(saved.toByteArray())));
        assertEquals(MEM_BASE + 0x3000, cfgRead(TESTDEV, 0x10, 4));
        assertEquals(1, mem.read(0x3000 + 12, 4, 0), "the test and its count came back");

        byte[] other = saved.toByteArray();
        other[PciFunction.CONFIG_SIZE + 2] ^= 1;  // the test device's device ID
        assertThrows(SnapshotFormatException.class, () -> s.loadState(new DataInputStream(new ByteArrayInputStream(other))));
    }
}
