package armvmm.devices;

import static org.junit.jupiter.api.Assertions.*;

import armvmm.bus.AddressSpace;
import armvmm.bus.BusErrorException;
import armvmm.bus.BusMaster;
import armvmm.bus.MmioDevice;
import armvmm.devices.gic.Gicv2;
import armvmm.devices.gic.Gicv3;
import armvmm.devices.gpio.Pl061;
import armvmm.devices.rtc.Pl031;
import armvmm.devices.sysctl.Sp810;
import armvmm.devices.timer.Sp804;
import armvmm.devices.uart.Pl011;
import armvmm.devices.unimp.UnimplementedDevice;
import armvmm.devices.vexpress.PowerControl;
import armvmm.devices.vexpress.VexpressSysRegs;
import armvmm.devices.virtio.VirtioMmioTransport;
import armvmm.devices.virtio.rng.VirtioRng;
import armvmm.fuzz.FuzzCampaign;
import armvmm.fuzz.FuzzInput;
import armvmm.irq.IrqLine;
import armvmm.irq.LevelLatch;
import armvmm.time.VirtualClock;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target for every MMIO device's register file: a sequence of reads and writes at input-chosen
 * offsets, widths and values, through the bus as a CPU makes them, with time passing in between. The only
 * exception an access may raise is {@link BusErrorException} (the guest's external abort); afterwards the
 * device is reset, must then read exactly as a device built fresh at the same moment, and takes the same
 * kind of sequence again.
 */
public class MmioRegisterFuzzTest {
    private static final int CPUS = 2;
    private static final long BASE = 0x1c000000L;

    /** One device (two MMIO frames for the GIC), built on a clock; {@code regions} are (offset from BASE, size, device). */
    record Rig(List<MmioDevice> devices, List<long[]> frames) {}

    static Rig make(int which, VirtualClock clock) {
        IrqLine irq = new LevelLatch();
        MmioDevice d = switch (which) {
            case 0 -> new Pl011("pl011", clock, irq);
            case 1 -> new Sp804("sp804", clock, irq);
            case 2 -> new Sp810("sp810");
            case 3 -> new Pl031("pl031", clock, irq);
            case 4 -> new Pl061("pl061", irq);
            case 5 -> new VexpressSysRegs("sysregs", clock, new PowerControl() {
                @Override public void powerOff(String why) {}
                @Override public void reset(String why) {}
            });
            case 6 -> new UnimplementedDevice("unimp");
            case 7 -> new VirtioMmioTransport("virtio-rng", new VirtioRng(new SecureRandom(new byte[1])), new AddressSpace(), irq,
                    VirtioMmioTransport.Version.MODERN);
            default -> null;
        };
        if (d != null) return new Rig(List.of(d), List.of(new long[] {0, 0x1000}));
        List<IrqLine> irqs = List.of(new LevelLatch(), new LevelLatch()), fiqs = List.of(new LevelLatch(), new LevelLatch());
        if (which == 9) {
            // 288 IDs, as on virt: GICD_IROUTER of the IDs past them must be RAZ/WI too
            Gicv3 gic = new Gicv3(288, irqs, fiqs);
            return new Rig(List.of(gic.distributor(), gic.redistributors()),
                    List.of(new long[] {0, 0x10000}, new long[] {0x10000, CPUS * Gicv3.REDISTRIBUTOR_STRIDE}));
        }
        Gicv2 gic = new Gicv2(96, irqs, fiqs);
        return new Rig(List.of(gic.distributor(), gic.cpuInterface()), List.of(new long[] {0, 0x1000}, new long[] {0x2000, 0x2000}));
    }

    static final int DEVICES = 10;

    /** How far from BASE accesses go: every frame of the rig, and at least 16 KiB (past the small devices' 4 KiB). */
    private static long span(Rig rig) {
        long end = 0x4000;
        for (long[] f : rig.frames) end = Math.max(end, f[0] + f[1]);
        return end;
    }

    private static AddressSpace bus(Rig rig) {
        AddressSpace bus = new AddressSpace();
        for (int i = 0; i < rig.devices.size(); i++) bus.mapMmio(BASE + rig.frames.get(i)[0], rig.frames.get(i)[1], rig.devices.get(i));
        return bus;
    }

    private static BusMaster cpu(int id) {
        return new BusMaster() {
            public int id() { return id; }
            public long currentPc() { return 0; }
        };
    }

    private static void accesses(FuzzInput in, AddressSpace bus, VirtualClock clock, int n, long span) {
        for (int i = 0; i < n && !in.exhausted(); i++) {
            int op = in.u8();
            long pa = BASE + (in.bool() ? in.below((int) span) : in.below(0x400) & ~3);
            int size = in.pick(1, 2, 4, 4, 4, 8);
            BusMaster who = cpu(in.below(CPUS));
            try {
                switch (op % 4) {
                    case 0, 1 -> bus.write(pa, size, in.u64(), who);
                    case 2 -> bus.read(pa, size, who);
                    default -> clock.advance(in.u32() & 0xffffffL);
                }
            } catch (BusErrorException abort) {
                // The guest's external abort: what an access the device does not decode must give.
            }
        }
    }

    /**
     * Every word of every frame, in order, as CPU 0 reads it (value or bus error), but for the registers a
     * reset rightly leaves alone: the PL031's RTCDR and RTCLR hold the time of day, which a reset of the
     * machine does not turn back (as on hardware, where the RTC runs on through it), and the motherboard's
     * SYS_NVFLAGS are the flags that survive a reset (V2M-P1 TRM 4.3: cleared at power-on only). Frames of
     * more than 16 KiB (the GICv3's, mostly reserved) give their named registers only: reading each of
     * their reserved words would log each once, which takes seconds.
     */
    private static Map<Long, String> snapshot(AddressSpace bus, Rig rig) {
        Map<Long, String> out = new TreeMap<>();
        for (int i = 0; i < rig.frames.size(); i++) {
            long[] f = rig.frames.get(i);
            MmioDevice frame = rig.devices.get(i);
            for (long off = 0; off < f[1]; off += 4) {
                MmioDevice d = rig.devices.get(0);
                if (d instanceof Pl031 && (off == 0x0 || off == 0x8) || d instanceof VexpressSysRegs && off == 0x38) continue;
                if (f[1] > 0x4000 && frame.registerName(off) == null) continue;
                String v;
                try {
                    v = Long.toHexString(bus.read(BASE + f[0] + off, 4, cpu(0)));
                } catch (BusErrorException e) {
                    v = "abort";
                }
                out.put(f[0] + off, v);
            }
        }
        return out;
    }

    private static void sameAsFresh(Map<Long, String> fresh, Map<Long, String> reset, String device) {
        StringBuilder diff = new StringBuilder();
        fresh.forEach((off, v) -> {
            if (!v.equals(reset.get(off))) diff.append(String.format(" +0x%x: fresh %s, after reset %s;", off, v, reset.get(off)));
        });
        assertEquals("", diff.toString(), device + " after reset reads as a fresh one");
    }

    public static void registers(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        int which = in.below(DEVICES);
        VirtualClock clock = new VirtualClock(0);
        Rig rig = make(which, clock);
        AddressSpace bus = bus(rig);
        try {
            accesses(in, bus, clock, 256, span(rig));
            rig.devices.forEach(MmioDevice::reset);
            Rig fresh = make(which, clock);
            try {
                sameAsFresh(snapshot(bus(fresh), fresh), snapshot(bus, rig), rig.devices.get(0).name());
            } finally {
                fresh.devices.forEach(MmioRegisterFuzzTest::close);
            }
            accesses(in, bus, clock, 256, span(rig));
        } finally {
            rig.devices.forEach(MmioRegisterFuzzTest::close);
        }
    }

    private static void close(MmioDevice d) {
        if (d instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    @FuzzTest(maxDuration = "10m") void registersFuzz(byte[] data) { registers(data); }

    @Test void registersRandom() { FuzzCampaign.run("mmio-registers", 3000, 4096, Duration.ofSeconds(5), MmioRegisterFuzzTest::registers); }
}
