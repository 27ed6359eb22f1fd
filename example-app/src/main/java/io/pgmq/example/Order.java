package io.pgmq.example;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * An order a customer places.
 *
 * @param customer the customer's name
 * @param email    where the confirmation goes
 * @param item     what was bought
 * @param amount   the price, positive
 */
record Order(String customer, String email, String item, BigDecimal amount) {

    /** Validates the components. */
    Order {
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(item, "item");
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("amount must be positive, was " + amount);
        }
    }
}
