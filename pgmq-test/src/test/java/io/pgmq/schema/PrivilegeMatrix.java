package io.pgmq.schema;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who may do what in pgmq, as docs/privileges.md states it: the one declared table that
 * {@link PrivilegeMatrixTest} compares the database with. Every {@code pg_mq_*} function and every column of a
 * channel table must have a row here; the test fails for one that has not, saying to add it (and to docs/privileges.md).
 *
 * <p>Calls are SQL with {@code %1$s} for the quoted schema and {@code %2$s} for a role the grant helpers may name; they
 * use the fixture's channels {@code pm_jobs} (text), {@code pm_bytes} (bytea) and {@code pm_events} (jsonb), and run in a transaction that is
 * rolled back. A role that may call a function gets no 42501: the call succeeds, or fails for a reason of its own (a
 * PQ code, or 0A000 for a trigger function called directly).
 */
final class PrivilegeMatrix {

  /** The matrix's roles: the installing owner, and five roles set up as docs/privileges.md describes. */
  enum Role {
    OWNER, ADMIN, SENDER, RECEIVER, USAGE_ONLY, NONE
  }

  /** Who may call a function. */
  enum Access {
    /** Internal, owner only (revoked from PUBLIC, not part of administration). */
    OWNER(EnumSet.of(Role.OWNER)),
    /** Administration: revoked from PUBLIC, granted to the roles that manage channels. */
    ADMIN(EnumSet.of(Role.OWNER, Role.ADMIN)),
    /** Needs pg_mq_grant_send on the channel. */
    SEND(EnumSet.of(Role.OWNER, Role.SENDER)),
    /** Needs pg_mq_grant_receive on the channel. */
    RECEIVE(EnumSet.of(Role.OWNER, Role.RECEIVER)),
    /** Every role with USAGE on pgmq's schema. */
    USAGE(EnumSet.of(Role.OWNER, Role.ADMIN, Role.SENDER, Role.RECEIVER, Role.USAGE_ONLY));

    final Set<Role> roles;

    Access(Set<Role> roles) {
      this.roles = roles;
    }
  }

  /** A function's row: who may call it, and a call. */
  record Function(Access access, String call) {}

  /** The administration functions, granted to the admin role, as docs/privileges.md lists them. */
  static final List<String> ADMINISTRATION = List.of(
      "pg_mq_alter_channel(text, integer, interval, interval, interval, boolean)",
      "pg_mq_create_queue(text, text)", "pg_mq_drop_queue(text)", "pg_mq_drop_queue(text, boolean)",
      "pg_mq_grant_receive(text, name)", "pg_mq_grant_send(text, name)", "pg_mq_rebuild_triggers()",
      "pg_mq_revoke_receive(text, name)", "pg_mq_revoke_send(text, name)",
      "pg_mq_set_dedup_window(text, interval)", "pg_mq_set_fillfactor(text, integer)",
      "pg_mq_set_notify_mode(text, text)", "pg_mq_set_retention(text, interval, interval)");

  static final Map<String, Function> FUNCTIONS = new LinkedHashMap<>();

  static {
    // administration
    fn("pg_mq_alter_channel(text, integer, interval, interval, interval, boolean)", Access.ADMIN,
        "SELECT %1$s.pg_mq_alter_channel('pm_jobs', in_max_attempts => 6)");
    fn("pg_mq_create_queue(text, text)", Access.ADMIN, "SELECT %1$s.pg_mq_create_queue('pm_new', 'text')");
    fn("pg_mq_drop_queue(text)", Access.ADMIN, "SELECT %1$s.pg_mq_drop_queue('pm_jobs')");
    fn("pg_mq_drop_queue(text, boolean)", Access.ADMIN, "SELECT %1$s.pg_mq_drop_queue('pm_jobs', in_force => true)");
    fn("pg_mq_grant_receive(text, name)", Access.ADMIN, "SELECT %1$s.pg_mq_grant_receive('pm_jobs', '%2$s')");
    fn("pg_mq_grant_send(text, name)", Access.ADMIN, "SELECT %1$s.pg_mq_grant_send('pm_jobs', '%2$s')");
    fn("pg_mq_rebuild_triggers()", Access.ADMIN, "SELECT %1$s.pg_mq_rebuild_triggers()");
    fn("pg_mq_revoke_receive(text, name)", Access.ADMIN, "SELECT %1$s.pg_mq_revoke_receive('pm_jobs', '%2$s')");
    fn("pg_mq_revoke_send(text, name)", Access.ADMIN, "SELECT %1$s.pg_mq_revoke_send('pm_jobs', '%2$s')");
    fn("pg_mq_set_fillfactor(text, integer)", Access.ADMIN, "SELECT %1$s.pg_mq_set_fillfactor('pm_jobs', 50)");
    fn("pg_mq_set_notify_mode(text, text)", Access.ADMIN, "SELECT %1$s.pg_mq_set_notify_mode('pm_jobs', 'never')");
    fn("pg_mq_set_dedup_window(text, interval)", Access.ADMIN,
        "SELECT %1$s.pg_mq_set_dedup_window('pm_jobs', interval '1 day')");
    fn("pg_mq_set_retention(text, interval, interval)", Access.ADMIN,
        "SELECT %1$s.pg_mq_set_retention('pm_jobs', interval '1 day')");
    // internal, owner only
    fn("pg_mq_catalog_changed()", Access.OWNER, "SELECT %1$s.pg_mq_catalog_changed()");
    fn("pg_mq_catalog_changed_get()", Access.OWNER, "SELECT %1$s.pg_mq_catalog_changed_get()");
    fn("pg_mq_rebuild_get()", Access.OWNER, "SELECT %1$s.pg_mq_rebuild_get()");
    fn("pg_mq_catalog_changed_dedup()", Access.OWNER, "SELECT %1$s.pg_mq_catalog_changed_dedup()");
    fn("pg_mq_rebuild_dedup()", Access.OWNER, "SELECT %1$s.pg_mq_rebuild_dedup()");
    fn("pg_mq_create_trigger(text, name)", Access.OWNER,
        "SELECT %1$s.pg_mq_create_trigger('pm_jobs', 'pg_mq_queue_pm_jobs')");
    fn("pg_mq_idle_consumers_changed()", Access.OWNER, "SELECT %1$s.pg_mq_idle_consumers_changed()");
    fn("pg_mq_idle_count(text, integer)", Access.OWNER, "SELECT %1$s.pg_mq_idle_count('pm_jobs', NULL)");
    fn("pg_mq_name_channel_objects(text, name)", Access.OWNER,
        "SELECT %1$s.pg_mq_name_channel_objects('pm_jobs', 'pg_mq_queue_pm_jobs')");
    fn("pg_mq_pin_search_path()", Access.OWNER, "SELECT %1$s.pg_mq_pin_search_path()");
    fn("pg_mq_rebuild_send()", Access.OWNER, "SELECT %1$s.pg_mq_rebuild_send()");
    fn("pg_mq_set_queue_storage(name)", Access.OWNER, "SELECT %1$s.pg_mq_set_queue_storage('pg_mq_queue_pm_jobs')");
    // the json contract alters the channel's table: the owner's migrations only, not administration
    fn("pg_mq_set_json_contract(text, jsonb)", Access.OWNER,
        "SELECT %1$s.pg_mq_set_json_contract('pm_events', '{\"message\": \"Event\", \"fields\": {}}')");
    // send
    fn("pg_mq_send_message(text, text, timestamp with time zone, jsonb, text)", Access.SEND,
        "SELECT msg_id FROM %1$s.pg_mq_send_message('pm_jobs', 'x'::text)");
    fn("pg_mq_send_message(text, anyelement, timestamp with time zone, jsonb, text)", Access.SEND,
        "SELECT msg_id FROM %1$s.pg_mq_send_message('pm_bytes', '\\x01'::bytea)");
    fn("pg_mq_send_keyed(text, anyelement, timestamp with time zone, jsonb, text)", Access.SEND,
        "SELECT msg_id FROM %1$s.pg_mq_send_keyed('pm_jobs', 'x'::text, NULL, '{\"tenant\": \"acme\"}', 'k')");
    // SECURITY DEFINER, open to PUBLIC: it checks that the caller (its SET ROLE, else its session user) may send
    fn("pg_mq_dedup_holder(text, text)", Access.SEND, "SELECT %1$s.pg_mq_dedup_holder('pm_jobs', 'k')");
    fn("pg_mq_send_dynamic(text, text, timestamp with time zone)", Access.SEND,
        "SELECT %1$s.pg_mq_send_dynamic('pm_jobs', 'x', NULL)");
    fn("pg_mq_send_dynamic(text, bytea, timestamp with time zone)", Access.SEND,
        "SELECT %1$s.pg_mq_send_dynamic('pm_bytes', '\\x01'::bytea, NULL)");
    // receive: at-most-once, leases, locked claims, dead letters, retention, idle registration
    fn("pg_mq_get_msg_text(name, integer)", Access.RECEIVE, "SELECT * FROM %1$s.pg_mq_get_msg_text('pm_jobs', 1)");
    fn("pg_mq_get_msg_bin(name, integer)", Access.RECEIVE, "SELECT * FROM %1$s.pg_mq_get_msg_bin('pm_jobs', 1)");
    fn("pg_mq_get_msg_id_text(name, bigint)", Access.RECEIVE, "SELECT * FROM %1$s.pg_mq_get_msg_id_text('pm_jobs', 1)");
    fn("pg_mq_get_msg_id_bin(name, bigint)", Access.RECEIVE, "SELECT * FROM %1$s.pg_mq_get_msg_id_bin('pm_jobs', 1)");
    fn("pg_mq_get_dynamic_text(name, integer, bigint)", Access.RECEIVE,
        "SELECT * FROM %1$s.pg_mq_get_dynamic_text('pm_jobs', 1, NULL)");
    fn("pg_mq_get_dynamic_bin(name, integer, bigint)", Access.RECEIVE,
        "SELECT * FROM %1$s.pg_mq_get_dynamic_bin('pm_jobs', 1, NULL)");
    fn("pg_mq_claim_text(name, integer, interval)", Access.RECEIVE, "SELECT * FROM %1$s.pg_mq_claim_text('pm_jobs', 1)");
    fn("pg_mq_claim_bin(name, integer, interval)", Access.RECEIVE, "SELECT * FROM %1$s.pg_mq_claim_bin('pm_jobs', 1)");
    fn("pg_mq_ack(text, bigint, uuid)", Access.RECEIVE, "SELECT %1$s.pg_mq_ack('pm_jobs', 1::bigint, gen_random_uuid())");
    fn("pg_mq_ack(text, bigint[], uuid[])", Access.RECEIVE,
        "SELECT * FROM %1$s.pg_mq_ack('pm_jobs', ARRAY[1::bigint], ARRAY[gen_random_uuid()])");
    fn("pg_mq_nack(text, bigint, uuid, text, interval)", Access.RECEIVE,
        "SELECT * FROM %1$s.pg_mq_nack('pm_jobs', 1, gen_random_uuid(), 'e')");
    fn("pg_mq_extend_lease(text, bigint, uuid, interval)", Access.RECEIVE,
        "SELECT %1$s.pg_mq_extend_lease('pm_jobs', 1, gen_random_uuid(), interval '1 minute')");
    fn("pg_mq_release(text, bigint[], uuid[])", Access.RECEIVE,
        "SELECT * FROM %1$s.pg_mq_release('pm_jobs', ARRAY[1::bigint], ARRAY[gen_random_uuid()])");
    fn("pg_mq_claim_locked_text(name, integer)", Access.RECEIVE,
        "SELECT * FROM %1$s.pg_mq_claim_locked_text('pm_jobs', 1)");
    fn("pg_mq_claim_locked_bin(name, integer)", Access.RECEIVE,
        "SELECT * FROM %1$s.pg_mq_claim_locked_bin('pm_jobs', 1)");
    fn("pg_mq_complete(text, bigint)", Access.RECEIVE, "SELECT %1$s.pg_mq_complete('pm_jobs', 1::bigint)");
    fn("pg_mq_complete(text, bigint[])", Access.RECEIVE, "SELECT * FROM %1$s.pg_mq_complete('pm_jobs', ARRAY[1::bigint])");
    fn("pg_mq_fail(text, bigint, text, interval)", Access.RECEIVE, "SELECT * FROM %1$s.pg_mq_fail('pm_jobs', 1, 'e')");
    fn("pg_mq_held_below(name, bigint[])", Access.RECEIVE,
        "SELECT %1$s.pg_mq_held_below('pg_mq_queue_pm_jobs', ARRAY[1::bigint])");
    fn("pg_mq_lease_lost(text, name, text, bigint)", Access.RECEIVE,
        "SELECT %1$s.pg_mq_lease_lost('pm_jobs', 'pg_mq_queue_pm_jobs', 'ack', 1)");
    fn("pg_mq_lock_lost(text, name, text, bigint)", Access.RECEIVE,
        "SELECT %1$s.pg_mq_lock_lost('pm_jobs', 'pg_mq_queue_pm_jobs', 'complete', 1)");
    fn("pg_mq_get_msg_jsonb(name, integer)", Access.RECEIVE,
        "SELECT * FROM %1$s.pg_mq_get_msg_jsonb('pm_events', 1)");
    fn("pg_mq_get_msg_id_jsonb(name, bigint)", Access.RECEIVE,
        "SELECT * FROM %1$s.pg_mq_get_msg_id_jsonb('pm_events', 1)");
    fn("pg_mq_claim_jsonb(name, integer, interval)", Access.RECEIVE,
        "SELECT * FROM %1$s.pg_mq_claim_jsonb('pm_events', 1)");
    fn("pg_mq_claim_locked_jsonb(name, integer)", Access.RECEIVE,
        "SELECT * FROM %1$s.pg_mq_claim_locked_jsonb('pm_events', 1)");
    fn("pg_mq_reject(text, bigint, uuid, text)", Access.RECEIVE,
        "SELECT %1$s.pg_mq_reject('pm_jobs', 1, gen_random_uuid(), 'e')");
    fn("pg_mq_headers(text, bigint[])", Access.RECEIVE,
        "SELECT * FROM %1$s.pg_mq_headers('pm_jobs', ARRAY[1]::bigint[])");
    fn("pg_mq_dead_letters(text, integer)", Access.RECEIVE, "SELECT * FROM %1$s.pg_mq_dead_letters('pm_jobs')");
    fn("pg_mq_redrive(text, bigint[])", Access.RECEIVE, "SELECT %1$s.pg_mq_redrive('pm_jobs')");
    fn("pg_mq_purge(text, interval, integer)", Access.RECEIVE, "SELECT %1$s.pg_mq_purge('pm_jobs')");
    fn("pg_mq_register_idle(text)", Access.RECEIVE, "SELECT %1$s.pg_mq_register_idle('pm_jobs')");
    fn("pg_mq_idle_tidy(text)", Access.RECEIVE, "INSERT INTO %1$s.pg_mq_idle_consumers (channel, backend_pid)"
        + " VALUES ('pm_jobs', pg_backend_pid()); SELECT %1$s.pg_mq_idle_tidy('pm_jobs')");
    // every role with USAGE: they read the public catalog or compute text, or act only for the caller
    fn("pg_mq_headers_limit()", Access.USAGE, "SELECT %1$s.pg_mq_headers_limit()");
    fn("pg_mq_check_headers(text, jsonb)", Access.USAGE,
        "SELECT %1$s.pg_mq_check_headers('pm_jobs', '{\"a\": \"b\"}')");
    fn("pg_mq_unregister_idle(text)", Access.USAGE, "SELECT %1$s.pg_mq_unregister_idle('pm_jobs')");
    fn("pg_mq_channel_stats_of(text)", Access.USAGE, "SELECT * FROM %1$s.pg_mq_channel_stats_of('pm_jobs')");
    fn("pg_mq_may_receive(text)", Access.USAGE, "SELECT %1$s.pg_mq_may_receive('pm_jobs')");
    fn("pg_mq_channel(text)", Access.USAGE, "SELECT %1$s.pg_mq_channel('pm_jobs')");
    fn("pg_mq_channel_for_get(text, integer, boolean)", Access.USAGE,
        "SELECT %1$s.pg_mq_channel_for_get('pm_jobs', 1, true)");
    fn("pg_mq_check_channel_name(text)", Access.USAGE, "SELECT %1$s.pg_mq_check_channel_name('pm_jobs')");
    fn("pg_mq_check_role(text, name)", Access.USAGE, "SELECT %1$s.pg_mq_check_role('pm_jobs', '%2$s')");
    fn("pg_mq_channel_for_jsonb(text, integer)", Access.USAGE,
        "SELECT %1$s.pg_mq_channel_for_jsonb('pm_events', 1)");
    fn("pg_mq_bin_form(text)", Access.USAGE, "SELECT %1$s.pg_mq_bin_form('jsonb')");
    fn("pg_mq_contract_name(text)", Access.USAGE, "SELECT %1$s.pg_mq_contract_name('pgmq_Event_id')");
    fn("pg_mq_json_conforms(jsonb, text, text, text[], text[], boolean[], text[])", Access.USAGE,
        "SELECT %1$s.pg_mq_json_conforms('{}'::jsonb, 'pm_events', 'Event', '{}', '{}', '{}', '{pgmq_Event}')");
    fn("pg_mq_json_contract_checks(text, jsonb)", Access.USAGE,
        "SELECT * FROM %1$s.pg_mq_json_contract_checks('pm_events', '{\"message\": \"Event\", \"fields\": {}}')");
    fn("pg_mq_check_xml(text, text)", Access.USAGE, "SELECT %1$s.pg_mq_check_xml('pm_jobs', '<a/>')");
    fn("pg_mq_payload_mismatch(text, text, text)", Access.USAGE,
        "SELECT %1$s.pg_mq_payload_mismatch('pm_jobs', 'text', 'bytea')");
    fn("pg_mq_check_interval(text, text, interval, boolean)", Access.USAGE,
        "SELECT %1$s.pg_mq_check_interval('pm_jobs', 'lease', interval '1 second', false)");
    fn("pg_mq_interval_ok(interval, boolean)", Access.USAGE, "SELECT %1$s.pg_mq_interval_ok(interval '1 day', false)");
    fn("pg_mq_interval_rule_sql(text, boolean)", Access.USAGE, "SELECT %1$s.pg_mq_interval_rule_sql('x', false)");
    fn("pg_mq_lease(text, interval, interval)", Access.USAGE,
        "SELECT %1$s.pg_mq_lease('pm_jobs', NULL, interval '30 seconds')");
    fn("pg_mq_backend_alive(integer)", Access.USAGE, "SELECT %1$s.pg_mq_backend_alive(pg_backend_pid())");
    fn("pg_mq_base_type(regtype)", Access.USAGE, "SELECT %1$s.pg_mq_base_type('bytea')");
    fn("pg_mq_notify_ready(text, text, bigint[])", Access.USAGE,
        "SELECT %1$s.pg_mq_notify_ready('pm_jobs', 'always', ARRAY[1::bigint])");
    fn("pg_mq_ack_sql(name)", Access.USAGE, "SELECT %1$s.pg_mq_ack_sql('pg_mq_queue_pm_jobs')");
    fn("pg_mq_claim_sql(name, text)", Access.USAGE, "SELECT %1$s.pg_mq_claim_sql('pg_mq_queue_pm_jobs', 'text')");
    fn("pg_mq_claim_sql(name, text, integer)", Access.USAGE,
        "SELECT %1$s.pg_mq_claim_sql('pg_mq_queue_pm_jobs', 'text', 10)");
    fn("pg_mq_claim_statement(name, text, text, text)", Access.USAGE,
        "SELECT %1$s.pg_mq_claim_statement('pg_mq_queue_pm_jobs', 'text', '10', 'NULL')");
    fn("pg_mq_claim_locked_sql(name, text, integer)", Access.USAGE,
        "SELECT %1$s.pg_mq_claim_locked_sql('pg_mq_queue_pm_jobs', 'text', 10)");
    fn("pg_mq_claim_locked_statement(name, text, text)", Access.USAGE,
        "SELECT %1$s.pg_mq_claim_locked_statement('pg_mq_queue_pm_jobs', 'text', '10')");
    fn("pg_mq_complete_sql(name)", Access.USAGE, "SELECT %1$s.pg_mq_complete_sql('pg_mq_queue_pm_jobs')");
    fn("pg_mq_get_sql(name, text, boolean)", Access.USAGE,
        "SELECT %1$s.pg_mq_get_sql('pg_mq_queue_pm_jobs', 'text', false)");
    fn("pg_mq_get_payload(text)", Access.USAGE, "SELECT %1$s.pg_mq_get_payload('text')");
    fn("pg_mq_get_statement(name, text, text, text)", Access.USAGE,
        "SELECT %1$s.pg_mq_get_statement('pg_mq_queue_pm_jobs', 'text', '1', NULL)");
    fn("pg_mq_get_branch(name, text, boolean, boolean)", Access.USAGE,
        "SELECT %1$s.pg_mq_get_branch('pg_mq_queue_pm_jobs', 'text', true, false)");
    fn("pg_mq_dedup_branch(text, name)", Access.USAGE,
        "SELECT %1$s.pg_mq_dedup_branch('pm_jobs', 'pg_mq_queue_pm_jobs')");
    fn("pg_mq_route_tree(text[], text[], integer, integer)", Access.USAGE,
        "SELECT %1$s.pg_mq_route_tree(ARRAY['pm_jobs'], ARRAY['NULL;'], 1, 1)");
    fn("pg_mq_send_branch(text, name, text, text)", Access.USAGE,
        "SELECT %1$s.pg_mq_send_branch('pm_jobs', 'pg_mq_queue_pm_jobs', 'text', 'text')");
    fn("pg_mq_send_tree(text[], name[], text[], integer, integer, text)", Access.USAGE,
        "SELECT %1$s.pg_mq_send_tree(ARRAY['pm_jobs'], ARRAY['pg_mq_queue_pm_jobs']::name[], ARRAY['text'], 1, 1,"
            + " 'text')");
    // trigger functions run as whoever writes the row: senders (notify), admins (catalog settings)
    fn("pg_mq_notify()", Access.USAGE, "SELECT %1$s.pg_mq_notify()");
    fn("pg_mq_notify_when_idle()", Access.USAGE, "SELECT %1$s.pg_mq_notify_when_idle()");
    fn("pg_mq_catalog_settings_checked()", Access.USAGE, "SELECT %1$s.pg_mq_catalog_settings_checked()");
  }

  /**
   * The columns of a channel table; the privileges each role has on them, as the grant tables of README.md and
   * docs/privileges.md state (GrantTableDocTest).
   */
  static final List<String> COLUMNS = List.of("msg_id", "sent_at", "sent_by", "was_delivered", "payload",
      "visible_at", "attempts", "lease_token", "last_error", "dead_at", "headers", "dedup_key");

  static final Set<String> SENDER_INSERTS = Set.of("payload", "visible_at", "headers", "dedup_key");
  static final Set<String> SENDER_SELECTS = Set.of("msg_id");
  static final Set<String> RECEIVER_UPDATES = Set.of("was_delivered", "visible_at", "attempts", "lease_token",
      "last_error", "dead_at");

  private PrivilegeMatrix() {}

  /** Whether role may take privilege (SELECT, INSERT, UPDATE, DELETE) on column (null for DELETE). */
  static boolean columnAllowed(Role role, String privilege, String column) {
    return switch (role) {
      case OWNER -> true;
      case SENDER -> privilege.equals("INSERT") && SENDER_INSERTS.contains(column)
          || privilege.equals("SELECT") && SENDER_SELECTS.contains(column);
      case RECEIVER -> privilege.equals("SELECT") || privilege.equals("DELETE")
          || privilege.equals("UPDATE") && RECEIVER_UPDATES.contains(column);
      case ADMIN, USAGE_ONLY, NONE -> false;
    };
  }

  private static void fn(String signature, Access access, String call) {
    FUNCTIONS.put(signature, new Function(access, call));
  }
}
