package io.pgmq.example.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

@SpringBootTest(classes = {ShopApplication.class, DevDatabase.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(60)
class ShopHttpTest {

    private static final Duration DEADLINE = Duration.ofSeconds(20);

    @Value("${local.server.port}")
    int port;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void postedOrder_isEmailedAndShipped_byTheListeners() throws Exception {
        HttpResponse<String> placed = post("/orders",
                "{\"customer\":\"Ada\",\"email\":\"ada@example.com\",\"item\":\"teapot\"}");

        assertThat(placed.statusCode()).isEqualTo(201);
        Matcher id = Pattern.compile("\"orderId\":(\\d+)").matcher(placed.body());
        assertThat(id.find()).isTrue();
        String order = "/orders/" + id.group(1);
        await().atMost(DEADLINE).untilAsserted(() -> assertThat(get(order).body())
                .contains("\"status\":\"SHIPPED\"").contains("\"emails_sent\":1"));
    }

    @Test
    void failedOrder_sendsNothing() throws Exception {
        long before = queued();

        HttpResponse<String> refused = post("/orders", "{\"customer\":\"Bob\",\"item\":\"kettle\"}");  // no email

        assertThat(refused.statusCode()).isEqualTo(500);
        assertThat(queued()).isEqualTo(before);
    }

    @Test
    void actuator_showsPgmqHealthEndpointAndMetrics() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"pgmq\":{").contains("\"order_emails\"");

        HttpResponse<String> channels = get("/actuator/pgmq");
        assertThat(channels.statusCode()).isEqualTo(200);
        assertThat(channels.body()).contains("\"name\":\"order_shipments\"").contains("\"consumed\":true");

        HttpResponse<String> metric = get("/actuator/metrics/pgmq.channel.messages");
        assertThat(metric.statusCode()).isEqualTo(200);
        assertThat(metric.body()).contains("\"channel\"");
    }

    private long queued() {
        return jdbc.queryForObject("SELECT (SELECT count(*) FROM pg_mq_queue_order_emails)"
                + " + (SELECT count(*) FROM pg_mq_queue_order_shipments)", Long.class);
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
