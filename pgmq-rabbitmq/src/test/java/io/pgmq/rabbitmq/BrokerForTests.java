package io.pgmq.rabbitmq;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.rabbitmq.RabbitMQContainer;

/**
 * The real RabbitMQ the tests run against: {@code PGMQ_TEST_AMQP_URI} if set, else the machine's broker on
 * 127.0.0.1:5672 (guest/guest, as our machines and {@code .ci/run} start it), else a Testcontainers broker where Docker
 * exists. No broker at all fails the tests with what to do; they are never skipped.
 */
final class BrokerForTests {

    private static final BrokerForTests INSTANCE = find();

    private final ConnectionFactory factory;
    private final RabbitMQContainer container;

    private BrokerForTests(ConnectionFactory factory, RabbitMQContainer container) {
        this.factory = factory;
        this.container = container;
    }

    static BrokerForTests get() {
        return INSTANCE;
    }

    ConnectionFactory factory() {
        return factory.clone();
    }

    /** Runs {@code work} on a fresh connection and channel of the test's own. */
    <R> R with(ChannelWork<R> work) throws Exception {
        try (Connection connection = factory.newConnection("pgmq-test"); Channel channel = connection.createChannel()) {
            return work.run(channel);
        }
    }

    interface ChannelWork<R> {
        R run(Channel channel) throws Exception;
    }

    /** {@code rabbitmqctl close_all_connections}: the broker closes every client connection, as an operator would. */
    void closeAllConnections() throws Exception {
        String[] command = {"rabbitmqctl", "close_all_connections", "closed by a pgmq test"};
        if (container != null) {
            var result = container.execInContainer(command);
            if (result.getExitCode() != 0) {
                throw new IllegalStateException("rabbitmqctl failed: " + result.getStderr());
            }
            return;
        }
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("rabbitmqctl close_all_connections did not finish within 60 s");
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("rabbitmqctl close_all_connections failed (run the tests as a user "
                    + "that may run rabbitmqctl): " + new String(process.getInputStream().readAllBytes(),
                    StandardCharsets.UTF_8));
        }
    }

    private static BrokerForTests find() {
        try {
            String uri = System.getenv("PGMQ_TEST_AMQP_URI");
            if (uri != null && !uri.isBlank()) {
                ConnectionFactory f = new ConnectionFactory();
                f.setUri(uri);
                return new BrokerForTests(f, null);
            }
            if (answers("127.0.0.1", 5672)) {
                ConnectionFactory f = new ConnectionFactory();
                f.setHost("127.0.0.1");
                f.setPort(5672);
                f.setUsername("guest");
                f.setPassword("guest");
                return new BrokerForTests(f, null);
            }
            if (DockerClientFactory.instance().isDockerAvailable()) {
                RabbitMQContainer container = new RabbitMQContainer("rabbitmq:4-management");
                container.start();
                ConnectionFactory f = new ConnectionFactory();
                f.setUri(container.getAmqpUrl());
                f.setUsername(container.getAdminUsername());
                f.setPassword(container.getAdminPassword());
                return new BrokerForTests(f, container);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot reach a RabbitMQ broker for the tests: " + e, e);
        }
        throw new IllegalStateException("no RabbitMQ broker for the tests: start one on 127.0.0.1:5672 (guest/guest; "
                + "`rabbitmq-server -detached`, as .ci/run does), set PGMQ_TEST_AMQP_URI, or run where Docker exists");
    }

    private static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
