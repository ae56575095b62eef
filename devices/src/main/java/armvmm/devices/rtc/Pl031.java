package armvmm.devices.rtc;

import armvmm.bus.AccessSizes;
import armvmm.bus.RegisterMap;
import armvmm.devices.amba.ApbPeripheral;
import armvmm.devices.amba.PrimeCellId;
import armvmm.irq.IrqLine;
import armvmm.time.MachineClock;

/**
 * An ARM PL031 real-time clock (DDI 0224): a 32-bit seconds counter that starts at the host's time
 * (MachineClock.wallClockMillis), can be loaded through RTCLR, and raises its interrupt when it reaches
 * the match register. The counter always runs (RTCCR reads 1), as on QEMU, so Linux's rtc-pl031 finds it
 * started.
 */
public final class Pl031 extends ApbPeripheral<Pl031.Register> implements armvmm.snapshot.Snapshottable {
    public static final PrimeCellId ID = new PrimeCellId(0x031, 1, 0x00);

    enum Register implements RegisterMap.Register {
        RTCDR(0x000), RTCMR(0x004), RTCLR(0x008), RTCCR(0x00C), RTCIMSC(0x010), RTCRIS(0x014), RTCMIS(0x018), RTCICR(0x01C);

        final int offset;

        Register(int offset) { this.offset = offset; }

        @Override
        public int offset() { return offset; }
    }

    private final MachineClock clock;
    private final IrqLine irq;
    private final MachineClock.DeadlineTimer matchTimer;

    /** RTCDR = host seconds + offset (mod 2^32): RTCLR moves the offset. */
    private long offsetSeconds;
    private int match;
    private boolean imsc;
    private boolean ris;

    public Pl031(String name, MachineClock clock, IrqLine irq) {
        super(name, ID, "RTC", Register.class);
        this.clock = clock;
        this.irq = irq;
        this.matchTimer = clock.newTimer(name + "-match", this::matched);
        reset();
    }

    @Override
    public AccessSizes accessSizes() { return AccessSizes.WORD; }

    @Override
    public synchronized void reset() {
        // The counter is battery-backed time: a machine reset does not move it.
        match = 0;
        imsc = false;
        ris = false;
        matchTimer.cancel();
        updateIrq();
    }

    /**
     * The count is saved, not the offset to host time: a restored guest's RTC goes on from the second it was
     * saved at, as its generic timer does, however long the file lay on disk.
     */
    @Override
    public synchronized void saveState(java.io.DataOutput out) throws java.io.IOException {
        out.writeInt(count());
        out.writeInt(match);
        out.writeBoolean(imsc);
        out.writeBoolean(ris);
    }

    @Override
    public synchronized void loadState(java.io.DataInput in) throws java.io.IOException {
        offsetSeconds = Integer.toUnsignedLong(in.readInt()) - hostSeconds();
        match = in.readInt();
        imsc = in.readBoolean();
        boolean raised = in.readBoolean();
        armMatch();
        ris = raised;
        updateIrq();
    }

    private long hostSeconds() { return Math.floorDiv(clock.wallClockMillis(), 1000); }

    private int count() { return (int) (hostSeconds() + offsetSeconds); }

    @Override
    protected synchronized int readRegister(Register r) {
        return switch (r) {
            case RTCDR -> count();
            case RTCMR -> match;
            case RTCLR -> count();
            case RTCCR -> 1;
            case RTCIMSC -> imsc ? 1 : 0;
            case RTCRIS -> ris ? 1 : 0;
            case RTCMIS -> ris && imsc ? 1 : 0;
            case RTCICR -> 0;
        };
    }

    @Override
    protected synchronized void writeRegister(Register r, int v) {
        switch (r) {
            case RTCMR -> {
                match = v;
                armMatch();
            }
            case RTCLR -> {
                offsetSeconds = Integer.toUnsignedLong(v) - hostSeconds();
                armMatch();
            }
            case RTCCR -> { /* the counter cannot be stopped */ }
            case RTCIMSC -> imsc = (v & 1) != 0;
            case RTCICR -> {
                if ((v & 1) != 0) ris = false;
            }
            case RTCDR, RTCRIS, RTCMIS -> writeToReadOnly(r);
        }
        updateIrq();
    }

    /** Arms the timer for the second boundary at which RTCDR becomes RTCMR; equal now means at once. */
    private void armMatch() {
        long secondsAway = Integer.toUnsignedLong(match - count());
        if (secondsAway == 0) {
            ris = true;
            matchTimer.cancel();
            return;
        }
        long millisIntoSecond = Math.floorMod(clock.wallClockMillis(), 1000);
        long delayNanos = (secondsAway * 1000 - millisIntoSecond) * 1_000_000;
        matchTimer.setDeadline(clock.nanos() + delayNanos);
    }

    private void matched() {
        synchronized (this) {
            ris = true;
            updateIrq();
        }
    }

    private void updateIrq() { irq.set(ris && imsc); }
}
