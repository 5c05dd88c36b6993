package dev.speechload.suites.tts;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * TTS clients that ask for a long stream and then never read it: each is a raw socket with a
 * 4 KiB receive buffer that sends {@code GET /v1/tts?text=...} and stops there, so the server's
 * writes to it block as soon as the socket buffers are full. Not thread-safe; close once.
 */
final class StalledClients implements AutoCloseable {

    private final List<Socket> sockets = new ArrayList<>();

    private StalledClients() {}

    /**
     * Opens {@code count} stalled streams of {@code text} against {@code http}.
     *
     * @throws IOException when a connection or the request write fails (the opened ones are closed)
     */
    static StalledClients open(URI http, int count, String text) throws IOException {
        StalledClients clients = new StalledClients();
        String request = "GET /v1/tts?text=" + URLEncoder.encode(text, StandardCharsets.UTF_8) + " HTTP/1.1\r\n"
                + "Host: " + http.getHost() + ":" + http.getPort() + "\r\n"
                + "Accept: text/event-stream\r\n\r\n";
        try {
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket();
                clients.sockets.add(socket);
                socket.setReceiveBufferSize(4096);
                socket.connect(new InetSocketAddress(http.getHost(), http.getPort()), 2_000);
                OutputStream out = socket.getOutputStream();
                out.write(request.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException e) {
            clients.close();
            throw e;
        }
        return clients;
    }

    /** How many streams this holds. */
    int count() {
        return sockets.size();
    }

    @Override
    public void close() {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException e) {
                // Closing a socket the server may already have dropped: nothing to do.
            }
        }
        sockets.clear();
    }
}
