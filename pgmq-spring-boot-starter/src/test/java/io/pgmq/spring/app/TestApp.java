package io.pgmq.spring.app;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/** The starter tests' application: its package holds {@link Channels}, found by the starter's scan. */
@SpringBootApplication
public class TestApp {
}
