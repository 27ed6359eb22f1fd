package io.pgmq;

import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * The session-level advisory lock that makes one instance of a deployment the purger of a channel. Its key hashes
 * schema and channel ({@code hashtextextended('pgmq purge <schema>.<channel>', 0)}), so channels never contend.
 * Immutable and thread-safe; the lock itself belongs to the session it is taken on.
 */
final class PurgeLock {

    private final Field<Long> key;

    PurgeLock(Channel<?> channel) {
        this.key = DSL.function("hashtextextended", SQLDataType.BIGINT,
                DSL.val("pgmq purge " + channel.schema() + "." + channel.name()), DSL.val(0L));
    }

    /** Takes the lock on {@code session}, without waiting; false when another session holds it. */
    boolean tryLock(DSLContext session) {
        return session.select(DSL.function("pg_try_advisory_lock", SQLDataType.BOOLEAN, key)).fetchSingle().value1();
    }

    /** Gives back the lock {@code session} holds. */
    void unlock(DSLContext session) {
        session.select(DSL.function("pg_advisory_unlock", SQLDataType.BOOLEAN, key)).fetch();
    }
}
