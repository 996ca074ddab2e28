package dev.channelpass.engine;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Starts mongo-java-server on loopback and prints one line "READY port=N" once it accepts connections.
 * The process ends when its standard input closes, so it never outlives the Node process that started it,
 * even when that one is killed without a chance to clean up.
 *
 * Usage: Main [--port N] (--memory | --file PATH)
 */
public final class Main {
    public static void main(String[] args) throws IOException {
        int port = 0;
        String file = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--file" -> file = args[++i];
                case "--memory" -> file = null;
                default -> {
                    System.err.println("unknown argument: " + args[i]);
                    System.exit(2);
                }
            }
        }

        MongoBackend backend;
        if (file == null) {
            backend = new IndexedMemoryBackend();
        } else {
            Path path = Path.of(file).toAbsolutePath();
            Files.createDirectories(path.getParent());
            backend = new IndexedH2Backend(path.toString());
        }

        MongoServer server = new MongoServer(backend);
        server.bind("127.0.0.1", port);
        InetSocketAddress address = server.getLocalAddress();
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdown));
        System.out.println("READY port=" + address.getPort());
        System.out.flush();

        InputStream in = System.in;
        while (in.read() != -1) {
            // Wait for the parent to close our stdin.
        }
        System.exit(0);
    }
}
