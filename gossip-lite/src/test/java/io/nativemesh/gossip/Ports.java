package io.nativemesh.gossip;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/** Free 127.0.0.1 ports usable for both TCP and UDP. */
final class Ports {
    private static final Set<Integer> HANDED_OUT = new HashSet<>();

    private Ports() {
    }

    static synchronized int free() {
        for (int i = 0; i < 200; i++) {
            try (ServerSocket t = new ServerSocket()) {
                t.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                int p = t.getLocalPort();
                if (HANDED_OUT.contains(p)) {
                    continue;
                }
                try (DatagramSocket u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), p))) {
                    HANDED_OUT.add(p);
                    return p;
                }
            } catch (IOException e) {
                // try another
            }
        }
        throw new IllegalStateException("no free port");
    }
}
