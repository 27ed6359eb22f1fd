package io.pgmq;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Hands a lease consumer's claimed units to its handler threads, and keeps the ones handed over but not started: at
 * close they are released, claimable again at once. Removing a unit from that set decides who owns it, the handler
 * thread that starts it or close(). Thread-safe.
 *
 * @param <T> the payload type
 */
final class Dispatch<T> {

    private final Set<Work> unstarted = ConcurrentHashMap.newKeySet();
    private final HandlerPool pool;
    private final ClaimGate gate;
    private final LeaseHandler<T> handler;
    private final Completions<T> completions;

    Dispatch(HandlerPool pool, ClaimGate gate, LeaseHandler<T> handler, Completions<T> completions) {
        this.pool = pool;
        this.gate = gate;
        this.handler = handler;
        this.completions = completions;
    }

    /** Runs the handler on {@code unit} on a handler thread; the unit holds one slot until it is handled. */
    void dispatch(List<Delivery<T>> unit) {
        Work work = new Work(unit);
        unstarted.add(work);
        if (!pool.execute(work)) {
            // only when close() stopped the pool meanwhile: give the messages back
            if (unstarted.remove(work)) {
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
                release.addAll(work.unit);
            }
        }
        completions.release(release);
    }

    /** One unit on its way to a handler thread. */
    private final class Work implements Runnable {

        final List<Delivery<T>> unit;

        Work(List<Delivery<T>> unit) {
            this.unit = unit;
        }

        @Override
        public void run() {
            if (!unstarted.remove(this)) {
                return;  // close() released it
            }
            try {
                handler.handle(unit);
            } finally {
                gate.returnSlots(1);
            }
        }
    }
}
