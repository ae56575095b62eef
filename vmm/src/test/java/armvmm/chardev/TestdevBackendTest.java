package armvmm.chardev;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TestdevBackendTest {
    final List<Integer> exits = new ArrayList<>();
    final TestdevBackend testdev = new TestdevBackend(exits::add);

    void send(String s) {
        byte[] b = s.getBytes(StandardCharsets.US_ASCII);
        testdev.write(b, 0, b.length);
    }

    @Test
    void aNumberThenQIsAnExit() {
        send("0q");
        send("1");
        send("2q");   // split over two writes
        send("-3q");
        assertEquals(List.of(0, 12, -3), exits);
    }

    @Test
    void anythingElseIsIgnored() {
        send("q hello 7x 5 q");
        assertEquals(List.of(), exits, "a q without digits right before it, or digits without q");
    }
}
