package armvmm.bus;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A device's log of guest accesses it does not model (an unknown offset, a size a register does not
 * take): each distinct (what, offset) is logged once at warn, so a driver polling a missing register
 * cannot flood the log. The guest sees whatever the device decides (usually read-as-zero, write ignored).
 */
public final class UnknownAccessLog {
    private static final Logger log = LoggerFactory.getLogger(UnknownAccessLog.class);

    private final String device;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public UnknownAccessLog(String device) { this.device = device; }

    /** Logs "{device}: {what} at offset 0x.. (size n)" the first time this what/offset pair happens. */
    public void once(String what, long offset, int size) {
        if (seen.add(what + "@" + offset)) log.warn("{}: {} at offset 0x{} ({} bytes), ignored; reported once", device, what, Long.toHexString(offset), size);
    }

    /** The number of distinct events logged so far (tests check an access was reported, and only once). */
    public int reported() { return seen.size(); }
}
