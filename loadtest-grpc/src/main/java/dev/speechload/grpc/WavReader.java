package dev.speechload.grpc;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Reads PCM16 mono WAV files, checking every field speechload relies on: the RIFF/WAVE header, a
 * {@code fmt } chunk with format 1 (PCM), one channel, 16-bit samples and a rate of
 * {@value Audio#MIN_SAMPLE_RATE_HZ}..{@value Audio#MAX_SAMPLE_RATE_HZ} Hz, and a {@code data}
 * chunk. A file that fails gets an {@link AudioFormatException} naming the file, the field, what
 * the bytes hold, and a sox command that converts it.
 *
 * <p>The file is read as a stream, chunk by chunk, never more than its header and its samples: a
 * size field that points past the end of the file is reported as such, and a file whose samples
 * exceed {@link #MAX_DATA_BYTES} is refused before they are read (speechload keeps a file's audio
 * in memory, shared by every channel). A {@code data} size larger than the bytes present is
 * accepted as a streamed WAV (tools such as {@code espeak-ng --stdout} cannot know the size up
 * front): the samples present are used. Stateless and thread-safe.
 */
public final class WavReader {

    /**
     * The most audio one file may hold: 64 MiB of samples, about 35 minutes at 16 kHz (11.6 at
     * 48 kHz). Longer sessions play a shorter file in a loop ({@link AudioSources#looped}) instead
     * of holding hours of audio in memory.
     */
    public static final int MAX_DATA_BYTES = 64 << 20;

    /** A fmt chunk is 16 (PCM), 18 or 40 (extensible) bytes; a size far beyond is a damaged header. */
    private static final int MAX_FMT_BYTES = 1024;

    private static final int WAVE_FORMAT_PCM = 1;
    private static final int WAVE_FORMAT_EXTENSIBLE = 0xFFFE;

    private WavReader() {}

    /**
     * Reads a WAV file.
     *
     * @throws AudioFormatException when the file is not PCM16 mono WAV, is damaged or holds more
     *                              than {@link #MAX_DATA_BYTES} of samples, saying what to do
     * @throws UncheckedIOException when the file cannot be read (the message names it)
     */
    public static Audio read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            // Devices and pipes (/dev/zero) have no size: the reader then stops at its own limits.
            long size = Files.isRegularFile(file) ? Files.size(file) : -1;
            return read(in, size, file.toString());
        } catch (NoSuchFileException e) {
            throw new AudioFormatException(file + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * Reads WAV bytes.
     *
     * @param name shown in error messages (a file name or "espeak-ng output")
     * @throws AudioFormatException when the bytes are not PCM16 mono WAV
     */
    public static Audio read(byte[] wav, String name) {
        try {
            return read(new ByteArrayInputStream(wav), wav.length, name);
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param sizeBytes the stream's length, or -1 when unknown (a device or a pipe)
     */
    private static Audio read(InputStream in, long sizeBytes, String name) throws IOException {
        String out = convertedName(name);
        String fix = " — convert with: sox " + name + " -b 16 -c 1 -e signed-integer " + out;
        byte[] head = in.readNBytes(12);
        if (head.length < 12 || !tag(head, 0).equals("RIFF") || !tag(head, 8).equals("WAVE")) {
            throw new AudioFormatException(name + ": not a RIFF/WAVE file (" + describeHeader(head)
                    + "); speechload needs 16-bit PCM mono WAV" + fix);
        }
        long pos = 12;
        long skipped = 0;
        Format format = null;
        while (true) {
            byte[] chunk = in.readNBytes(8);
            if (chunk.length < 8) {
                break;
            }
            String id = tag(chunk, 0);
            long size = Integer.toUnsignedLong(le(chunk).getInt(4));
            long body = pos + 8;
            long pad = size & 1;
            if (id.equals("fmt ")) {
                format = format(in, name, fix, size, body);
                check(format, name, fix, out);
                skip(in, pad);
            } else if (id.equals("data")) {
                if (format == null) {
                    throw new AudioFormatException(
                            name + ": data chunk comes before any fmt chunk; the file is damaged" + fix);
                }
                return Audio.ofPcm16(samples(in, sizeBytes, name, out, size, body, format.rateHz), format.rateHz);
            } else {
                long gone = skip(in, size + pad);
                skipped += gone;
                if (gone < size) {
                    throw new AudioFormatException(name + ": no data chunk: chunk '" + printable(chunk, 0, 4)
                            + "' at byte "
                            + pos + " declares " + size + " bytes, but the file ends " + gone + " bytes later, at byte "
                            + (body + gone) + "; the file is damaged or truncated" + fix);
                }
                if (skipped > MAX_DATA_BYTES) {
                    throw new AudioFormatException(name + ": no data chunk in the first " + mib(body + gone)
                            + " of the file (only other chunks); the file is damaged or not audio" + fix);
                }
            }
            pos = body + size + pad;
        }
        if (format == null) {
            throw new AudioFormatException(name + ": no fmt chunk; the file is not a complete WAV" + fix);
        }
        throw new AudioFormatException(name + ": no data chunk; the file holds no audio");
    }

    private static Format format(InputStream in, String name, String fix, long size, long body) throws IOException {
        if (size < 16 || size > MAX_FMT_BYTES) {
            throw new AudioFormatException(name + ": fmt chunk at byte " + (body - 8) + " declares " + size
                    + " bytes; a WAV fmt chunk holds 16 to 40 bytes, so the header is damaged" + fix);
        }
        byte[] fmt = in.readNBytes((int) size);
        if (fmt.length < size) {
            throw new AudioFormatException(name + ": the file ends inside the fmt chunk: it declares " + size
                    + " bytes at byte " + body + ", only " + fmt.length + " follow; the file is truncated" + fix);
        }
        ByteBuffer b = le(fmt);
        return new Format(
                b.getShort(0) & 0xffff,
                b.getShort(2) & 0xffff,
                b.getInt(4),
                b.getShort(14) & 0xffff,
                size >= 26 ? b.getShort(24) & 0xffff : -1);
    }

    /** The samples of the data chunk, at most {@link #MAX_DATA_BYTES}: a file with more is refused unread. */
    private static byte[] samples(
            InputStream in, long sizeBytes, String name, String out, long declared, long body, int rateHz)
            throws IOException {
        byte[] data;
        if (sizeBytes >= 0) {
            // A streamed WAV declares more than it holds: what is present counts.
            long present = Math.min(declared, Math.max(0, sizeBytes - body));
            if (present > MAX_DATA_BYTES) {
                throw tooLong(name, out, mib(present) + " (" + duration(present, rateHz) + ")", rateHz);
            }
            data = in.readNBytes((int) present);
        } else {
            // A pipe or device tells no size: read one byte past the limit to know whether it holds more.
            data = in.readNBytes((int) Math.min(declared, MAX_DATA_BYTES + 1L));
            if (data.length > MAX_DATA_BYTES) {
                throw tooLong(name, out, "more than " + mib(MAX_DATA_BYTES), rateHz);
            }
        }
        int length = data.length & ~1;
        if (length == 0) {
            throw new AudioFormatException(name + ": data chunk holds no samples");
        }
        return length == data.length ? data : Arrays.copyOf(data, length);
    }

    private static AudioFormatException tooLong(String name, String out, String held, int rateHz) {
        return new AudioFormatException(name + ": data chunk holds " + held + " of audio; speechload keeps a file's"
                + " audio in memory and reads at most " + mib(MAX_DATA_BYTES) + " (" + duration(MAX_DATA_BYTES, rateHz)
                + ") — cut it, e.g. to its first 10 minutes: sox " + name + " " + out + " trim 0 600, and play it"
                + " longer with AudioSources.looped(audio, duration)");
    }

    /** Skips up to {@code n} bytes; returns how many were there (fewer at the end of the stream). */
    private static long skip(InputStream in, long n) throws IOException {
        long left = n;
        while (left > 0) {
            long s = in.skip(left);
            if (s <= 0) {
                // skip() may stop early without the stream ending; one read tells the two apart.
                if (in.read() < 0) {
                    break;
                }
                s = 1;
            }
            left -= s;
        }
        return n - left;
    }

    private record Format(int code, int channels, int rateHz, int bits, int extensibleSubFormat) {}

    /** {@code dir/x.wav} (or x.mp3) becomes {@code dir/x-pcm16.wav}: where a conversion command should write. */
    private static String convertedName(String name) {
        int dot = name.lastIndexOf('.');
        String stem =
                dot > name.lastIndexOf('/') + 1 && dot > name.lastIndexOf('\\') + 1 ? name.substring(0, dot) : name;
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
            throw new AudioFormatException(
                    name + ": " + f.bits + "-bit samples; speechload needs 16-bit PCM mono" + fix);
        }
        if (f.channels != 1) {
            throw new AudioFormatException(
                    name + ": " + f.channels + " channels; speechload needs 16-bit PCM mono" + fix);
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

    /** "header is 'ID3.. not a '", "the file is 5 bytes" or "its first 12 bytes are zero". */
    private static String describeHeader(byte[] head) {
        if (head.length < 12) {
            return "the file is " + head.length + (head.length == 1 ? " byte" : " bytes")
                    + ", shorter than a WAV header";
        }
        boolean zero = true;
        for (byte b : head) {
            zero &= b == 0;
        }
        return zero ? "its first 12 bytes are zero" : "header is '" + printable(head, 0, head.length) + "'";
    }

    /** "64.0 MiB". */
    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    /** PCM16 mono bytes as play time: "5 h 27 min at 16000 Hz", "34 min 57 s at 16000 Hz". */
    private static String duration(long bytes, int rateHz) {
        long seconds = bytes / 2 / rateHz;
        String time = seconds >= 3600
                ? seconds / 3600 + " h " + seconds % 3600 / 60 + " min"
                : seconds >= 60 ? seconds / 60 + " min " + seconds % 60 + " s" : seconds + " s";
        return time + " at " + rateHz + " Hz";
    }

    private static ByteBuffer le(byte[] b) {
        return ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static String tag(byte[] b, int at) {
        return new String(b, at, 4, StandardCharsets.ISO_8859_1);
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
