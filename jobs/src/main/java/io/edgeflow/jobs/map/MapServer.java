package io.edgeflow.jobs.map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.edgeflow.protocol.MapTile;
import io.edgeflow.protocol.NodeId;
import io.edgeflow.protocol.PoseEstimate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The live map page on localhost: {@code /} is the page, {@code /events} pushes the store's changes
 * to it as Server-Sent Events (each event's id is the store revision it brings the page to, so a
 * reconnecting browser gets only what it missed), {@code /state} is the whole state as one JSON
 * document.
 */
public final class MapServer implements AutoCloseable {
    /** Changes are pushed at most this often: a burst of tiles makes one event, not hundreds. */
    private static final long PUSH_INTERVAL_MILLIS = 200;

    private static final long KEEPALIVE_MILLIS = 15_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MapStore store;
    private final HttpServer server;
    private final ExecutorService threads;
    private volatile boolean closed;

    private MapServer(MapStore store, HttpServer server, ExecutorService threads) {
        this.store = store;
        this.server = server;
        this.threads = threads;
    }

    /** Serves on 127.0.0.1:{@code port} (0: a free port). */
    public static MapServer start(MapStore store, int port) throws IOException {
        HttpServer server =
                HttpServer.create(
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        // one thread per open page (its event stream) plus a few for requests
        ExecutorService threads =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "edgeflow-map-http");
                            t.setDaemon(true);
                            return t;
                        });
        MapServer s = new MapServer(store, server, threads);
        server.setExecutor(threads);
        server.createContext("/", s::page);
        server.createContext("/events", s::events);
        server.createContext("/state", s::state);
        server.start();
        return s;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://localhost:" + port() + "/";
    }

    private void page(HttpExchange ex) throws IOException {
        if (!ex.getRequestURI().getPath().equals("/")) {
            send(ex, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
            return;
        }
        try (InputStream in = MapServer.class.getResourceAsStream("map.html")) {
            send(ex, 200, "text/html; charset=utf-8", in.readAllBytes());
        }
    }

    private void state(HttpExchange ex) throws IOException {
        send(ex, 200, "application/json", JSON.writeValueAsBytes(toJson(store.since(0))));
    }

    private void events(HttpExchange ex) throws IOException {
        long seen = 0;
        String last = ex.getRequestHeaders().getFirst("Last-Event-ID");
        if (last != null) {
            try {
                seen = Long.parseLong(last.trim());
            } catch (NumberFormatException e) {
                seen = 0;
            }
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        try (OutputStream out = ex.getResponseBody()) {
            out.write("retry: 1000\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
            boolean first = true;
            while (!closed) {
                MapStore.Update u = store.since(seen);
                if (u.revision() > seen || first) {
                    first = false;
                    out.write(
                            ("id: " + u.revision() + "\ndata: ").getBytes(StandardCharsets.UTF_8));
                    out.write(JSON.writeValueAsBytes(toJson(u)));
                    out.write("\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    seen = u.revision();
                    Thread.sleep(PUSH_INTERVAL_MILLIS);
                }
                if (store.awaitChange(seen, KEEPALIVE_MILLIS) <= seen) {
                    out.write(": keepalive\n\n".getBytes(StandardCharsets.UTF_8));
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the page went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static ObjectNode toJson(MapStore.Update u) {
        ObjectNode root = JSON.createObjectNode();
        root.put("revision", u.revision());
        ArrayNode tiles = root.putArray("tiles");
        for (MapTile t : u.tiles()) {
            ObjectNode n = tiles.addObject();
            n.put("key", t.key());
            n.put("group", t.group());
            n.put("x", t.tileX());
            n.put("y", t.tileY());
            n.put("version", t.seq());
            n.put("resolution", t.resolution());
            n.put("size", t.size());
            n.put("cells", Base64.getEncoder().encodeToString(t.cells()));
        }
        ArrayNode robots = root.putArray("robots");
        for (MapStore.TrajectoryUpdate tr : u.trajectories()) {
            ObjectNode n = robots.addObject();
            n.put("id", NodeId.hex(tr.nodeId()));
            n.put("full", tr.full());
            ArrayNode poses = n.putArray("poses");
            for (PoseEstimate p : tr.poses()) {
                // x, y, theta rounded to millimetres / milliradians: the page draws lines
                poses.addArray()
                        .add(Math.round(p.pose().x() * 1000) / 1000.0)
                        .add(Math.round(p.pose().y() * 1000) / 1000.0)
                        .add(Math.round(p.pose().theta() * 1000) / 1000.0);
            }
        }
        MapStore.Stats s = u.stats();
        ObjectNode stats = root.putObject("stats");
        stats.put("tiles", s.tiles());
        stats.put("robots", s.robots());
        stats.put("poses", s.poses());
        stats.put("staleTiles", s.staleTiles());
        stats.put("otherGroups", s.otherGroups());
        stats.put("badRecords", s.badRecords());
        return root;
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body)
            throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        threads.shutdownNow();
    }
}
