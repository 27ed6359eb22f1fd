package io.pgmq;

import java.util.List;
import java.util.function.Function;
import org.jooq.DSLContext;

/**
 * How a consumer handles what it claims: one message at a time or a batch at a time, either under leases
 * ({@link Leased}) or inside the consumer's transaction with locked claims ({@link InTransaction}). A closed set;
 * each case answers for itself what differs between them.
 *
 * @param <T> the payload type
 */
sealed interface Handling<T> permits Handling.Leased, Handling.InTransaction {

    /** Applies the function for this case: the consumer picks its claim side with it. */
    <R> R match(Function<Leased<T>, R> leased, Function<InTransaction<T>, R> inTransaction);

    /**
     * Handlers that run outside any transaction of the consumer, on messages it claimed with a lease: it acks what
     * they return from and nacks what they throw on.
     *
     * @param <T> the payload type
     */
    sealed interface Leased<T> extends Handling<T> permits PerMessage, PerBatch {

        /** The most handler slots one claim takes. */
        int slotsPerClaim(int batchSize);

        /** How many messages a claim that took {@code slots} slots asks for. */
        int claimSize(int slots, int batchSize);

        /** The claimed messages as the units of work one handler call each gets. */
        List<List<Delivery<T>>> units(List<Delivery<T>> claimed);

        /** Runs the handler on one unit. */
        void handle(List<Delivery<T>> unit) throws Exception;

        @Override
        default <R> R match(Function<Leased<T>, R> leased, Function<InTransaction<T>, R> inTransaction) {
            return leased.apply(this);
        }
    }

    /**
     * One message per handler call: a claim takes as many messages as there are free slots, up to the batch size.
     *
     * @param handler the user's handler
     * @param <T>     the payload type
     */
    record PerMessage<T>(MessageHandler<T> handler) implements Leased<T> {

        @Override
        public int slotsPerClaim(int batchSize) {
            return batchSize;
        }

        @Override
        public int claimSize(int slots, int batchSize) {
            return slots;
        }

        @Override
        public List<List<Delivery<T>>> units(List<Delivery<T>> claimed) {
            return claimed.stream().map(List::of).toList();
        }

        @Override
        public void handle(List<Delivery<T>> unit) throws Exception {
            handler.handle(unit.get(0));
        }
    }

    /**
     * A batch per handler call: a claim of up to the batch size takes one slot.
     *
     * @param handler the user's batch handler
     * @param <T>     the payload type
     */
    record PerBatch<T>(MessageHandler.Batch<T> handler) implements Leased<T> {

        @Override
        public int slotsPerClaim(int batchSize) {
            return 1;
        }

        @Override
        public int claimSize(int slots, int batchSize) {
            return batchSize;
        }

        @Override
        public List<List<Delivery<T>>> units(List<Delivery<T>> claimed) {
            return claimed.isEmpty() ? List.of() : List.of(List.copyOf(claimed));
        }

        @Override
        public void handle(List<Delivery<T>> unit) throws Exception {
            handler.handle(unit);
        }
    }

    /**
     * Handlers inside the consumer's transactions: each slot runs rounds of a locked claim, the handler on the claimed
     * messages, and their completions, in one transaction that {@link #transactions()} owns.
     *
     * @param <T> the payload type
     */
    sealed interface InTransaction<T> extends Handling<T> permits LockedPerMessage, LockedPerBatch {

        /** Who runs each round's transaction. */
        TransactionRunner transactions();

        /** The claimed messages as the units of work one handler call each gets, each behind its own savepoint. */
        List<List<LockedDelivery<T>>> units(List<LockedDelivery<T>> claimed);

        /** Runs the handler on one unit. */
        void handle(DSLContext tx, List<LockedDelivery<T>> unit) throws Exception;

        /**
         * Whether a {@link PartialBatchFailure} from the handler keeps its writes and fails only the messages it
         * names (a batch handler), rather than failing its unit like any exception.
         */
        boolean partialFailures();

        @Override
        default <R> R match(Function<Leased<T>, R> leased, Function<InTransaction<T>, R> inTransaction) {
            return inTransaction.apply(this);
        }
    }

    /**
     * One locked message per handler call, each behind its own savepoint.
     *
     * @param handler      the user's transactional handler
     * @param transactions who runs each round's transaction
     * @param <T>          the payload type
     */
    record LockedPerMessage<T>(MessageHandler.InTransaction<T> handler, TransactionRunner transactions)
            implements InTransaction<T> {

        @Override
        public List<List<LockedDelivery<T>>> units(List<LockedDelivery<T>> claimed) {
            return claimed.stream().map(List::of).toList();
        }

        @Override
        public void handle(DSLContext tx, List<LockedDelivery<T>> unit) throws Exception {
            handler.handle(tx, unit.get(0));
        }

        @Override
        public boolean partialFailures() {
            return false;
        }
    }

    /**
     * The whole locked claim in one handler call, behind one savepoint.
     *
     * @param handler      the user's transactional batch handler
     * @param transactions who runs each round's transaction
     * @param <T>          the payload type
     */
    record LockedPerBatch<T>(MessageHandler.InTransactionBatch<T> handler, TransactionRunner transactions)
            implements InTransaction<T> {

        @Override
        public List<List<LockedDelivery<T>>> units(List<LockedDelivery<T>> claimed) {
            return claimed.isEmpty() ? List.of() : List.of(List.copyOf(claimed));
        }

        @Override
        public void handle(DSLContext tx, List<LockedDelivery<T>> unit) throws Exception {
            handler.handle(tx, unit);
        }

        @Override
        public boolean partialFailures() {
            return true;
        }
    }
}
