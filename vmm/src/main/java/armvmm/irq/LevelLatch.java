package armvmm.irq;

import java.util.concurrent.atomic.AtomicBoolean;

/** An IrqLine that remembers its level: for CPU inputs and tests that observe a line. */
public final class LevelLatch implements IrqLine {
    private final AtomicBoolean level = new AtomicBoolean();
    private final Runnable onChange;

    public LevelLatch(Runnable onChange) { this.onChange = onChange; }

    public LevelLatch() { this(() -> {}); }

    @Override
    public void set(boolean l) {
        if (level.getAndSet(l) != l) onChange.run();
    }

    public boolean level() { return level.get(); }
}
