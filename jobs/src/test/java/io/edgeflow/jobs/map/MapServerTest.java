package io.edgeflow.jobs.map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The server's protocol as a browser's EventSource uses it, over real HTTP on loopback. */
class MapServerTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();

    /** Reads events until one with data arrives; returns {id, data}. */
    private static String[] nextEvent(BufferedReader in) throws Exception {
        String id = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.startsWith("id: ")) {
                id = line.substring(4);
            } else if (line.startsWith("data: ")) {
                return new String[] {id, line.substring(6)};
            }
        }
        throw new AssertionError("stream ended");
    }

    private BufferedReader events(MapServer server, String lastEventId) throws Exception {
        HttpRequest.Builder r =
                HttpRequest.newBuilder(URI.create(server.url() + "events"))
                        .timeout(Duration.ofSeconds(30));
        if (lastEventId != null) {
            r.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<java.io.InputStream> response =
                http.send(r.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals("text/event-stream", response.headers().firstValue("Content-Type").orElse(""));
        return new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
    }

    @Test
    void pushesChangesAndResumesFromTheLastEventId() throws Exception {
        MapStore store = new MapStore(null);
        store.apply(MapStoreTest.tile("g", 0, 0, 1, 0));
        store.addPose(7, MapStoreTest.pose(0, 1.5));
        try (MapServer server = MapServer.start(store, 0)) {
            String page =
                    http.send(
                                    HttpRequest.newBuilder(URI.create(server.url())).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .body();
            assertTrue(page.contains("EventSource(\"events\")"));

            try (BufferedReader in = events(server, null)) {
                String[] first = nextEvent(in);
                JsonNode all = JSON.readTree(first[1]);
                assertEquals(String.valueOf(store.revision()), first[0]);
                assertEquals(1, all.path("tiles").size());
                assertEquals("g/0/0", all.path("tiles").get(0).path("key").asText());
                assertEquals(1.5, all.path("robots").get(0).path("poses").get(0).get(0).asDouble());

                store.addPose(7, MapStoreTest.pose(1, 2.5));
                JsonNode next = JSON.readTree(nextEvent(in)[1]);
                assertEquals(0, next.path("tiles").size(), "only what changed");
                assertEquals(false, next.path("robots").get(0).path("full").asBoolean());
                assertEquals(
                        2.5, next.path("robots").get(0).path("poses").get(0).get(0).asDouble());
            }
            long seen = store.revision();
            store.apply(MapStoreTest.tile("g", 1, 0, 1, 100));
            try (BufferedReader in = events(server, String.valueOf(seen))) {
                JsonNode resumed = JSON.readTree(nextEvent(in)[1]);
                assertEquals(
                        1, resumed.path("tiles").size(), "a reconnect gets only what it missed");
                assertEquals("g/1/0", resumed.path("tiles").get(0).path("key").asText());
                assertEquals(0, resumed.path("robots").size());
            }
            JsonNode state =
                    JSON.readTree(
                            http.send(
                                            HttpRequest.newBuilder(
                                                            URI.create(server.url() + "state"))
                                                    .build(),
                                            HttpResponse.BodyHandlers.ofString())
                                    .body());
            assertEquals(2, state.path("stats").path("tiles").asInt());
            assertEquals(2, state.path("stats").path("poses").asInt());
        }
    }
}
