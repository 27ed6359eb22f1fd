package io.pgmq;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * Hands a lease consumer's claimed units to its handler threads, and keeps the ones handed over but not started: at
 * close they are released, claimable again at once. Removing a unit from that set decides who owns it, the handler
 * thread that starts it or close(). A unit's lease is kept from here on ({@link LeaseExtension}), so one claimed ahead
 * of a free handler thread keeps it while it waits. Thread-safe.
 *
 * @param <T> the payload type
 */
final class Dispatch<T> {

    private final Set<Work> unstarted = ConcurrentHashMap.newKeySet();
    private final HandlerPool pool;
    private final ClaimGate gate;
    private final LeaseHandler<T> handler;
    private final LeaseExtension<T> extension;
    private final Completions<T> completions;

    Dispatch(HandlerPool pool, ClaimGate gate, LeaseHandler<T> handler, LeaseExtension<T> extension,
             Completions<T> completions) {
        this.pool = pool;
        this.gate = gate;
        this.handler = handler;
        this.extension = extension;
        this.completions = completions;
    }

    /** Runs the handler on {@code unit} on a handler thread; the unit holds one slot until it is handled. */
    void dispatch(List<Delivery<T>> unit) {
        Work work = new Work(unit, extension.keep(unit));
        unstarted.add(work);
        if (!pool.execute(work)) {
            // only when close() stopped the pool meanwhile: give the messages back
            if (unstarted.remove(work)) {
                work.kept.cancel(false);
                completions.release(unit);
            }
            gate.returnSlots(1);
        }
    }

    /** Releases every unit handed over and not started. */
    void releaseUnstarted() {
        List<Delivery<T>> release = new ArrayList<>();
        for (Work work : List.copyOf(unstarted)) {
            if (unstarted.remove(work)) {
                work.kept.cancel(false);
                release.addAll(work.unit);
            }
        }
        completions.release(release);
    }

    /** One unit on its way to a handler thread. */
    private final class Work implements Runnable {

        final List<Delivery<T>> unit;
        final Future<?> kept;

        Work(List<Delivery<T>> unit, Future<?> kept) {
            this.unit = unit;
            this.kept = kept;
        }

        @Override
        public void run() {
            if (!unstarted.remove(this)) {
                return;  // close() released it
            }
            try {
                handler.handle(unit, kept);
            } finally {
                gate.returnSlots(1);
            }
        }
    }
}
