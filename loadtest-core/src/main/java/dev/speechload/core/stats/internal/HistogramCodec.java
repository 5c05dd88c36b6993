package dev.speechload.core.stats.internal;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.zip.DataFormatException;
import org.HdrHistogram.Histogram;

/**
 * HdrHistogram's compressed form, base64 encoded (the {@code histograms} field of results), so
 * runs can be merged and compared exactly later. Stateless and thread-safe.
 */
public final class HistogramCodec {

    private HistogramCodec() {}

    /** The compressed, base64 encoded form of {@code histogram}. */
    public static String encode(Histogram histogram) {
        ByteBuffer buffer = ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
        int length = histogram.encodeIntoCompressedByteBuffer(buffer);
        byte[] bytes = new byte[length];
        buffer.flip();
        buffer.get(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /**
     * Decodes what {@link #encode} produced.
     *
     * @throws IllegalArgumentException when the text is not an encoded histogram
     */
    public static Histogram decode(String base64) {
        try {
            byte[] bytes = Base64.getDecoder().decode(base64);
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(bytes), 0);
        } catch (DataFormatException | RuntimeException e) {
            throw new IllegalArgumentException("not a base64 encoded, compressed HdrHistogram: " + e.getMessage(), e);
        }
    }
}
