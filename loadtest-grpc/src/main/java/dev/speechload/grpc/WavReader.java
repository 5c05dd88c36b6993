package dev.speechload.grpc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads PCM16 mono WAV files, checking every field speechload relies on: the RIFF/WAVE header, a
 * {@code fmt } chunk with format 1 (PCM), one channel, 16-bit samples and a rate of
 * {@value Audio#MIN_SAMPLE_RATE_HZ}..{@value Audio#MAX_SAMPLE_RATE_HZ} Hz, and a {@code data}
 * chunk. A file that fails gets an {@link AudioFormatException} naming the file, the field, what
 * was found, and a sox command that converts it.
 *
 * <p>A {@code data} size larger than the bytes present is accepted as a streamed WAV (tools such as
 * {@code espeak-ng --stdout} cannot know the size up front): the samples present are used.
 * Stateless and thread-safe.
 */
public final class WavReader {

    private static final int WAVE_FORMAT_PCM = 1;
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

    private WavReader() {
    }

    /**
     * Reads a WAV file.
     *
     * @throws AudioFormatException when the file is not PCM16 mono WAV, saying what to do
     * @throws UncheckedIOException when the file cannot be read (the message names it)
     */
    public static Audio read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new AudioFormatException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
        return read(bytes, file.toString());
    }

    /**
     * Reads WAV bytes.
     *
     * @param name shown in error messages (a file name or "espeak-ng output")
     * @throws AudioFormatException when the bytes are not PCM16 mono WAV
     */
    public static Audio read(byte[] wav, String name) {
        String out = convertedName(name);
        String fix = " — convert with: sox " + name + " -b 16 -c 1 -e signed-integer " + out;
        ByteBuffer buf = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        if (wav.length < 12 || !tag(wav, 0).equals("RIFF") || !tag(wav, 8).equals("WAVE")) {
            throw new AudioFormatException(name + ": not a RIFF/WAVE file (header is '"
                    + printable(wav, 0, Math.min(12, wav.length)) + "'); speechload needs 16-bit PCM mono WAV" + fix);
        }
        int pos = 12;
        Format format = null;
        while (pos + 8 <= wav.length) {
            String id = tag(wav, pos);
            long size = Integer.toUnsignedLong(buf.getInt(pos + 4));
            int body = pos + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > wav.length) {
                    throw new AudioFormatException(name + ": fmt chunk is " + size + " bytes, needs at least 16" + fix);
                }
                format = new Format(buf.getShort(body) & 0xffff, buf.getShort(body + 2) & 0xffff,
                        buf.getInt(body + 4), buf.getShort(body + 14) & 0xffff,
                        size >= 26 && body + 26 <= wav.length ? buf.getShort(body + 24) & 0xffff : -1);
                check(format, name, fix, out);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw new AudioFormatException(name + ": data chunk comes before any fmt chunk; the file is damaged" + fix);
                }
                long available = wav.length - body;
                long length = Math.min(size, available) & ~1L;
                if (length == 0) {
                    throw new AudioFormatException(name + ": data chunk holds no samples");
                }
                return Audio.ofPcm16(Arrays.copyOfRange(wav, body, body + (int) length), format.rateHz);
            }
            pos = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        if (format == null) {
            throw new AudioFormatException(name + ": no fmt chunk; the file is not a complete WAV" + fix);
        }
        throw new AudioFormatException(name + ": no data chunk; the file holds no audio");
    }

    private record Format(int code, int channels, int rateHz, int bits, int extensibleSubFormat) {
    }

    /** {@code dir/x.wav} (or x.mp3) becomes {@code dir/x-pcm16.wav}: where a conversion command should write. */
    private static String convertedName(String name) {
        int dot = name.lastIndexOf('.');
        String stem = dot > name.lastIndexOf('/') + 1 && dot > name.lastIndexOf('\\') + 1 ? name.substring(0, dot) : name;
        return stem + "-pcm16.wav";
    }

    private static void check(Format f, String name, String fix, String out) {
        boolean pcm = f.code == WAVE_FORMAT_PCM
                || (f.code == WAVE_FORMAT_EXTENSIBLE && f.extensibleSubFormat == WAVE_FORMAT_PCM);
        if (!pcm) {
            throw new AudioFormatException(name + ": audio format " + formatName(f.code)
                    + "; speechload needs 16-bit PCM mono (format 1)" + fix);
        }
        if (f.bits != 16) {
            throw new AudioFormatException(name + ": " + f.bits + "-bit samples; speechload needs 16-bit PCM mono" + fix);
        }
        if (f.channels != 1) {
            throw new AudioFormatException(name + ": " + f.channels + " channels; speechload needs 16-bit PCM mono" + fix);
        }
        if (f.rateHz < Audio.MIN_SAMPLE_RATE_HZ || f.rateHz > Audio.MAX_SAMPLE_RATE_HZ) {
            throw new AudioFormatException(name + ": sample rate " + Integer.toUnsignedString(f.rateHz)
                    + " Hz; speechload needs " + Audio.MIN_SAMPLE_RATE_HZ + ".." + Audio.MAX_SAMPLE_RATE_HZ
                    + " Hz — resample with: sox " + name + " -r 16000 -b 16 -c 1 " + out);
        }
    }

    private static String formatName(int code) {
        return switch (code) {
            case 3 -> "3 (IEEE float)";
            case 6 -> "6 (A-law)";
            case 7 -> "7 (mu-law)";
            case 0x11 -> "17 (IMA ADPCM)";
            case 0x55 -> "85 (MP3)";
            default -> String.valueOf(code);
        };
    }

    private static String tag(byte[] b, int at) {
        return at + 4 <= b.length ? new String(b, at, 4, StandardCharsets.ISO_8859_1) : "";
    }

    private static String printable(byte[] b, int from, int to) {
        StringBuilder s = new StringBuilder();
        for (int i = from; i < to; i++) {
            char c = (char) (b[i] & 0xff);
            s.append(c >= 32 && c < 127 ? c : '.');
        }
        return s.toString();
    }
}
