package dev.speechload.server.tts;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads PCM16 WAV data (RIFF/WAVE, format 1 or extensible) into mono samples, averaging
 * channels. Tolerates the placeholder sizes that programs writing to a pipe leave in the header
 * (the data chunk then runs to the end of the input). Stateless, thread-safe.
 */
final class WavReader {

  private WavReader() {
  }

  /**
   * @param wav the whole file
   * @return mono PCM
   * @throws IOException if the data is not 16-bit PCM WAV, naming what was found instead
   */
  static TtsEngine.Pcm read(byte[] wav) throws IOException {
    ByteBuffer b = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
    if (wav.length < 12 || b.getInt(0) != 0x46464952 || b.getInt(8) != 0x45564157) {
      throw new IOException("not a RIFF/WAVE file (" + wav.length + " bytes)");
    }
    int pos = 12;
    int channels = -1;
    int rate = -1;
    int bits = -1;
    while (pos + 8 <= wav.length) {
      int id = b.getInt(pos);
      long size = Integer.toUnsignedLong(b.getInt(pos + 4));
      int body = pos + 8;
      if (id == 0x20746d66) { // "fmt "
        if (size < 16 || body + 16 > wav.length) {
          throw new IOException("WAV fmt chunk too short: " + size + " bytes");
        }
        int format = Short.toUnsignedInt(b.getShort(body));
        channels = Short.toUnsignedInt(b.getShort(body + 2));
        rate = b.getInt(body + 4);
        bits = Short.toUnsignedInt(b.getShort(body + 14));
        if ((format != 1 && format != 0xFFFE) || bits != 16 || channels < 1 || rate <= 0) {
          throw new IOException("expected 16-bit PCM WAV, found format " + format + ", "
              + bits + " bits, " + channels + " channels, " + rate + " Hz");
        }
      } else if (id == 0x61746164) { // "data"
        if (channels < 1) {
          throw new IOException("WAV data chunk before fmt chunk");
        }
        long available = wav.length - body;
        long length = size == 0 || size > available ? available : size;
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
        return new TtsEngine.Pcm(samples, rate);
      }
      pos = (int) Math.min(wav.length, body + size + (size & 1));
    }
    throw new IOException("WAV file has no data chunk");
  }
}
