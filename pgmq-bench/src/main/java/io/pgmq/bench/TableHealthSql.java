package io.pgmq.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.jooq.SQLDialect;
import org.jooq.impl.DSL;

/**
 * The steady-state scenario's statements about a table's health: dead tuples counted by pgstattuple, the statistics
 * system's figures, and autovacuum's trigger rule and cost settings, emulated on a server that runs without it.
 */
final class TableHealthSql {

    private TableHealthSql() {
    }

    /**
     * Creates the contrib extension pgstattuple in the scratch database if the server has it and the user may;
     * returns whether it is there.
     */
    static boolean createPgstattuple(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pgstattuple");
            return true;
        } catch (SQLException e) {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
            return false;
        }
    }

    /**
     * A table's dead tuples as pgstattuple counts them, reading every page (a few milliseconds for a queue table of
     * ~10 MB). Parameters: schema, table.
     */
    static PreparedStatement deadTupleCount(Connection c) throws SQLException {
        return c.prepareStatement("SELECT dead_tuple_count FROM pgstattuple(format('%I.%I', ?, ?)::regclass)");
    }

    /**
     * One sample of a table's health from the statistics system: {@code n_live_tup, n_dead_tup,
     * pg_total_relation_size, vacuums, analyzes, n_tup_upd, n_tup_hot_upd, n_tup_del} (vacuums and analyzes count
     * autovacuum's and manual ones). Parameters: schema, table.
     */
    static PreparedStatement tableHealth(Connection c) throws SQLException {
        return c.prepareStatement("SELECT s.n_live_tup, s.n_dead_tup, pg_total_relation_size(s.relid), "
                + "s.vacuum_count + s.autovacuum_count, s.analyze_count + s.autoanalyze_count, s.n_tup_upd, "
                + "s.n_tup_hot_upd, s.n_tup_del FROM pg_stat_user_tables s "
                + "WHERE s.relid = format('%I.%I', ?, ?)::regclass");
    }

    /**
     * What autovacuum would do to a table now, by its own rule ({@code relation_needs_vacanalyze}: thresholds and
     * scale factors from the table's reloptions, else the server's settings): {@code VACUUM}, {@code ANALYZE},
     * both, or an empty string. Parameters: schema, table. For servers run with {@code autovacuum = off}.
     */
    static PreparedStatement autovacuumDue(Connection c) throws SQLException {
        return c.prepareStatement("""
                WITH t AS (
                    SELECT greatest(c.reltuples, 0) AS reltuples, s.n_dead_tup, s.n_ins_since_vacuum,
                           s.n_mod_since_analyze, c.reloptions
                      FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
                     WHERE c.oid = format('%I.%I', ?, ?)::regclass),
                  o AS (
                    SELECT t.*, n, coalesce((SELECT option_value FROM pg_options_to_table(t.reloptions)
                                              WHERE option_name = n), current_setting(n))::float8 AS v
                      FROM t, unnest(ARRAY['autovacuum_vacuum_threshold', 'autovacuum_vacuum_scale_factor',
                                           'autovacuum_vacuum_insert_threshold',
                                           'autovacuum_vacuum_insert_scale_factor',
                                           'autovacuum_analyze_threshold', 'autovacuum_analyze_scale_factor']) AS n),
                  p AS (
                    SELECT max(reltuples) AS r, max(n_dead_tup) AS dead, max(n_ins_since_vacuum) AS ins,
                           max(n_mod_since_analyze) AS mods, jsonb_object_agg(n, v) AS s FROM o)
                SELECT concat_ws(' ',
                         CASE WHEN dead > (s->>'autovacuum_vacuum_threshold')::float8
                                          + (s->>'autovacuum_vacuum_scale_factor')::float8 * r
                                OR (s->>'autovacuum_vacuum_insert_threshold')::float8 >= 0
                               AND ins > (s->>'autovacuum_vacuum_insert_threshold')::float8
                                         + (s->>'autovacuum_vacuum_insert_scale_factor')::float8 * r
                              THEN 'VACUUM' END,
                         CASE WHEN mods > (s->>'autovacuum_analyze_threshold')::float8
                                          + (s->>'autovacuum_analyze_scale_factor')::float8 * r
                              THEN 'ANALYZE' END)
                  FROM p""");
    }

    /**
     * Runs {@code VACUUM}, {@code ANALYZE} or both on a table, throttled as autovacuum is (its cost delay of 2 ms
     * and its cost limit), on a connection the caller gives only to this.
     */
    static void vacuumAsAutovacuum(Connection c, String schema, String table, boolean vacuum, boolean analyze)
            throws SQLException {
        String name = DSL.using(SQLDialect.POSTGRES).render(DSL.name(schema, table));
        try (Statement s = c.createStatement()) {
            s.execute("SET vacuum_cost_delay = '2ms'");
            s.execute("SELECT set_config('vacuum_cost_limit', CASE WHEN current_setting('autovacuum_vacuum_cost_limit')"
                    + " = '-1' THEN current_setting('vacuum_cost_limit') ELSE "
                    + "current_setting('autovacuum_vacuum_cost_limit') END, false)");
            s.execute(vacuum && analyze ? "VACUUM (ANALYZE) " + name : vacuum ? "VACUUM " + name : "ANALYZE " + name);
        }
    }

    /** Reads a server setting that is a duration ({@code autovacuum_naptime}: {@code 1min}) in seconds. */
    static double intervalSetting(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT extract(epoch FROM current_setting(?)::interval)")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getDouble(1);
            }
        }
    }
}
