package io.pgmq.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps README.md and docs/**&#47;*.md honest against the code: every relative link resolves to a file (and its
 * {@code #anchor} to a heading), every {@code pg_mq_*} name exists in pgmq's SQL core, and every manifest key exists
 * in the manifest's JSON Schema. Runs without a database. The truths it reads are themselves checked elsewhere:
 * {@code pgmq-schema/definitions/current.sql} by {@code CurrentDefinitionsTest}, the JSON Schema by the codegen
 * plugin's {@code SettingsTableTest}.
 */
class DocsTest {

  private static final Path ROOT = Path.of("..");
  private static final Path DEFINITIONS = ROOT.resolve("pgmq-schema/definitions/current.sql");
  private static final Path MIGRATIONS = ROOT.resolve("pgmq-schema/src/main/resources/db/pgmq");
  private static final Path SCHEMA =
      ROOT.resolve("pgmq-codegen-maven-plugin/src/main/resources/io/pgmq/codegen/channels.schema.json");

  /** A markdown link or image: {@code [text](target)}; the target has no spaces. */
  private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*\\]\\(([^)\\s]+)\\)");
  private static final Pattern FENCE = Pattern.compile("(?m)^\\s*```");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$");
  private static final Pattern PGMQ_NAME = Pattern.compile("\\bpg_mq_[a-z0-9_]*");
  private static final Pattern FUNCTION = Pattern.compile("(?m)^CREATE OR REPLACE FUNCTION [a-z_]+\\.(pg_mq_[a-z0-9_]+)\\(");
  private static final Pattern RELATION = Pattern.compile(
      "(?i)CREATE\\s+(?:UNLOGGED\\s+)?(?:TABLE|VIEW)\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(pg_mq_[a-z0-9_]+)");
  /**
   * What pgmq names per channel, {@code <prefix><channel>}: the queue table and, since V10, its primary key, ready
   * index, msg_id sequence and when_idle count ({@code pg_mq_name_channel_objects}).
   */
  private static final List<String> PER_CHANNEL = List.of("pg_mq_queue_", "pg_mq_pkey_", "pg_mq_ready_",
      "pg_mq_msgid_", "pg_mq_wake_");
  /** An inline code span that is a manifest key, alone or with a value: {@code `notify: when_idle`}. */
  private static final Pattern INLINE_KEY = Pattern.compile("`([a-z_]+):( [^`]*)?`");
  /** The keys of a YAML flow mapping's entries, {@code { send: [a], receive: [b] }}. */
  private static final Pattern FLOW_KEY = Pattern.compile("[{,]\\s*([a-z_]+):");

  @Test
  void everyRelativeLink_resolvesToAFileAndHeading() {
    List<String> broken = new ArrayList<>();
    for (Path page : pages()) {
      String text = withoutCode(read(page));
      Matcher m = LINK.matcher(text);
      while (m.find()) {
        String target = m.group(1);
        if (target.matches("(?i)[a-z][a-z0-9+.-]*:.*")) {
          continue; // https:, mailto:: not ours to check offline
        }
        int hash = target.indexOf('#');
        String file = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        String where = name(page) + ":" + line(read(page), m.group()) + ": link " + target;
        if (!Files.exists(resolved)) {
          broken.add(where + ": no file " + name(resolved) + "; fix the path or write the page");
        } else if (anchor != null && !anchors(resolved).contains(anchor)) {
          broken.add(where + ": " + name(resolved) + " has no heading with anchor #" + anchor + " (it has "
              + anchors(resolved) + ")");
        }
      }
    }
    assertThat(broken).as("broken links in README.md and docs/").isEmpty();
  }

  @Test
  void everyPgmqName_existsInTheSqlCore() {
    Set<String> functions = matches(FUNCTION, read(DEFINITIONS));
    Set<String> relations = new TreeSet<>();
    try (Stream<Path> files = Files.list(MIGRATIONS)) {
      files.filter(f -> f.toString().endsWith(".sql")).forEach(f -> relations.addAll(matches(RELATION, read(f))));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(functions).as("functions read from %s", DEFINITIONS).contains("pg_mq_send_message");
    assertThat(relations).as("tables and views read from %s", MIGRATIONS).contains("pg_mq_config_catalog");

    List<String> unknown = new ArrayList<>();
    for (Path page : pages()) {
      String text = read(page);
      Matcher m = PGMQ_NAME.matcher(text);
      while (m.find()) {
        String name = m.group();
        boolean called = text.startsWith("(", m.end());
        boolean known = functions.contains(name)
            || !called && (relations.contains(name) || PER_CHANNEL.stream().anyMatch(name::startsWith)
                || name.equals("pg_mq_") && text.startsWith("*", m.end()));
        if (!known) {
          unknown.add(name(page) + ":" + lineAt(text, m.start()) + ": " + name + (called ? "(...)" : "")
              + " is not " + (called ? "a function" : "a function, table or view") + " of pgmq's SQL core ("
              + name(DEFINITIONS) + "); correct the name or drop it");
        }
      }
    }
    assertThat(unknown).as("pg_mq_* names in README.md and docs/").isEmpty();
  }

  @Test
  void everyManifestKey_existsInTheJsonSchema() {
    ManifestKeys keys = ManifestKeys.of(read(SCHEMA));
    assertThat(keys.channel).as("channel keys read from %s", SCHEMA).contains("type", "retired");

    List<String> unknown = new ArrayList<>();
    for (Path page : pages()) {
      String text = read(page);
      for (Block block : yamlBlocks(text)) {
        keys.check(block, name(page), unknown);
      }
      Matcher m = INLINE_KEY.matcher(withoutCode(text));
      while (m.find()) {
        String key = m.group(1);
        String where = name(page) + ":" + line(text, m.group()) + ": `" + key + ":`";
        if (!keys.all.contains(key)) {
          unknown.add(where + " is not a manifest key (" + keys.all + ")");
        }
        if (m.group(2) != null) {
          Set<String> children = keys.nested.getOrDefault(key, keys.all);
          for (String inner : matches(FLOW_KEY, m.group(2))) {
            if (!children.contains(inner)) {
              unknown.add(where + ": " + inner + " is not a key of " + key + " (" + children + ")");
            }
          }
        }
      }
    }
    assertThat(unknown).as("manifest keys in README.md and docs/ (the JSON Schema is %s)", SCHEMA).isEmpty();
  }

  @Test
  void readme_firstCommandsNameWhatTheBuildMakes() throws IOException {
    String readme = read(ROOT.resolve("README.md"));
    String demo = "./mvnw -q -B package -DskipTests -pl example-app -am"
        + " && java -jar example-app/target/pgmq-example-app.jar demo";
    assertThat(readme).as("README.md's first screen").contains(demo + "\n./mvnw -B verify\n");

    assertThat(read(ROOT.resolve("example-app/pom.xml")))
        .as("example-app/pom.xml must still build target/pgmq-example-app.jar, as README's command runs it")
        .contains("<finalName>pgmq-example-app</finalName>");
    try (Stream<Path> sources = Files.walk(ROOT.resolve("example-app/src/main/java"))) {
      assertThat(sources.filter(f -> f.toString().endsWith(".java")).map(DocsTest::read))
          .as("example-app's CLI must still have the demo command README runs")
          .anyMatch(source -> source.contains("@Command(name = \"demo\""));
    }
  }

  // --- the pages -------------------------------------------------------------------------------------------------

  /** README.md and every markdown file under docs/, sorted. */
  private static List<Path> pages() {
    List<Path> pages = new ArrayList<>(List.of(ROOT.resolve("README.md")));
    try (Stream<Path> walk = Files.walk(ROOT.resolve("docs"))) {
      walk.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertThat(pages).as("markdown pages").hasSizeGreaterThan(5);
    return pages;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).replace("\r\n", "\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String name(Path file) {
    return ROOT.toAbsolutePath().normalize().relativize(file.toAbsolutePath().normalize()).toString()
        .replace('\\', '/');
  }

  /** The text with fenced code blocks blanked out (line breaks kept, so that line numbers stay right). */
  private static String withoutCode(String text) {
    StringBuilder out = new StringBuilder();
    boolean code = false;
    for (String line : text.split("\n", -1)) {
      if (FENCE.matcher(line).lookingAt()) {
        code = !code;
        out.append('\n');
      } else {
        out.append(code ? "" : line).append('\n');
      }
    }
    return out.toString();
  }

  private static int line(String text, String found) {
    int at = text.indexOf(found);
    return at < 0 ? 0 : lineAt(text, at);
  }

  private static int lineAt(String text, int offset) {
    return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  /** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces to '-', repeats numbered. */
  private static Set<String> anchors(Path page) {
    Set<String> anchors = new TreeSet<>();
    if (!page.toString().endsWith(".md")) {
      return anchors;
    }
    Map<String, Integer> seen = new HashMap<>();
    Matcher m = HEADING.matcher(withoutCode(read(page)));
    while (m.find()) {
      String slug = m.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
      int n = seen.merge(slug, 1, Integer::sum) - 1;
      anchors.add(n == 0 ? slug : slug + "-" + n);
    }
    return anchors;
  }

  // --- manifests in the pages ------------------------------------------------------------------------------------

  /** A YAML code block and the line of the page it starts on. */
  private record Block(int line, List<String> lines) {}

  /**
   * The page's YAML blocks that are manifests or parts of one: a block with a top-level {@code channels:} or
   * {@code package:}, or one that starts indented (channel entries cut from a manifest). Other YAML (a Spring
   * {@code application.yaml}) is not a manifest and is left alone.
   */
  private static List<Block> yamlBlocks(String text) {
    List<Block> blocks = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].trim().matches("```ya?ml")) {
        int start = i + 1;
        int fenceIndent = lines[i].indexOf('`'); // a block inside a list item is indented with its fence
        List<String> body = new ArrayList<>();
        for (i = start; i < lines.length && !lines[i].trim().equals("```"); i++) {
          String line = lines[i];
          int cut = 0;
          while (cut < fenceIndent && cut < line.length() && line.charAt(cut) == ' ') {
            cut++;
          }
          body.add(stripComment(line.substring(cut)));
        }
        List<String> content = body.stream().filter(l -> !l.isBlank()).toList();
        boolean manifest = content.stream().anyMatch(l -> l.startsWith("channels:") || l.startsWith("package:"))
            || !content.isEmpty() && Character.isWhitespace(content.get(0).charAt(0));
        if (manifest) {
          blocks.add(new Block(start + 1, body));
        }
      }
    }
    return blocks;
  }

  private static String stripComment(String line) {
    Matcher m = Pattern.compile("(^|\\s)#").matcher(line);
    return m.find() ? line.substring(0, m.start()) : line;
  }

  /** The manifest's keys as the JSON Schema declares them. */
  private static final class ManifestKeys {
    final Set<String> top = new TreeSet<>();
    final Set<String> channel = new TreeSet<>();
    /** The keys of a nested block ({@code grants}, {@code backoff}, {@code retention}), by its key. */
    final Map<String, Set<String>> nested = new LinkedHashMap<>();
    final Set<String> all = new TreeSet<>();

    @SuppressWarnings("unchecked")
    static ManifestKeys of(String json) {
      Map<String, Object> schema = (Map<String, Object>) new Json(json).value();
      ManifestKeys keys = new ManifestKeys();
      keys.top.addAll(((Map<String, Object>) schema.get("properties")).keySet());
      Map<String, Object> entry = (Map<String, Object>) ((Map<String, Object>) schema.get("$defs")).get("channel");
      Map<String, Object> properties = (Map<String, Object>) entry.get("properties");
      keys.channel.addAll(properties.keySet());
      properties.forEach((key, value) -> {
        Object inner = value instanceof Map<?, ?> m ? m.get("properties") : null;
        if (inner instanceof Map<?, ?> m) {
          keys.nested.put(key, new TreeSet<>((Set<String>) m.keySet()));
        }
      });
      keys.all.addAll(keys.top);
      keys.all.addAll(keys.channel);
      keys.nested.values().forEach(keys.all::addAll);
      // the keys of a message, a field and a field's type ({ type:, optional:, enum:, open: })
      ((Map<String, Object>) schema.get("$defs")).forEach((name, def) -> {
        if (!name.equals("channel")) {
          collectProperties(def, keys.all);
        }
      });
      return keys;
    }

    /** Adds the names under every {@code properties} in {@code node}, at any depth. */
    @SuppressWarnings("unchecked")
    private static void collectProperties(Object node, Set<String> into) {
      if (node instanceof Map<?, ?> map) {
        if (map.get("properties") instanceof Map<?, ?> properties) {
          into.addAll((Set<String>) properties.keySet());
        }
        map.values().forEach(value -> collectProperties(value, into));
      } else if (node instanceof List<?> list) {
        list.forEach(value -> collectProperties(value, into));
      }
    }

    /** Where a YAML line sits: what its keys must be. */
    private enum Context { TOP, CHANNELS, CHANNEL, BLOCK, OTHER }

    /** A mapping line's indentation and what its children are. */
    private record Level(int indent, Context children, String key) {}

    /**
     * Checks a manifest block by indentation: top-level keys; under {@code channels:} the channel names (any name)
     * and their keys; under a block key ({@code backoff:}) its members; flow mappings ({@code { a: 1 }}) the same
     * way. A block that starts indented is a cut of channel entries.
     */
    void check(Block block, String page, List<String> unknown) {
      Pattern entry = Pattern.compile("^(\\s*)([A-Za-z_][A-Za-z0-9_-]*):(.*)$");
      boolean fragment = block.lines.stream().filter(l -> !l.isBlank()).findFirst()
          .map(l -> Character.isWhitespace(l.charAt(0))).orElse(false);
      List<Level> stack = new ArrayList<>(List.of(new Level(-1, fragment ? Context.CHANNELS : Context.TOP, null)));
      for (int i = 0; i < block.lines.size(); i++) {
        Matcher m = entry.matcher(block.lines.get(i));
        if (!m.matches()) {
          continue;
        }
        int indent = m.group(1).length();
        String key = m.group(2);
        String value = m.group(3).trim();
        String where = page + ":" + (block.line + i) + ": ";
        while (stack.get(stack.size() - 1).indent >= indent) {
          stack.remove(stack.size() - 1);
        }
        Level parent = stack.get(stack.size() - 1);
        Context children = switch (parent.children) {
          case TOP -> {
            expect(top, key, where, "a top-level key", unknown);
            yield key.equals("channels") ? Context.CHANNELS : Context.OTHER;
          }
          case CHANNELS -> {
            checkFlow(value, channel, where, "a channel entry", unknown);
            yield Context.CHANNEL;
          }
          case CHANNEL -> {
            expect(channel, key, where, "a channel key", unknown);
            if (nested.containsKey(key)) {
              checkFlow(value, nested.get(key), where, key, unknown);
              yield Context.BLOCK;
            }
            yield Context.OTHER;
          }
          case BLOCK -> {
            expect(nested.get(parent.key), key, where, "a key of " + parent.key, unknown);
            yield Context.OTHER;
          }
          case OTHER -> Context.OTHER;
        };
        stack.add(new Level(indent, children, key));
      }
    }

    /** Checks a flow mapping's keys against expected, and those of its nested blocks against theirs. */
    private void checkFlow(String value, Set<String> expected, String where, String owner, List<String> unknown) {
      if (!value.startsWith("{")) {
        return;
      }
      flowEntries(value).forEach((key, inner) -> {
        expect(expected, key, where, "a key of " + owner, unknown);
        if (expected == channel && nested.containsKey(key)) {
          checkFlow(inner, nested.get(key), where, key, unknown);
        }
      });
    }

    /** The entries of a flow mapping {@code { a: 1, b: { c: 2 }, d: [x, y] }}: key to its value's text. */
    private static Map<String, String> flowEntries(String flow) {
      Map<String, String> entries = new LinkedHashMap<>();
      String body = flow.trim();
      body = body.substring(1, body.lastIndexOf('}') < 0 ? body.length() : body.lastIndexOf('}'));
      int depth = 0;
      int start = 0;
      for (int i = 0; i <= body.length(); i++) {
        char c = i < body.length() ? body.charAt(i) : ',';
        if (c == '{' || c == '[') {
          depth++;
        } else if (c == '}' || c == ']') {
          depth--;
        } else if (c == ',' && depth == 0) {
          String item = body.substring(start, i).trim();
          int colon = item.indexOf(':');
          if (colon > 0) {
            entries.put(item.substring(0, colon).trim(), item.substring(colon + 1).trim());
          }
          start = i + 1;
        }
      }
      return entries;
    }

    private static void expect(Set<String> keys, String key, String where, String what, List<String> unknown) {
      if (keys == null || !keys.contains(key)) {
        unknown.add(where + key + " is not " + what + " in the manifest's JSON Schema (" + keys + ")");
      }
    }
  }

  /** Just enough JSON for the schema file: objects, arrays, strings, numbers, true, false, null. */
  private static final class Json {
    private final String text;
    private int at;

    Json(String text) {
      this.text = text;
    }

    Object value() {
      skip();
      char c = text.charAt(at);
      if (c == '{') {
        Map<String, Object> object = new LinkedHashMap<>();
        at++;
        skip();
        if (text.charAt(at) == '}') {
          at++;
          return object;
        }
        do {
          skip();
          String key = string();
          skip();
          at++; // ':'
          object.put(key, value());
          skip();
        } while (text.charAt(at++) == ',');
        return object;
      }
      if (c == '[') {
        List<Object> array = new ArrayList<>();
        at++;
        skip();
        if (text.charAt(at) == ']') {
          at++;
          return array;
        }
        do {
          array.add(value());
          skip();
        } while (text.charAt(at++) == ',');
        return array;
      }
      if (c == '"') {
        return string();
      }
      int start = at;
      while (at < text.length() && ",}] \n\r\t".indexOf(text.charAt(at)) < 0) {
        at++;
      }
      return text.substring(start, at);
    }

    private String string() {
      StringBuilder s = new StringBuilder();
      at++; // opening quote
      while (text.charAt(at) != '"') {
        char c = text.charAt(at++);
        if (c == '\\') {
          char e = text.charAt(at++);
          switch (e) {
            case 'n' -> s.append('\n');
            case 't' -> s.append('\t');
            case 'r' -> s.append('\r');
            case 'b' -> s.append('\b');
            case 'f' -> s.append('\f');
            case 'u' -> {
              s.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
              at += 4;
            }
            default -> s.append(e);
          }
        } else {
          s.append(c);
        }
      }
      at++;
      return s.toString();
    }

    private void skip() {
      while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
        at++;
      }
    }
  }
}
