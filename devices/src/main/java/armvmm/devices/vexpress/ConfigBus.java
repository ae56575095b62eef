package armvmm.devices.vexpress;

import java.util.HashMap;
import java.util.Map;

/**
 * The Versatile Express configuration bus behind SYS_CFGCTRL/SYS_CFGDATA: the motherboard (site 0) and the
 * CoreTile Express A15x2 (site 1) daughterboard controllers, with the oscillators and voltage sensors Linux's
 * vexpress-config clients read. Values are those of the V2M-P1 and V2P-CA15 TRMs (and QEMU's vexpress-a15).
 */
final class ConfigBus {
    static final int SITE_MB = 0;
    static final int SITE_DB1 = 1;

    /** A device of a function on a site: the address of one configuration register. */
    record Address(int site, ConfigFunction function, int device) {}

    /** Oscillator and voltage values at power-on, in Hz and microvolts. */
    private static final Map<Address, Integer> POWER_ON = Map.ofEntries(
            // Motherboard (site 0)
            Map.entry(new Address(SITE_MB, ConfigFunction.OSC, 0), 50_000_000),   // OSC0: static memory controller
            Map.entry(new Address(SITE_MB, ConfigFunction.OSC, 1), 23_750_000),   // OSC1: CLCD pixel clock
            Map.entry(new Address(SITE_MB, ConfigFunction.OSC, 2), 24_000_000),   // OSC2: peripheral clock (UARTs, ...)
            Map.entry(new Address(SITE_MB, ConfigFunction.OSC, 3), 24_000_000),   // OSC3: reserved
            Map.entry(new Address(SITE_MB, ConfigFunction.OSC, 4), 24_000_000),   // OSC4: system bus global clock
            Map.entry(new Address(SITE_MB, ConfigFunction.OSC, 5), 24_000_000),   // OSC5: reserved
            Map.entry(new Address(SITE_MB, ConfigFunction.VOLT, 0), 3_300_000),   // VIO: 3.3 V
            // CoreTile Express A15x2 (site 1)
            Map.entry(new Address(SITE_DB1, ConfigFunction.OSC, 0), 60_000_000),  // OSCCLK0: CPU reference
            Map.entry(new Address(SITE_DB1, ConfigFunction.OSC, 1), 0),           // OSCCLK1-3: reserved
            Map.entry(new Address(SITE_DB1, ConfigFunction.OSC, 2), 0),
            Map.entry(new Address(SITE_DB1, ConfigFunction.OSC, 3), 0),
            Map.entry(new Address(SITE_DB1, ConfigFunction.OSC, 4), 40_000_000),  // OSCCLK4: external AXI master
            Map.entry(new Address(SITE_DB1, ConfigFunction.OSC, 5), 23_750_000),  // OSCCLK5: HDLCD PLL reference
            Map.entry(new Address(SITE_DB1, ConfigFunction.OSC, 6), 50_000_000),  // OSCCLK6: static memory controller
            Map.entry(new Address(SITE_DB1, ConfigFunction.OSC, 7), 60_000_000),  // OSCCLK7: SYSCLK reference
            Map.entry(new Address(SITE_DB1, ConfigFunction.OSC, 8), 40_000_000),  // OSCCLK8: DDR2 PLL reference
            Map.entry(new Address(SITE_DB1, ConfigFunction.VOLT, 0), 900_000));   // VCORE: 0.9 V

    private final Map<Address, Integer> values = new HashMap<>();

    ConfigBus() { reset(); }

    void reset() {
        values.clear();
        values.putAll(POWER_ON);
    }

    /** The oscillators in the power-on table's order (a HashMap's own order is not stable across runs). */
    void saveState(java.io.DataOutput out) throws java.io.IOException {
        for (Address a : POWER_ON.keySet().stream().sorted(java.util.Comparator.comparing(Address::toString)).toList()) out.writeInt(values.get(a));
    }

    void loadState(java.io.DataInput in) throws java.io.IOException {
        for (Address a : POWER_ON.keySet().stream().sorted(java.util.Comparator.comparing(Address::toString)).toList()) values.put(a, in.readInt());
    }

    /** The value at {@code a}, or null when nothing answers there (the transfer then reports an error). */
    Integer read(Address a) { return values.get(a); }

    /** Oscillators can be reprogrammed (Linux sets the CLCD clock); sensors are read-only. */
    boolean write(Address a, int value) {
        if (a.function() != ConfigFunction.OSC || !values.containsKey(a)) return false;
        values.put(a, value);
        return true;
    }
}
