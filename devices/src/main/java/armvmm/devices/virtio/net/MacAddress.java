package armvmm.devices.virtio.net;

import java.security.SecureRandom;
import java.util.HexFormat;

/** A 48-bit Ethernet MAC address. */
public record MacAddress(byte[] bytes) {
    public MacAddress {
        if (bytes.length != 6) throw new IllegalArgumentException("a MAC address has 6 bytes");
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() { return bytes.clone(); }

    /** "52:54:00:12:34:56"; throws IllegalArgumentException with the reason otherwise. */
    public static MacAddress parse(String s) {
        String[] parts = s.split("[:-]", -1);
        if (parts.length != 6) throw new IllegalArgumentException("'" + s + "' is not six hex bytes separated by ':'");
        byte[] b = new byte[6];
        for (int i = 0; i < 6; i++) {
            if (parts[i].length() != 2) throw new IllegalArgumentException("'" + s + "' is not six hex bytes separated by ':'");
            try {
                b[i] = (byte) HexFormat.fromHexDigits(parts[i]);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + s + "' is not six hex bytes separated by ':'");
            }
        }
        if ((b[0] & 1) != 0) throw new IllegalArgumentException(s + " is a multicast address");
        return new MacAddress(b);
    }

    /** A random unicast, locally administered address (the U/L bit set, the I/G bit clear). */
    public static MacAddress random(SecureRandom r) {
        byte[] b = new byte[6];
        r.nextBytes(b);
        b[0] = (byte) ((b[0] & 0xfc) | 0x02);
        return new MacAddress(b);
    }

    @Override
    public boolean equals(Object o) { return o instanceof MacAddress m && java.util.Arrays.equals(bytes, m.bytes); }

    @Override
    public int hashCode() { return java.util.Arrays.hashCode(bytes); }

    @Override
    public String toString() { return HexFormat.ofDelimiter(":").formatHex(bytes); }
}
