package io.pgmq.test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Pattern;

/** A parsed {@code jdbc:postgresql:} URL, split so its database name can be replaced. */
record JdbcUrl(String head, String database, String query) {

  private static final String PREFIX = "jdbc:postgresql:";
  private static final Pattern PASSWORD_PARAM =
      Pattern.compile("(?i)(^|&)password=[^&]*");

  /**
   * Splits {@code url} into everything before the database name, the name and the query string.
   *
   * @throws IllegalArgumentException if {@code url} is not a {@code jdbc:postgresql:} URL
   */
  static JdbcUrl parse(String url) {
    if (url == null || !url.startsWith(PREFIX)) {
      throw new IllegalArgumentException(
          "PostgreSQL JDBC URL must start with \"" + PREFIX + "\", was \"" + url
              + "\"; use e.g. jdbc:postgresql://127.0.0.1:5432/postgres");
    }
    int q = url.indexOf('?');
    String query = q < 0 ? "" : url.substring(q + 1);
    String base = q < 0 ? url : url.substring(0, q);
    String rest = base.substring(PREFIX.length());
    if (!rest.startsWith("//")) {
      // jdbc:postgresql:database (local host, default port)
      return new JdbcUrl(PREFIX, rest, query);
    }
    int slash = rest.indexOf('/', 2);
    if (slash < 0) {
      return new JdbcUrl(base + "/", "", query);
    }
    String head = PREFIX + rest.substring(0, slash + 1);
    return new JdbcUrl(head, rest.substring(slash + 1), query);
  }

  /** Returns the same URL, query parameters included, pointing at {@code otherDatabase}. */
  String withDatabase(String otherDatabase) {
    return head + otherDatabase + (query.isEmpty() ? "" : "?" + query);
  }

  /** Returns the URL with any {@code password} parameter removed, for messages and logs. */
  String redacted() {
    String cleanQuery = PASSWORD_PARAM.matcher(query).replaceAll("$1password=***");
    return head + database + (cleanQuery.isEmpty() ? "" : "?" + cleanQuery);
  }

  /** Returns the decoded value of query parameter {@code name}, if present. */
  Optional<String> parameter(String name) {
    if (query.isEmpty()) {
      return Optional.empty();
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equalsIgnoreCase(name)) {
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        return Optional.of(URLDecoder.decode(value, StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return redacted();
  }
}
