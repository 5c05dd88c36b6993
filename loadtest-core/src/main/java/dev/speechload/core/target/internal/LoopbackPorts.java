package dev.speechload.core.target.internal;

import dev.speechload.core.target.TargetException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds free TCP ports on 127.0.0.1 by binding port 0 and closing the socket. Another process may
 * take a port between this check and the server's bind; the window is short, and a server that
 * fails on it exits at startup with a clear log line. Thread-safe.
 */
public final class LoopbackPorts {

    private LoopbackPorts() {}

    /** One free port. */
    public static int one() {
        return distinct(1).get(0);
    }

    /** {@code count} distinct free ports: all sockets stay bound until every port is chosen. */
    public static List<Integer> distinct(int count) {
        List<ServerSocket> sockets = new ArrayList<>(count);
        try {
            List<Integer> ports = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket();
                sockets.add(socket);
                // No SO_REUSEADDR: the port must be truly free, not merely in TIME_WAIT.
                socket.setReuseAddress(false);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                ports.add(socket.getLocalPort());
            }
            return ports;
        } catch (IOException e) {
            throw new TargetException("could not find a free port on 127.0.0.1: " + e.getMessage(), e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // nothing to do: the port is released either way
                }
            }
        }
    }
}
