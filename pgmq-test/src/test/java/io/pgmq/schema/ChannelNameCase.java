package io.pgmq.schema;

import io.pgmq.schema.ChannelName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
* Test fixture: the shared list of channel names and verdicts, {@code pgmq-schema/src/test/resources/channel-names.tsv}
* (read from the source tree: surefire runs in this module's folder). The SQL, runtime and codegen tests each run it.
*/
record ChannelNameCase(String name, Optional<ChannelName.Reason> refusal) {

  static final Path FILE = Path.of("../pgmq-schema/src/test/resources/channel-names.tsv");

  static List<ChannelNameCase> all() {
    try {
      List<ChannelNameCase> cases = new ArrayList<>();
      for (String line : Files.readAllLines(FILE, StandardCharsets.UTF_8)) {
        if (line.isEmpty() || line.startsWith("#")) {
          continue;
        }
        int tab = line.indexOf('\t');
        String verdict = line.substring(0, tab);
        Optional<ChannelName.Reason> refusal = verdict.equals("valid") ? Optional.empty()
            : Optional.of(ChannelName.Reason.valueOf(verdict.replace("invalid:", "").toUpperCase(Locale.ROOT)));
        cases.add(new ChannelNameCase(unescape(line.substring(tab + 1)), refusal));
      }
      return cases;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String unescape(String text) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      char next = text.charAt(++i);
      switch (next) {
        case 't' -> out.append('\t');
        case 'n' -> out.append('\n');
        case 'r' -> out.append('\r');
        case 'u' -> {
          out.append((char) Integer.parseInt(text.substring(i + 1, i + 5), 16));
          i += 4;
        }
        default -> out.append(next);
      }
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return refusal.map(r -> "invalid:" + r.name().toLowerCase(Locale.ROOT)).orElse("valid") + " "
        + name.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }
}
