package armvmm.bus;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnknownAccessLogTest {
    @Test
    void eachEventAndOffsetCountsOnce() {
        List<String> lines = new ArrayList<>();
        UnknownAccessLog log = new UnknownAccessLog("kmi@1c060000", lines::add);
        for (int i = 0; i < 50; i++) log.once("read", 0x10, 4);
        assertEquals(List.of("kmi@1c060000: read at offset 0x10 (4-byte access), ignored; reported once"), lines);
        log.once("write", 0x10, 4);
        log.once("read", 0x14, 1);
        assertEquals(3, log.reported());
        assertEquals("kmi@1c060000: read at offset 0x14 (1-byte access), ignored; reported once", lines.get(2));
    }
}
