package armvmm.cli;

import picocli.CommandLine;

/** Memory sizes as QEMU users write them: 512M, 1G, 65536, 64K (binary units). */
public final class SizeConverter implements CommandLine.ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
        return parse(value);
    }

    public static long parse(String value) {
        String v = value.trim();
        if (v.isEmpty()) throw new CommandLine.TypeConversionException("empty size");
        char last = Character.toUpperCase(v.charAt(v.length() - 1));
        int shift = switch (last) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            case 'T' -> 40;
            default -> 0;
        };
        String digits = shift == 0 ? v : v.substring(0, v.length() - 1);
        if (digits.endsWith("i") || digits.endsWith("B")) digits = digits.substring(0, digits.length() - 1);
        long n;
        try {
            n = Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a size (e.g. 512M, 1G)");
        }
        if (n <= 0) throw new CommandLine.TypeConversionException("size '" + value + "' must be positive");
        if (Long.numberOfLeadingZeros(n) <= shift + 1) throw new CommandLine.TypeConversionException("size '" + value + "' is too large");
        return n << shift;
    }
}
