package armvmm.devices.gpio;

import armvmm.bus.AccessSizes;
import armvmm.bus.MmioDevice;
import armvmm.bus.UnknownAccessLog;
import armvmm.devices.amba.PrimeCellId;
import armvmm.irq.IrqLine;

/**
 * An ARM PL061 general purpose input/output (DDI 0190): eight pins, each an input or an output
 * (GPIODIR), with an interrupt per pin that is edge or level sensitive (GPIOIS), on one or both edges
 * (GPIOIBE, GPIOIEV) and masked by GPIOIE; the combined interrupt GPIOINTR is the OR of GPIOMIS.
 *
 * <p>GPIODATA is the window 0x000-0x3FC: address bits [9:2] are a mask of the pins an access reads or
 * writes (TRM 3.3.1), so software changes one pin without a read-modify-write. Inputs are driven from
 * the host side by {@link #setInput} (on the virt board, the power button). The pins' alternate function
 * (GPIOAFSEL) is stored and has no other effect: nothing is behind a pin but what the board connects.
 */
public final class Pl061 implements MmioDevice , armvmm.snapshot.Snapshottable {
    public static final PrimeCellId ID = new PrimeCellId(0x061, 0, 0x00);
    public static final int PINS = 8;

    /** The registers after the data window, as the TRM (3.2, Table 3-1) names them. */
    static final int GPIODIR = 0x400, GPIOIS = 0x404, GPIOIBE = 0x408, GPIOIEV = 0x40C, GPIOIE = 0x410, GPIORIS = 0x414,
            GPIOMIS = 0x418, GPIOIC = 0x41C, GPIOAFSEL = 0x420;
    /** The end of GPIODATA's masked window. */
    static final int DATA_END = 0x400;

    private final String name;
    private final IrqLine irq;
    private final UnknownAccessLog unknown;

    // guarded by this; each an 8-bit pin mask
    private int data;      // what the output pins drive (GPIODATA written)
    private int inputs;    // the level on each pin from outside
    private int dir, is, ibe, iev, ie, ris, afsel;

    public Pl061(String name, IrqLine irq) {
        this.name = name;
        this.irq = irq;
        this.unknown = new UnknownAccessLog(name);
        reset();
    }

    @Override
    public String name() { return name; }

    /** Its registers are eight bits wide on a 32-bit APB: Linux's gpio-pl061 uses byte accesses (readb/writeb), the AMBA bus words for the ID. */
    @Override
    public AccessSizes accessSizes() { return AccessSizes.UP_TO_WORD; }

    @Override
    public synchronized void reset() {
        // TRM 3.3: every register resets to 0 (all pins inputs, interrupts edge-triggered on falling edges, masked).
        data = dir = is = ibe = iev = ie = ris = afsel = 0;
        // The inputs are the outside world's: a machine reset does not move them, but re-evaluates levels.
        updateLevelInterrupts();
        updateIrq();
    }

    @Override
    public synchronized void saveState(java.io.DataOutput out) throws java.io.IOException {
        for (int v : new int[] {data, inputs, dir, is, ibe, iev, ie, ris, afsel}) out.writeByte(v);
    }

    @Override
    public synchronized void loadState(java.io.DataInput in) throws java.io.IOException {
        data = in.readUnsignedByte();
        // the pins driven from outside (the power button) are this run's, not the snapshot's
        in.readUnsignedByte();
        dir = in.readUnsignedByte();
        is = in.readUnsignedByte();
        ibe = in.readUnsignedByte();
        iev = in.readUnsignedByte();
        ie = in.readUnsignedByte();
        ris = in.readUnsignedByte();
        afsel = in.readUnsignedByte();
        updateLevelInterrupts();
        updateIrq();
    }

    /** The level each pin has: an output's driven value, else what is applied from outside. */
    private int pinLevels() { return (data & dir) | (inputs & ~dir); }

    @Override
    public synchronized long read(long offset, int size, int requester) {
        if (offset < DATA_END) return pinLevels() & (int) (offset >> 2) & 0xff;
        if (PrimeCellId.covers(offset)) return ID.read(offset);
        return switch ((int) offset) {
            case GPIODIR -> dir;
            case GPIOIS -> is;
            case GPIOIBE -> ibe;
            case GPIOIEV -> iev;
            case GPIOIE -> ie;
            case GPIORIS -> ris;
            case GPIOMIS -> ris & ie;
            case GPIOAFSEL -> afsel;
            default -> {
                unknown.once("read of " + (offset == GPIOIC ? "write-only GPIOIC" : "unknown offset"), offset, size);
                yield 0;
            }
        };
    }

    @Override
    public synchronized void write(long offset, int size, long value, int requester) {
        int v = (int) value & 0xff;
        if (offset < DATA_END) {
            int mask = (int) (offset >> 2) & 0xff;
            int before = pinLevels();
            data = (data & ~mask) | (v & mask);
            pinsChanged(before);
            return;
        }
        switch ((int) offset) {
            case GPIODIR -> {
                int before = pinLevels();
                dir = v;
                pinsChanged(before);
            }
            case GPIOIS -> is = v;
            case GPIOIBE -> ibe = v;
            case GPIOIEV -> iev = v;
            case GPIOIE -> ie = v;
            case GPIOIC -> ris &= ~v; // a level-sensitive pin that is still active is raised again below
            case GPIOAFSEL -> afsel = v;
            default -> unknown.once(offset == GPIORIS || offset == GPIOMIS || PrimeCellId.covers(offset)
                    ? "write to read-only register" : "write to unknown offset", offset, size);
        }
        updateLevelInterrupts();
        updateIrq();
    }

    /** Drives input pin {@code pin} from outside (a button, a line); takes effect on a pin set as an input. */
    public synchronized void setInput(int pin, boolean high) {
        if (pin < 0 || pin >= PINS) throw new IllegalArgumentException("PL061 pin " + pin);
        int before = pinLevels();
        inputs = high ? inputs | 1 << pin : inputs & ~(1 << pin);
        pinsChanged(before);
    }

    /** Latches the edges between {@code before} and now into GPIORIS, then re-evaluates the line. */
    private void pinsChanged(int before) {
        int now = pinLevels();
        int rising = ~before & now, falling = before & ~now;
        // edge-sensitive pins (IS 0): both edges with IBE, else the edge IEV names (1 rising, 0 falling)
        int edges = ~is & ((ibe & (rising | falling)) | (~ibe & ((iev & rising) | (~iev & falling))));
        ris |= edges & 0xff;
        updateLevelInterrupts();
        updateIrq();
    }

    /** Level-sensitive pins (IS 1) read in GPIORIS as their level matches IEV (1 high, 0 low). */
    private void updateLevelInterrupts() {
        int now = pinLevels();
        int active = is & ~(now ^ iev) & 0xff;
        ris = (ris & ~is) | active;
    }

    private void updateIrq() { irq.set((ris & ie) != 0); }

    @Override
    public String registerName(long offset) {
        if (offset < DATA_END) return "GPIODATA";
        if (PrimeCellId.covers(offset)) return "GPIO" + PrimeCellId.registerName(offset);
        return switch ((int) offset) {
            case GPIODIR -> "GPIODIR";
            case GPIOIS -> "GPIOIS";
            case GPIOIBE -> "GPIOIBE";
            case GPIOIEV -> "GPIOIEV";
            case GPIOIE -> "GPIOIE";
            case GPIORIS -> "GPIORIS";
            case GPIOMIS -> "GPIOMIS";
            case GPIOIC -> "GPIOIC";
            case GPIOAFSEL -> "GPIOAFSEL";
            default -> null;
        };
    }
}
