package armvmm.devices.uart;

import armvmm.bus.AccessSizes;
import armvmm.chardev.CharBackend;
import armvmm.chardev.CharReceiver;
import armvmm.devices.amba.ApbPeripheral;
import armvmm.devices.amba.PrimeCellId;
import armvmm.irq.IrqLine;
import armvmm.time.MachineClock;
import java.util.ArrayDeque;

/**
 * An ARM PL011 UART (r1p4 IDs, as on the Versatile Express motherboard) attached to a {@link CharBackend}.
 *
 * <p>Transmission is instantaneous: a written character goes to the backend at once, so the transmit FIFO
 * is always empty (TXFE set, TXFF and BUSY clear) and every write leaves it below its trigger level, which
 * raises TXRIS, as amba-pl011 expects from a FIFO that drained. Reception fills a 32-entry FIFO (one entry
 * with LCR_H.FEN clear); the backend is held back while it is full, so characters are never lost to
 * overrun. RXRIS follows the FIFO level against the IFLS trigger, and RTRIS (receive timeout) is raised
 * when data has sat below the trigger for 32 bit periods of the programmed baud rate, measured on the
 * machine clock. Like QEMU's model it receives and transmits whether or not CR.UARTEN is set, which is
 * what bare-metal programs that never touch CR expect.
 */
public final class Pl011 extends ApbPeripheral<Pl011Register> implements CharReceiver, armvmm.snapshot.Snapshottable {
    public static final PrimeCellId ID = new PrimeCellId(0x011, 1, 0x00);
    /** The reference clock of the motherboard UARTs (V2M-P1 TRM: OSC2, 24 MHz). */
    public static final long UARTCLK_HZ = 24_000_000;
    static final int FIFO_DEPTH = 32;

    // UARTFR
    static final int FR_BUSY = 1 << 3, FR_RXFE = 1 << 4, FR_TXFF = 1 << 5, FR_RXFF = 1 << 6, FR_TXFE = 1 << 7;
    // UARTLCR_H
    static final int LCR_H_FEN = 1 << 4;
    // UARTCR
    static final int CR_LBE = 1 << 7, CR_TXE = 1 << 8, CR_RXE = 1 << 9;
    // Interrupt bits, shared by IMSC, RIS, MIS and ICR
    static final int INT_RX = 1 << 4, INT_TX = 1 << 5, INT_RT = 1 << 6, INT_ALL = 0x7FF;
    // The error bits a received character carries in UARTDR[11:8] and UARTRSR[3:0]
    static final int DR_OE = 1 << 11;

    private final MachineClock clock;
    private final IrqLine irq;
    private final MachineClock.DeadlineTimer receiveTimeout;
    private volatile CharBackend backend;

    private final ArrayDeque<Integer> rxFifo = new ArrayDeque<>(FIFO_DEPTH);
    private int rsr;
    private int ilpr;
    private int ibrd;
    private int fbrd;
    private int lcrH;
    private int cr;
    private int ifls;
    private int imsc;
    private int ris;
    private int dmacr;

    public Pl011(String name, MachineClock clock, IrqLine irq) {
        super(name, ID, "UART", Pl011Register.class);
        this.clock = clock;
        this.irq = irq;
        this.receiveTimeout = clock.newTimer(name + "-rx-timeout", this::receiveTimedOut);
        reset();
    }

    /** Connects the console backend: output goes to it, its input comes here. */
    public void attach(CharBackend b) {
        this.backend = b;
        b.connect(this);
    }

    @Override
    public AccessSizes accessSizes() { return AccessSizes.UP_TO_WORD; }

    @Override
    public synchronized void reset() {
        receiveTimeout.cancel();
        rxFifo.clear();
        rsr = 0;
        ilpr = 0;
        ibrd = 0;
        fbrd = 0;
        lcrH = 0;
        cr = CR_RXE | CR_TXE;
        ifls = 0x12;
        imsc = 0;
        ris = 0;
        dmacr = 0;
        updateIrq();
    }

    /** The receive FIFO is saved with its characters (typed but not yet read by the guest). */
    @Override
    public synchronized void saveState(java.io.DataOutput out) throws java.io.IOException {
        for (int v : new int[] {rsr, ilpr, ibrd, fbrd, lcrH, cr, ifls, imsc, ris, dmacr}) out.writeInt(v);
        out.writeByte(rxFifo.size());
        for (int e : rxFifo) out.writeShort(e);
    }

    @Override
    public void loadState(java.io.DataInput in) throws java.io.IOException {
        synchronized (this) {
            rsr = in.readInt() & 0xF;
            ilpr = in.readInt() & 0xFF;
            ibrd = in.readInt() & 0xFFFF;
            fbrd = in.readInt() & 0x3F;
            lcrH = in.readInt() & 0xFF;
            cr = in.readInt() & 0xFF87;
            ifls = in.readInt() & 0x3F;
            imsc = in.readInt() & INT_ALL;
            ris = in.readInt() & INT_ALL;
            dmacr = in.readInt() & 0x7;
            int n = armvmm.snapshot.SnapshotFormatException.check("PL011: receive FIFO entries", in.readUnsignedByte(), 0, capacity());
            // what the backend delivered since the machine was built was typed after the save: it follows
            java.util.List<Integer> arrived = new java.util.ArrayList<>(rxFifo);
            rxFifo.clear();
            for (int i = 0; i < n; i++) rxFifo.add(in.readUnsignedShort() & 0xFFF);
            for (int e : arrived) if (rxFifo.size() < capacity()) rxFifo.add(e);
            updateRxInterrupts();
            receiveTimeout.cancel();
            if (!rxFifo.isEmpty()) receiveTimeout.setDeadline(clock.nanos() + 32 * bitPeriodNanos());
            updateIrq();
        }
        tellBackendThereIsRoom();
    }

    @Override
    protected int readRegister(Pl011Register r) {
        boolean roomMade;
        int value;
        synchronized (this) {
            int roomBefore = room();
            value = switch (r) {
                case UARTDR -> readData();
                case UARTRSR -> rsr;
                case UARTFR -> flags();
                case UARTILPR -> ilpr;
                case UARTIBRD -> ibrd;
                case UARTFBRD -> fbrd;
                case UARTLCR_H -> lcrH;
                case UARTCR -> cr;
                case UARTIFLS -> ifls;
                case UARTIMSC -> imsc;
                case UARTRIS -> ris;
                case UARTMIS -> ris & imsc;
                case UARTICR -> 0;
                case UARTDMACR -> dmacr;
            };
            roomMade = room() > roomBefore;
        }
        if (roomMade) tellBackendThereIsRoom();
        return value;
    }

    @Override
    protected void writeRegister(Pl011Register r, int v) {
        if (r == Pl011Register.UARTDR) {
            transmit(v & 0xFF);
            return;
        }
        boolean roomMade;
        synchronized (this) {
            int roomBefore = room();
            switch (r) {
                case UARTRSR -> rsr = 0;  // UARTECR: any write clears the errors
                case UARTILPR -> ilpr = v & 0xFF;
                case UARTIBRD -> ibrd = v & 0xFFFF;
                case UARTFBRD -> fbrd = v & 0x3F;
                case UARTLCR_H -> {
                    // Switching the FIFOs on or off starts with an empty receive FIFO.
                    if (((lcrH ^ v) & LCR_H_FEN) != 0) rxFifo.clear();
                    lcrH = v & 0xFF;
                }
                case UARTCR -> cr = v & 0xFF87;
                case UARTIFLS -> ifls = v & 0x3F;
                case UARTIMSC -> imsc = v & INT_ALL;
                case UARTICR -> ris &= ~v;
                case UARTDMACR -> dmacr = v & 0x7;
                case UARTFR, UARTRIS, UARTMIS -> writeToReadOnly(r);
                case UARTDR -> throw new IllegalStateException("handled above");
            }
            updateRxInterrupts();
            roomMade = room() > roomBefore;
        }
        if (roomMade) tellBackendThereIsRoom();
    }

    /** Called outside our lock: the backend's input thread may be waiting to hand us the next bytes. */
    private void tellBackendThereIsRoom() {
        CharBackend b = backend;
        if (b != null) b.inputReady();
    }

    private void transmit(int ch) {
        boolean loopback;
        synchronized (this) {
            loopback = (cr & CR_LBE) != 0;
            if (loopback) {
                if (rxFifo.size() < capacity()) rxFifo.add(ch);
                else rsr |= DR_OE >> 8;
                charactersArrived();
            }
            // The FIFO drained at once: at or below any trigger level.
            ris |= INT_TX;
            updateIrq();
        }
        CharBackend b = backend;
        if (!loopback && b != null) b.write(ch);
    }

    private int readData() {
        Integer entry = rxFifo.poll();
        if (entry == null) return 0;
        rsr = (entry >> 8) & 0xF;
        if (rxFifo.isEmpty()) {
            // An emptied FIFO ends the receive timeout (TRM 3.4.3).
            ris &= ~INT_RT;
            receiveTimeout.cancel();
        }
        updateRxInterrupts();
        return entry;
    }

    private int flags() {
        int fr = FR_TXFE;
        if (rxFifo.isEmpty()) fr |= FR_RXFE;
        if (rxFifo.size() >= capacity()) fr |= FR_RXFF;
        return fr;
    }

    private int room() { return capacity() - rxFifo.size(); }

    private int capacity() { return (lcrH & LCR_H_FEN) != 0 ? FIFO_DEPTH : 1; }

    /** The receive trigger from IFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 full; one character without FIFOs. */
    private int rxTrigger() {
        if ((lcrH & LCR_H_FEN) == 0) return 1;
        return switch ((ifls >> 3) & 7) {
            case 0 -> 4;
            case 1 -> 8;
            case 3 -> 24;
            case 4 -> 28;
            default -> 16;
        };
    }

    @Override
    public int receive(byte[] data, int offset, int length) {
        synchronized (this) {
            int n = Math.min(length, capacity() - rxFifo.size());
            for (int i = 0; i < n; i++) rxFifo.add(data[offset + i] & 0xFF);
            if (n > 0) charactersArrived();
            return n;
        }
    }

    private void charactersArrived() {
        updateRxInterrupts();
        // Data below the trigger level is reported by the timeout, 32 bit periods after the last arrival.
        receiveTimeout.setDeadline(clock.nanos() + 32 * bitPeriodNanos());
    }

    private void receiveTimedOut() {
        synchronized (this) {
            if (!rxFifo.isEmpty()) ris |= INT_RT;
            updateIrq();
        }
    }

    /** One bit time at the programmed divisor (UARTCLK / (16 * (IBRD + FBRD/64))); 115200 baud before programming. */
    long bitPeriodNanos() {
        long divisor64 = (long) ibrd * 64 + fbrd;
        if (divisor64 == 0) return 1_000_000_000L / 115_200;
        return 16 * divisor64 * 1_000_000_000L / 64 / UARTCLK_HZ;
    }

    private void updateRxInterrupts() {
        if (rxFifo.size() >= rxTrigger()) ris |= INT_RX;
        else ris &= ~INT_RX;
        updateIrq();
    }

    private void updateIrq() { irq.set((ris & imsc) != 0); }
}
