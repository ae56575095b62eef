package armvmm.boards;

import armvmm.irq.InterruptController;
import armvmm.irq.IrqLine;
import armvmm.irq.LevelLatch;
import java.util.ArrayList;
import java.util.List;

/** An interrupt controller that remembers which SPIs were asked for: which inputs a board wired. */
final class RecordingInterruptController implements InterruptController {
    private final int lines;
    final List<Integer> spisTaken = new ArrayList<>();

    RecordingInterruptController(int lines) { this.lines = lines; }

    @Override
    public synchronized IrqLine spi(int intid) {
        spisTaken.add(intid);
        return new LevelLatch();
    }

    @Override
    public IrqLine ppi(int cpu, int intid) { return new LevelLatch(); }

    @Override
    public int lines() { return lines; }
}
