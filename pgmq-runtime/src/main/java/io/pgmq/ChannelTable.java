package io.pgmq;

import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.Table;
import org.jooq.impl.DSL;
import org.jooq.impl.SQLDataType;

/**
 * Where one channel's SQL points: its queue table {@code "<schema>"."pg_mq_queue_<channel>"} and pgmq's functions in
 * the same schema, always as quoted, schema-qualified names, so that no statement depends on the session's
 * {@code search_path}. The query classes build their statements from it. Immutable.
 *
 * @param schema  the schema that holds the table and pgmq's functions
 * @param channel the channel's name (checked by {@link Channel})
 */
record ChannelTable(String schema, String channel) {

    /** The queue table's name, {@code pg_mq_queue_<channel>}. */
    String tableName() {
        return "pg_mq_queue_" + channel;
    }

    /** The queue table. */
    Table<?> table() {
        return DSL.table(DSL.name(schema, tableName()));
    }

    /** A column of the queue table. */
    <X> Field<X> column(String name, DataType<X> type) {
        return DSL.field(DSL.name(schema, tableName(), name), type);
    }

    /** A table of this schema (pgmq's catalog, views). */
    Table<?> schemaTable(String name) {
        return DSL.table(DSL.name(schema, name));
    }

    /** A set-returning pgmq function of this schema, called with bound arguments. */
    Table<?> call(String function, Field<?>... arguments) {
        return DSL.table("{0}({1})", DSL.name(schema, function), DSL.list(arguments));
    }

    /** A scalar pgmq function of this schema, called with bound arguments. */
    <R> Field<R> function(String function, DataType<R> type, Field<?>... arguments) {
        return DSL.field("{0}({1})", type, DSL.name(schema, function), DSL.list(arguments));
    }

    /** A pgmq function called for its effect (or its error), its result unread. */
    Field<Object> function(String function, Field<?>... arguments) {
        return function(function, SQLDataType.OTHER, arguments);
    }
}
