package dev.speechload.server.tts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads PCM16 WAV data (RIFF/WAVE, format 1 or extensible) into mono samples, averaging
 * channels. Tolerates the placeholder sizes that programs writing to a pipe leave in the header
 * (the data chunk then runs to the end of the input). Every size field is checked against the
 * bytes present, so a damaged header gets a message that says what the bytes hold, never an
 * index error; a file above {@link #MAX_FILE_BYTES} is refused before it is read. Stateless,
 * thread-safe.
 */
final class WavReader {

    /**
     * The largest WAV file read: 64 MiB, about 25 minutes of espeak-ng's 22,050 Hz speech, far
     * beyond any text the server accepts; the file is read into memory whole.
     */
    static final long MAX_FILE_BYTES = 64L << 20;

    /** A fmt chunk is 16 (PCM), 18 or 40 (extensible) bytes; a size far beyond is a damaged header. */
    private static final long MAX_FMT_BYTES = 1024;

    private WavReader() {}

    /**
     * @param file a WAV file, at most {@link #MAX_FILE_BYTES}
     * @return mono PCM
     * @throws IOException naming the file when it cannot be read, is too large, or is not 16-bit
     *     PCM WAV (saying what was found instead)
     */
    static TtsEngine.Pcm read(Path file) throws IOException {
        long size = Files.size(file);
        if (size > MAX_FILE_BYTES) {
            throw new IOException(file + ": " + size + " bytes, more than the " + MAX_FILE_BYTES
                    + " a WAV file may have here; not read");
        }
        return read(Files.readAllBytes(file), file.toString());
    }

    /**
     * @param wav the whole file
     * @param name shown in messages (the file's name)
     * @return mono PCM
     * @throws IOException if the data is not 16-bit PCM WAV, naming what was found instead
     */
    static TtsEngine.Pcm read(byte[] wav, String name) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
            throw new IOException(name + ": not a RIFF/WAVE file (" + wav.length + " bytes)");
        }
        // Positions are longs: a size field near 4 GiB must not wrap an int into the array.
        long pos = 12;
        long lastAt = -1;
        long lastSize = 0;
        int channels = -1;
        int rate = -1;
        while (pos + 8 <= wav.length) {
            int at = (int) pos;
            int id = b.getInt(at);
            long size = Integer.toUnsignedLong(b.getInt(at + 4));
            lastAt = pos;
            lastSize = size;
            long body = pos + 8;
            long available = wav.length - body;
            if (id == 0x20746d66) { // "fmt "
                if (size < 16 || size > MAX_FMT_BYTES) {
                    throw new IOException(name + ": fmt chunk declares " + size
                            + " bytes; a WAV fmt chunk holds 16 to 40, so the header is damaged");
                }
                if (size > available) {
                    throw new IOException(name + ": the file ends inside the fmt chunk: it declares " + size
                            + " bytes, only " + available + " follow");
                }
                int format = Short.toUnsignedInt(b.getShort((int) body));
                channels = Short.toUnsignedInt(b.getShort((int) body + 2));
                rate = b.getInt((int) body + 4);
                int bits = Short.toUnsignedInt(b.getShort((int) body + 14));
                if ((format != 1 && format != 0xFFFE) || bits != 16 || channels < 1 || rate <= 0) {
                    throw new IOException(name + ": expected 16-bit PCM WAV, found format " + format + ", " + bits
                            + " bits, " + channels + " channels, " + Integer.toUnsignedString(rate) + " Hz");
                }
            } else if (id == 0x61746164) { // "data"
                if (channels < 1) {
                    throw new IOException(name + ": WAV data chunk before fmt chunk");
                }
                long length = size == 0 || size > available ? available : size;
                return new TtsEngine.Pcm(mono(b, (int) body, length, channels), rate);
            }
            pos = body + size + (size & 1);
        }
        if (pos > wav.length) {
            throw new IOException(name + ": no data chunk: the chunk at byte " + lastAt + " declares "
                    + lastSize + " bytes, past the end of the file (" + wav.length + " bytes); the file is"
                    + " damaged");
        }
        throw new IOException(name + ": WAV file has no data chunk");
    }

    private static short[] mono(ByteBuffer b, int body, long length, int channels) {
        int frameBytes = 2 * channels;
        int frames = (int) (length / frameBytes);
        short[] samples = new short[frames];
        for (int f = 0; f < frames; f++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += b.getShort(body + f * frameBytes + 2 * c);
            }
            samples[f] = (short) (sum / channels);
        }
        return samples;
    }
}
