package io.pgmq.example.spring;

import io.pgmq.example.spring.channels.Channels;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Places orders: the order row and its messages commit together, or none of them does. */
@Service
public class OrderService {

    private final DSLContext dsl;

    OrderService(DSLContext dsl) {
        this.dsl = dsl;
    }

    /**
     * Writes the order and sends its confirmation email and its shipment, in the caller's transaction or a new one.
     *
     * @return the order's id
     */
    @Transactional
    public long place(NewOrder order) {
        long orderId = dsl.insertInto(DSL.table(DSL.name("orders")))
                .set(DSL.field(DSL.name("customer"), SQLDataType.VARCHAR), order.customer())
                .set(DSL.field(DSL.name("email"), SQLDataType.VARCHAR), order.email())
                .set(DSL.field(DSL.name("item"), SQLDataType.VARCHAR), order.item())
                .returningResult(DSL.field(DSL.name("order_id"), SQLDataType.BIGINT))
                .fetchSingle().value1();
        // Boot's DSLContext runs in this @Transactional method's transaction: a rollback takes the sends with it
        Channels.ORDER_EMAILS.send(dsl, orderId + "|" + order.email() + "|Thank you for ordering " + order.item());
        Channels.ORDER_SHIPMENTS.send(dsl, Long.toString(orderId));
        return orderId;
    }

    /**
     * An order as {@code POST /orders} takes it.
     *
     * @param customer who orders
     * @param email    where the confirmation goes
     * @param item     what is ordered
     */
    public record NewOrder(String customer, String email, String item) {
    }
}
