package io.pgmq.codegen.migrate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Lists and reads pgmq-schema's core scripts ({@code db/pgmq/V*__*.sql}) from the class path. */
final class CoreScripts {

    static final String FOLDER = "db/pgmq";

    private CoreScripts() {
    }

    /** A core script: its file name (e.g. {@code V1__core.sql}) and text. */
    record CoreScript(String fileName, String sql) {

        MigrationVersion version() {
            return MigrationVersion.ofFileName(fileName).orElseThrow();
        }
    }

    /** Every core script visible to the loader, in version order. */
    static List<CoreScript> load(ClassLoader loader) throws IOException {
        Set<String> names = new TreeSet<>();
        Enumeration<URL> folders = loader.getResources(FOLDER);
        while (folders.hasMoreElements()) {
            names.addAll(list(folders.nextElement()));
        }
        List<CoreScript> scripts = new ArrayList<>();
        for (String name : names) {
            if (MigrationVersion.ofFileName(name).isEmpty()) {
                continue;
            }
            try (InputStream in = loader.getResourceAsStream(FOLDER + "/" + name)) {
                if (in == null) {
                    throw new IOException("cannot read " + FOLDER + "/" + name + " from the class path");
                }
                scripts.add(new CoreScript(name, new String(in.readAllBytes(), StandardCharsets.UTF_8)
                        .replace("\r\n", "\n")));
            }
        }
        scripts.sort(Comparator.comparing(CoreScript::version));
        return List.copyOf(scripts);
    }

    private static List<String> list(URL folder) throws IOException {
        List<String> names = new ArrayList<>();
        if ("file".equals(folder.getProtocol())) {
            try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
                files.forEach(f -> names.add(f.getFileName().toString()));
            } catch (URISyntaxException e) {
                throw new IOException("bad class path folder " + folder, e);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            return names;
        }
        URLConnection connection = folder.openConnection();
        if (connection instanceof JarURLConnection jar) {
            jar.setUseCaches(false);
            try (JarFile file = jar.getJarFile()) {
                Enumeration<JarEntry> entries = file.entries();
                while (entries.hasMoreElements()) {
                    String entry = entries.nextElement().getName();
                    if (entry.startsWith(FOLDER + "/") && entry.indexOf('/', FOLDER.length() + 1) < 0
                            && entry.length() > FOLDER.length() + 1) {
                        names.add(entry.substring(FOLDER.length() + 1));
                    }
                }
            }
        }
        return names;
    }
}
