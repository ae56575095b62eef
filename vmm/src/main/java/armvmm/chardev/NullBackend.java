package armvmm.chardev;

/** {@code --serial none}: output is discarded, nothing is ever received (also the base of {@link TestdevBackend}). */
class NullBackend implements CharBackend {
    @Override
    public void write(byte[] data, int offset, int length) {}

    @Override
    public void connect(CharReceiver receiver) {}

    @Override
    public void inputReady() {}

    @Override
    public void close() {}
}
