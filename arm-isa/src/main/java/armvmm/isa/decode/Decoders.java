package armvmm.isa.decode;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/** The A32 and T32 decoders of one machine, sharing the extension decoders and the coprocessor decoder. */
public record Decoders(A32Decoder a32, T32Decoder t32) {
    public static Decoders of(List<ExtensionDecoder> extensions, Coprocessors coprocessors) {
        return new Decoders(new A32Decoder(extensions, coprocessors), new T32Decoder(extensions, coprocessors));
    }

    /** The extension decoders on the class path (VFP, Advanced SIMD), in ServiceLoader order. */
    public static List<ExtensionDecoder> loadExtensions() {
        List<ExtensionDecoder> l = new ArrayList<>();
        ServiceLoader.load(ExtensionDecoder.class, Decoders.class.getClassLoader()).forEach(l::add);
        return l;
    }
}
