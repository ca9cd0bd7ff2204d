package dev.fulcrum.train;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The driver's end of {@link BarrierAveraging}: a TCP endpoint on the driver's address that the
 * workers of one barrier stage connect to. Each averaging round it reads every worker's message
 * in partition order (a fixed summation order: a run is deterministic), forms the example-weighted
 * mean of parameters and updater state and sends it back to all. Why not Spark's own
 * {@code BarrierTaskContext.allGather}: in Spark 3.5 each call polls for its answer once a second,
 * which measured ~0.8 s per round here.
 *
 * <p>A failed attempt (a worker lost mid-epoch) is dropped and the next set of connections — Spark
 * retries a barrier stage as a whole — starts the epoch again from the state the driver holds.
 */
final class AveragingServer implements Closeable {
    private static final Logger LOG = LoggerFactory.getLogger(AveragingServer.class);
    /** How long to wait for the workers of an attempt to connect, and for one round's messages. */
    static final int TIMEOUT_MILLIS = 10 * 60 * 1000;
    private final ServerSocket socket;
    private final Thread thread;
    private final int workers;
    private final int rounds;
    private volatile boolean closed;

    private AveragingServer(ServerSocket socket, int workers, int rounds) {
        this.socket = socket;
        this.workers = workers;
        this.rounds = rounds;
        this.thread = new Thread(this::serve, "fulcrum-averaging-" + socket.getLocalPort());
        this.thread.setDaemon(true);
    }

    /** Listens on {@code host} (the driver's {@code spark.driver.host}), on a free port. */
    static AveragingServer start(String host, int workers, int rounds) {
        try {
            ServerSocket s = new ServerSocket();
            s.bind(new InetSocketAddress(InetAddress.getByName(host), 0), workers);
            AveragingServer server = new AveragingServer(s, workers, rounds);
            server.thread.start();
            return server;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("training.engine = fulcrum: cannot listen on the driver address "
                    + host + " for parameter averaging: " + e.getMessage(), e);
        }
    }

    int port() {
        return socket.getLocalPort();
    }

    private void serve() {
        while (!closed) {
            List<Peer> peers = new ArrayList<>();
            try {
                socket.setSoTimeout(TIMEOUT_MILLIS);
                while (peers.size() < workers) {
                    Socket s = socket.accept();
                    s.setTcpNoDelay(true);
                    s.setSoTimeout(TIMEOUT_MILLIS);
                    Peer p = new Peer(s);
                    p.pid = p.in.readInt();
                    peers.add(p);
                }
                peers.sort(Comparator.comparingInt(p -> p.pid));
                for (int r = 0; r < rounds; r++) {
                    round(peers);
                }
            } catch (SocketTimeoutException e) {
                if (!closed) {
                    LOG.warn("parameter averaging: no complete set of workers within " + TIMEOUT_MILLIS / 1000 + " s");
                }
            } catch (IOException e) {
                if (!closed) {
                    LOG.warn("parameter averaging: attempt dropped (" + e + "); waiting for the stage's retry");
                }
            } finally {
                peers.forEach(Peer::close);
            }
        }
    }

    private void round(List<Peer> peers) throws IOException {
        long total = 0;
        double[] sum = null;
        for (Peer p : peers) { // partition order: the same summation order on every run
            long weight = p.in.readLong();
            int n = p.in.readInt();
            if (sum == null) {
                sum = new double[n];
            }
            for (int i = 0; i < n; i++) {
                float v = p.in.readFloat();
                sum[i] += weight * (double) v;
            }
            total += weight;
        }
        for (Peer p : peers) {
            p.out.writeLong(total);
            p.out.writeInt(sum.length);
            for (double v : sum) {
                p.out.writeFloat(total == 0 ? 0f : (float) (v / total));
            }
            p.out.flush();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing: nothing left to serve
        }
        thread.interrupt();
    }

    /** One worker's connection. */
    private static final class Peer {
        final Socket socket;
        final DataInputStream in;
        final DataOutputStream out;
        int pid;

        Peer(Socket s) throws IOException {
            socket = s;
            in = new DataInputStream(new BufferedInputStream(s.getInputStream(), 1 << 16));
            out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream(), 1 << 16));
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the attempt is over either way
            }
        }
    }

    /** The worker's end: connect, then one {@link #exchange} per round. */
    static final class Client implements Closeable {
        private final Socket socket;
        private final DataInputStream in;
        private final DataOutputStream out;

        Client(String host, int port, int pid) throws IOException {
            socket = new Socket();
            socket.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
            socket.setTcpNoDelay(true);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            in = new DataInputStream(new BufferedInputStream(socket.getInputStream(), 1 << 16));
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream(), 1 << 16));
            out.writeInt(pid);
            out.flush();
        }

        /**
         * Sends this worker's state with its weight (examples fitted this round) and returns the
         * weighted mean of every worker's state, or null when no worker fitted anything.
         */
        float[] exchange(long weight, float[] state) throws IOException {
            out.writeLong(weight);
            out.writeInt(state.length);
            for (float v : state) {
                out.writeFloat(v);
            }
            out.flush();
            long total = in.readLong();
            int n = in.readInt();
            float[] mean = new float[n];
            for (int i = 0; i < n; i++) {
                mean[i] = in.readFloat();
            }
            return total == 0 ? null : mean;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // the epoch is over either way
            }
        }
    }
}
