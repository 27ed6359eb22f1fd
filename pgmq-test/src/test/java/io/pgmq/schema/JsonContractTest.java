package io.pgmq.schema;

import static io.pgmq.schema.Sql.column;
import static io.pgmq.schema.Sql.createQueue;
import static io.pgmq.schema.Sql.exec;
import static io.pgmq.schema.Sql.hint;
import static io.pgmq.schema.Sql.message;
import static io.pgmq.schema.Sql.sendText;
import static io.pgmq.schema.Sql.sqlError;
import static io.pgmq.schema.Sql.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.pgmq.test.PgmqDatabase;
import io.pgmq.test.PgmqTest;
import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;

/**
 * pg_mq_set_json_contract (V12): one CHECK constraint pgmq_&lt;message&gt; calling a generated function, whose 23514
 * names channel, message and field in its message and carries the constraint name pgmq_&lt;message&gt;_&lt;field&gt;;
 * replaced by the next contract, removed by NULL; a malformed contract is refused naming what to fix.
 */
@PgmqTest
class JsonContractTest {

  private static final String ORDER_PLACED = """
      {"message": "OrderPlaced", "fields": {
         "order_id": {"type": "number", "required": true},
         "lines": {"type": "array", "required": true},
         "coupon": {"type": "string", "required": false, "description": "Promotion code, if any."}}}""";

  @Test
  void missingRequiredField_isRefusedNamingMessageAndField(PgmqDatabase db) throws SQLException {
    try (Connection c = contracted(db, "jc_missing")) {
      PSQLException e = sqlError(() -> sendText(c, "jc_missing", "{\"order_id\": 1}"));

      assertThat(e.getSQLState()).isEqualTo("23514");
      assertThat(e.getServerErrorMessage().getConstraint()).isEqualTo("pgmq_OrderPlaced_lines");
      assertThat(message(e)).isEqualTo(
          "channel \"jc_missing\": message OrderPlaced: field \"lines\" is required, a JSON array, but it is missing");
    }
  }

  @Test
  void requiredFieldOfTheWrongJsonType_isRefused(PgmqDatabase db) throws SQLException {
    try (Connection c = contracted(db, "jc_type")) {
      PSQLException e = sqlError(() -> sendText(c, "jc_type", "{\"order_id\": \"7\", \"lines\": []}"));

      assertThat(e.getServerErrorMessage().getConstraint()).isEqualTo("pgmq_OrderPlaced_order_id");
      assertThat(message(e)).endsWith("field \"order_id\" is required, a JSON number, but it is a JSON string");
    }
  }

  @Test
  void requiredFieldThatIsNull_isRefused(PgmqDatabase db) throws SQLException {
    try (Connection c = contracted(db, "jc_null")) {
      PSQLException e = sqlError(() -> sendText(c, "jc_null", "{\"order_id\": null, \"lines\": []}"));

      assertThat(e.getServerErrorMessage().getConstraint()).isEqualTo("pgmq_OrderPlaced_order_id");
    }
  }

  @Test
  void optionalFieldOfTheWrongJsonType_isRefused(PgmqDatabase db) throws SQLException {
    try (Connection c = contracted(db, "jc_optional")) {
      PSQLException e = sqlError(() -> sendText(c, "jc_optional", "{\"order_id\": 1, \"lines\": [], \"coupon\": 5}"));

      assertThat(e.getServerErrorMessage().getConstraint()).isEqualTo("pgmq_OrderPlaced_coupon");
    }
  }

  @Test
  void payloadThatIsNotAnObject_isRefusedNamingTheMessage(PgmqDatabase db) throws SQLException {
    try (Connection c = contracted(db, "jc_array")) {
      for (String payload : new String[] {"[1, 2]", "\"order_id\"", "42"}) {
        PSQLException e = sqlError(() -> sendText(c, "jc_array", payload));

        assertThat(e.getServerErrorMessage().getConstraint()).as(payload).isEqualTo("pgmq_OrderPlaced");
      }
    }
  }

  @Test
  void extraFieldsAndAbsentOrNullOptionalFields_areAccepted(PgmqDatabase db) throws SQLException {
    try (Connection c = contracted(db, "jc_fine")) {
      sendText(c, "jc_fine", "{\"order_id\": 1, \"lines\": [], \"added_later\": {\"x\": true}}");
      sendText(c, "jc_fine", "{\"order_id\": 2, \"lines\": [{\"sku\": \"a\"}], \"coupon\": null}");
      sendText(c, "jc_fine", "{\"order_id\": 3.5, \"lines\": [], \"coupon\": \"SPRING\"}");

      assertThat(value(c, Long.class, "SELECT count(*) FROM pg_mq_queue_jc_fine")).isEqualTo(3);
    }
  }

  @Test
  void constraint_isNamedForTheMessageAndCommentedWithItsFields(PgmqDatabase db) throws SQLException {
    try (Connection c = contracted(db, "jc_names")) {
      assertThat(column(c, String.class, "SELECT conname || ': ' || obj_description(oid, 'pg_constraint')"
          + " FROM pg_constraint WHERE conrelid = 'pg_mq_queue_jc_names'::regclass AND contype = 'c'"
          + " AND conname <> 'pg_mq_headers_valid'"))
          .containsExactly("pgmq_OrderPlaced: pgmq json contract of channel \"jc_names\": message OrderPlaced, a JSON"
              + " object: coupon string (optional), lines array (required), order_id number (required)");
      assertThat(value(c, String.class, "SELECT obj_description('pgmq_json_jc_names(jsonb)'::regprocedure)"))
          .startsWith("pgmq json contract of channel \"jc_names\"");
    }
  }

  @Test
  void longNames_stayWithin63BytesAndDeterministic(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "jc_long", "jsonb");
      exec(c, "SELECT pg_mq_set_json_contract('jc_long', ?::jsonb)", "{\"message\":"
          + " \"AVeryLongMessageNameThatGoesOnAndOnAndOn\", \"fields\":"
          + " {\"a_field_name_that_is_long_as_well\": {\"type\": \"number\", \"required\": true}}}");

      String name = sqlError(() -> sendText(c, "jc_long", "{}")).getServerErrorMessage().getConstraint();
      assertThat(name).hasSizeLessThanOrEqualTo(63).startsWith("pgmq_AVeryLongMessageNameThatGoesOnAndOnAndOn_a_")
          .matches(".*_[0-9a-f]{8}");
      assertThat(value(c, String.class, "SELECT pg_mq_contract_name(?)",
          "pgmq_AVeryLongMessageNameThatGoesOnAndOnAndOn_a_field_name_that_is_long_as_well")).isEqualTo(name);
    }
  }

  @Test
  void newContract_replacesTheOldConstraints(PgmqDatabase db) throws SQLException {
    try (Connection c = contracted(db, "jc_replace")) {
      exec(c, "SELECT pg_mq_set_json_contract('jc_replace', ?::jsonb)",
          "{\"message\": \"OrderPlaced\", \"fields\": {\"order_id\": {\"type\": \"number\", \"required\": true}}}");

      sendText(c, "jc_replace", "{\"order_id\": 1}");
      assertThat(contractConstraints(c, "jc_replace")).containsExactly("pgmq_OrderPlaced");
      assertThat(sqlError(() -> sendText(c, "jc_replace", "{}")).getServerErrorMessage().getConstraint())
          .isEqualTo("pgmq_OrderPlaced_order_id");
    }
  }

  @Test
  void nullContract_removesTheConstraintsAndLeavesOthers(PgmqDatabase db) throws SQLException {
    try (Connection c = contracted(db, "jc_remove")) {
      Sql.run(c, "ALTER TABLE pg_mq_queue_jc_remove ADD CONSTRAINT app_small CHECK (octet_length(payload::text) < 1000)");

      exec(c, "SELECT pg_mq_set_json_contract('jc_remove', NULL)");

      sendText(c, "jc_remove", "[\"anything\"]");
      assertThat(contractConstraints(c, "jc_remove")).containsExactly("app_small");
      assertThat(value(c, Boolean.class, "SELECT to_regprocedure('pgmq_json_jc_remove(jsonb)') IS NULL")).isTrue();
    }
  }

  @Test
  void contractThatQueuedMessagesBreak_isRefusedAndTheOldOneStays(PgmqDatabase db) throws SQLException {
    try (Connection c = contracted(db, "jc_queued")) {
      sendText(c, "jc_queued", "{\"order_id\": 1, \"lines\": []}");

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_set_json_contract('jc_queued', ?::jsonb)",
          "{\"message\": \"OrderPlaced\", \"fields\": {\"email\": {\"type\": \"string\", \"required\": true}}}"));

      assertThat(e.getSQLState()).isEqualTo("23514");
      assertThat(e.getServerErrorMessage().getConstraint()).isEqualTo("pgmq_OrderPlaced_email");
      assertThat(contractConstraints(c, "jc_queued")).containsExactly("pgmq_OrderPlaced");
      assertThat(sqlError(() -> sendText(c, "jc_queued", "{\"order_id\": 1}")).getServerErrorMessage()
          .getConstraint()).isEqualTo("pgmq_OrderPlaced_lines");
    }
  }

  @Test
  void dropQueue_dropsTheContractFunctionWithTheTable(PgmqDatabase db) throws SQLException {
    try (Connection c = contracted(db, "jc_dropped")) {
      exec(c, "SELECT pg_mq_drop_queue('jc_dropped')");

      assertThat(value(c, Boolean.class, "SELECT to_regprocedure('pgmq_json_jc_dropped(jsonb)') IS NULL")).isTrue();
    }
  }

  /** The generated check has no SET clause: a sender's search_path with decoys ahead of pg_catalog cannot pass it. */
  @Test
  void check_ignoresDecoysOnTheSendersSearchPath(PgmqDatabase db) throws SQLException {
    try (Connection c = contracted(db, "jc_decoys")) {
      Sql.run(c, "CREATE SCHEMA jc_evil");
      Sql.run(c, "CREATE FUNCTION jc_evil.jsonb_typeof(jsonb) RETURNS text LANGUAGE sql AS $$SELECT 'number'$$");
      Sql.run(c, "CREATE FUNCTION jc_evil.always(text, text) RETURNS boolean LANGUAGE sql AS $$SELECT true$$");
      Sql.run(c, "CREATE OPERATOR jc_evil.= (LEFTARG = text, RIGHTARG = text, FUNCTION = jc_evil.always)");
      Sql.run(c, "SET search_path = jc_evil, pg_catalog, public");

      // with the decoy = every comparison would hold, and a message without its required fields would pass
      PSQLException e = sqlError(() -> exec(c, "INSERT INTO public.pg_mq_queue_jc_decoys (payload) VALUES ('{}')"));
      assertThat(e.getServerErrorMessage().getConstraint()).isEqualTo("pgmq_OrderPlaced_lines");
    }
  }

  @Test
  void unknownChannel_isRefusedAsPq001(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_set_json_contract('jc_nowhere', NULL)"));

      assertThat(e.getSQLState()).isEqualTo("PQ001");
      assertThat(message(e)).isEqualTo("channel \"jc_nowhere\" does not exist");
    }
  }

  @Test
  void channelThatIsNotJsonb_isRefusedWithTheFix(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "jc_text", "text");

      PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_set_json_contract('jc_text', ?::jsonb)", ORDER_PLACED));

      assertThat(e.getSQLState()).isEqualTo("PQ004");
      assertThat(message(e)).isEqualTo("channel \"jc_text\" holds text payloads: a json contract needs a jsonb channel");
      assertThat(hint(e)).contains("pg_mq_create_queue('jc_text', 'jsonb')");
    }
  }

  @Test
  void malformedContracts_areRefusedNamingWhatToFix(PgmqDatabase db) throws SQLException {
    try (Connection c = db.connect()) {
      createQueue(c, "jc_bad", "jsonb");
      String[][] cases = {
          {"[]", "channel \"jc_bad\": json contract: expected a JSON object, got array"},
          {"{\"message\": \"OrderPlaced\", \"feilds\": {}}", "channel \"jc_bad\": json contract: unknown key \"feilds\""},
          {"{\"fields\": {}}", "channel \"jc_bad\": json contract: \"message\" must be the message type's name"
              + " (a letter, then letters, digits or '_'), got nothing"},
          {"{\"message\": \"Order Placed\", \"fields\": {}}", "channel \"jc_bad\": json contract: \"message\" must be"
              + " the message type's name (a letter, then letters, digits or '_'), got \"Order Placed\""},
          {"{\"message\": \"OrderPlaced\"}", "channel \"jc_bad\": json contract: \"fields\" of message OrderPlaced"
              + " must be a JSON object of field name to {\"type\": ..., \"required\": ...}, got nothing"},
          {"{\"message\": \"OrderPlaced\", \"fields\": {\"id\": {\"type\": \"long\", \"required\": true}}}",
              "channel \"jc_bad\": json contract: field \"id\" of message OrderPlaced has type \"long\": expected"
                  + " \"number\", \"string\", \"boolean\", \"object\" or \"array\""},
          {"{\"message\": \"OrderPlaced\", \"fields\": {\"id\": {\"type\": \"number\"}}}",
              "channel \"jc_bad\": json contract: field \"id\" of message OrderPlaced needs \"required\": true or"
                  + " false, got nothing"},
          {"{\"message\": \"OrderPlaced\", \"fields\": {\"id\": {\"type\": \"number\", \"required\": true,"
              + " \"optional\": false}}}",
              "channel \"jc_bad\": json contract: field \"id\" of message OrderPlaced has an unknown key \"optional\""},
      };
      for (String[] bad : cases) {
        PSQLException e = sqlError(() -> exec(c, "SELECT pg_mq_set_json_contract('jc_bad', ?::jsonb)", bad[0]));

        assertThat(e.getSQLState()).as(bad[0]).isEqualTo("PQ005");
        assertThat(message(e)).as(bad[0]).isEqualTo(bad[1]);
        assertThat(hint(e)).as(bad[0]).isNotEmpty();
      }
      assertThat(contractConstraints(c, "jc_bad")).isEmpty();
    }
  }

  /** A connection, and a jsonb channel with the OrderPlaced contract. */
  private static Connection contracted(PgmqDatabase db, String channel) throws SQLException {
    Connection c = db.connect();
    createQueue(c, channel, "jsonb");
    exec(c, "SELECT pg_mq_set_json_contract(?, ?::jsonb)", channel, ORDER_PLACED);
    return c;
  }

  private static java.util.List<String> contractConstraints(Connection c, String channel) throws SQLException {
    return column(c, String.class, "SELECT conname::text FROM pg_constraint WHERE conrelid = to_regclass(?)"
        + " AND contype = 'c' AND conname <> 'pg_mq_headers_valid' ORDER BY conname COLLATE \"C\"", "pg_mq_queue_" + channel);
  }
}
